// The pure helpers of the cluster benchmark and the profile summariser: parsing
// /proc and Prometheus text, event-stream frames, options, min/median/max and
// per-member cost. No timing is asserted.
import { describe, expect, it } from "vitest";
import { deadIdsInFrames } from "../../../bench/cluster/admin-client.js";
import { parseCli, parseOptions } from "../../../bench/cluster/options.js";
import { parseEphemeralLow } from "../../../bench/cluster/ports.js";
import {
  parseLoadAverage,
  parseOpenFilesLimit,
  parseProcStat,
  parseSchedstatSeconds,
  parseSmapsRollup,
  parseThreads,
  readThreadsCpuSeconds,
} from "../../../bench/cluster/proc.js";
import { counterBy, parsePrometheusText } from "../../../bench/cluster/prometheus.js";
import { type Snapshot, steadyCost, windowCpu } from "../../../bench/cluster/resources.js";
import { spread } from "../../../bench/cluster/tables.js";
import { UsageError } from "../../../bench/command-line.js";

describe("/proc parsers", () => {
  it("reads utime and stime after a command name holding spaces and parentheses", () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[14 - 3] = "250";
    fields[15 - 3] = "40";
    const cpu = parseProcStat(`1234 (node (x) y) ${fields.join(" ")}\n`);
    expect(cpu).toEqual({ userSeconds: 2.5, systemSeconds: 0.4 });
  });

  it("rejects a stat line without a command name", () => {
    expect(() => parseProcStat("1234 node S 1")).toThrow(/parentheses/);
  });

  it("reads a thread's CPU time from schedstat, nanoseconds to seconds", () => {
    expect(parseSchedstatSeconds("251234567 1000 42\n")).toBeCloseTo(0.251234567, 9);
    expect(() => parseSchedstatSeconds("\n")).toThrow(/no CPU time/);
  });

  it("sums the CPU of every thread of a running process, and is undefined for a gone one", async () => {
    const own = (await readThreadsCpuSeconds(process.pid)) as number;
    const usage = process.cpuUsage();
    expect(own).toBeGreaterThan(0);
    // Both count every thread of this process; the second reading is taken later.
    expect(own).toBeLessThanOrEqual((usage.user + usage.system) / 1e6 + 0.05);
    expect(await readThreadsCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });

  it("reads RSS, PSS, anonymous and file-backed memory from smaps_rollup, in bytes", () => {
    const rollup = [
      "55874a628000-7ffff1b52000 ---p 00000000 00:00 0                          [rollup]",
      "Rss:               93184 kB",
      "Pss:               51200 kB",
      "Pss_Anon:          40000 kB",
      "Shared_Clean:      45056 kB",
      "Shared_Dirty:          0 kB",
      "Private_Clean:      1024 kB",
      "Private_Dirty:     47104 kB",
      "Anonymous:         48000 kB",
    ].join("\n");
    expect(parseSmapsRollup(rollup)).toEqual({
      rssBytes: 93184 * 1024,
      pssBytes: 51200 * 1024,
      anonymousBytes: 48000 * 1024,
      fileBytes: 45184 * 1024,
    });
    expect(() => parseSmapsRollup("Rss:  1 kB\nAnonymous:  1 kB\n")).toThrow(/no Pss line/);
  });

  it("reads the thread count and the load averages", () => {
    expect(parseThreads("Name:\tnode\nVmRSS:\t   93184 kB\nThreads:\t11\n")).toBe(11);
    expect(() => parseThreads("Name:\tnode\n")).toThrow(/Threads/);
    expect(parseLoadAverage("0.78 2.24 2.35 4/129 7779\n")).toEqual([0.78, 2.24, 2.35]);
  });

  it("reads the soft open-files limit", () => {
    const limits = [
      "Limit                     Soft Limit           Hard Limit           Units     ",
      "Max processes             63432                63432                processes ",
      "Max open files            1024                 524288               files     ",
    ].join("\n");
    expect(parseOpenFilesLimit(limits)).toBe(1024);
    expect(parseOpenFilesLimit(limits.replace("1024 ", "unlimited"))).toBeUndefined();
    expect(() => parseOpenFilesLimit("Max processes 1 1 processes")).toThrow(/Max open files/);
  });
});

describe("ip_local_port_range", () => {
  it("reads the first port of the ephemeral range", () => {
    expect(parseEphemeralLow("32768\t60999\n")).toBe(32768);
    expect(() => parseEphemeralLow("")).toThrow(/expected a port/);
  });
});

describe("Prometheus text", () => {
  const text = [
    "# HELP gossip_messages_sent_total Messages sent",
    "# TYPE gossip_messages_sent_total counter",
    'gossip_messages_sent_total{type="alive"} 120',
    'gossip_messages_sent_total{type="mem_req"} 3',
    'gossip_message_bytes_sent_total{type="alive",note="a \\"quoted\\" value"} 4096',
    "process_cpu_seconds_total 1.5 1700000000000",
    "not a sample",
  ].join("\n");

  it("parses samples with labels, escaped quotes and timestamps, and skips the rest", () => {
    const samples = parsePrometheusText(text);
    expect(samples).toHaveLength(4);
    expect(samples[2]?.labels).toEqual({ type: "alive", note: 'a "quoted" value' });
    expect(samples[3]).toEqual({ name: "process_cpu_seconds_total", labels: {}, value: 1.5 });
  });

  it("finds a counter under its old or its new name", () => {
    const oldNames = parsePrometheusText(text);
    expect(counterBy(oldNames, "messagesSent", "type")).toEqual(
      new Map([
        ["alive", 120],
        ["mem_req", 3],
      ]),
    );
    expect(counterBy(oldNames, "bytesSent", "type")).toEqual(new Map([["alive", 4096]]));
    const renamed = parsePrometheusText('gossip_messages_sent_bytes_total{type="alive"} 7');
    const drops = parsePrometheusText(
      [
        'gossip_messages_dropped_total{type="alive",reason="unknown_identity"} 4',
        'gossip_messages_dropped_total{type="alive",reason="duplicate"} 9',
        'gossip_messages_dropped_total{type="mem_res",reason="duplicate"} 1',
      ].join("\n"),
    );
    expect(counterBy(drops, "messagesDropped", "type", "reason")).toEqual(
      new Map([
        ["alive/unknown_identity", 4],
        ["alive/duplicate", 9],
        ["mem_res/duplicate", 1],
      ]),
    );
    expect(counterBy(renamed, "bytesSent", "type")).toEqual(new Map([["alive", 7]]));
    expect(counterBy(renamed, "messagesSent", "type").size).toBe(0);
  });
});

describe("event stream frames", () => {
  it("returns the PKI-IDs of dead events only", () => {
    const frames = [
      ": membership events",
      'event: joined\ndata: {"kind":"joined","pki_id":"aa"}',
      'event: dead\ndata: {"kind":"dead","pki_id":"bb"}',
    ].join("\n\n");
    expect(deadIdsInFrames(frames)).toEqual(["bb"]);
  });
});

describe("options", () => {
  it("has the issue's defaults and reads durations as the node does", () => {
    const o = parseOptions(["--nodes", "30", "--alive", "500ms"]);
    expect(o).toMatchObject({ nodes: 30, aliveMs: 500, expiryMs: 5_000, reconnectMs: 1_000, repeat: 3 });
    expect(o.clis.map((c) => c.label)).toEqual(["current"]);
    expect(o.timeoutMs).toBe(120_000);
    expect(parseOptions(["--nodes", "50"]).timeoutMs).toBe(200_000);
    expect(parseOptions(["--nodes", "50", "--timeout", "90s"]).timeoutMs).toBe(90_000);
  });

  it("measures one steady window unless --windows asks for more, at most 60", () => {
    expect(parseOptions([]).windows).toBe(1);
    expect(parseOptions(["--windows", "10"]).windows).toBe(10);
    expect(() => parseOptions(["--windows", "0"])).toThrow(/--windows/);
    expect(() => parseOptions(["--windows", "61"])).toThrow(/--windows/);
  });

  it("names a bare --cli after the folder above its dist/, and refuses two CLIs of one name", () => {
    expect(parseCli("/work/bench-baseline/dist/cli/main.js")).toEqual({
      label: "bench-baseline",
      path: "/work/bench-baseline/dist/cli/main.js",
    });
    expect(parseCli("old=/x/dist/cli/main.js").label).toBe("old");
    expect(() => parseOptions(["--cli", "a=/x/main.js", "--cli", "a=/y/main.js"])).toThrow(UsageError);
  });

  it("refuses bad values and unknown options with a usage error", () => {
    expect(() => parseOptions(["--nodes", "0"])).toThrow(/--nodes expects a whole number/);
    expect(() => parseOptions(["--alive", "5"])).toThrow(/--alive/);
    expect(() => parseOptions(["--nodes", "3", "--profile-member", "3"])).toThrow(/--profile-member/);
    expect(() => parseOptions(["--frobnicate"])).toThrow(UsageError);
  });

  it("runs members on the benchmark's own node unless --node names another", () => {
    expect(parseOptions([]).nodeBinary).toBe(process.execPath);
    expect(parseOptions(["--node", "/tmp/n24/node_modules/node/bin/node"]).nodeBinary).toBe(
      "/tmp/n24/node_modules/node/bin/node",
    );
  });
});

describe("spread", () => {
  it("gives min, median and max of the finite values, or undefined when there are none", () => {
    expect(spread([3, undefined, 1, 2, Number.NaN])).toEqual({ min: 1, median: 2, max: 3, count: 3 });
    expect(spread([4, 1])).toMatchObject({ median: 2.5 });
    expect(spread([undefined])).toBeUndefined();
  });
});

describe("steadyCost", () => {
  const MB = 1024 * 1024;
  const reading = (cpuSeconds: number, rssMB: number, alive: number, bytes: number) => ({
    cpu: { userSeconds: cpuSeconds, systemSeconds: 0 },
    memory: {
      rssBytes: rssMB * MB,
      pssBytes: (rssMB / 2) * MB,
      anonymousBytes: (rssMB / 2) * MB,
      fileBytes: (rssMB / 2) * MB,
    },
    sent: new Map([["alive", alive]]),
    bytesSent: bytes,
  });

  it("divides CPU, messages and bytes by the window and the members read at both ends", () => {
    const before: Snapshot = { at: 0, members: [reading(1, 90, 100, 1_000), reading(2, 95, 200, 2_000)] };
    const after: Snapshot = {
      at: 10_000,
      members: [reading(1.2, 100, 400, 31_000), reading(2.4, 120, 500, 32_000)],
    };
    const cost = steadyCost(before, after);
    expect(cost.seconds).toBe(10);
    expect(cost.cpuPercentMean).toBeCloseTo(3);
    expect(cost.cpuPercentMax).toBeCloseTo(4);
    expect(cost.rssMedianBytes).toBe(110 * MB);
    expect(cost.rssMaxBytes).toBe(120 * MB);
    expect(cost.pssMedianBytes).toBe(55 * MB);
    expect(cost.pssMaxBytes).toBe(60 * MB);
    expect(cost.messagesPerMemberPerSec).toBe(30);
    expect(cost.bytesPerMemberPerSec).toBe(3_000);
    expect(cost.messagesByType).toEqual({ alive: 30 });
    expect(cost.unreadable).toBe(0);
    expect(cost.cpuPercentByMember.map((p) => p?.toFixed(1))).toEqual(["2.0", "4.0"]);
    expect(cost.rssBytesByMember).toEqual([100 * MB, 120 * MB]);
  });

  it("keeps a window's CPU per member and its start after convergence", () => {
    const before: Snapshot = { at: 5_000, members: [reading(1, 90, 100, 0)] };
    const after: Snapshot = { at: 15_000, members: [reading(1.5, 90, 200, 0)] };
    expect(windowCpu(steadyCost(before, after), 40_000)).toEqual({
      fromS: 40,
      seconds: 10,
      cpuPercentMean: 5,
      cpuPercentMax: 5,
      cpuPercentByMember: [5],
      rssBytesByMember: [90 * MB],
    });
  });

  it("leaves out a member that could not be read", () => {
    const before: Snapshot = { at: 0, members: [reading(1, 90, 100, 0), reading(1, 90, 100, 0)] };
    const after: Snapshot = {
      at: 1_000,
      members: [
        reading(1.1, 90, 110, 0),
        { cpu: undefined, memory: undefined, sent: new Map(), bytesSent: 0 },
      ],
    };
    const cost = steadyCost(before, after);
    expect(cost.unreadable).toBe(1);
    expect(cost.messagesPerMemberPerSec).toBe(10);
    expect(cost.cpuPercentByMember[1]).toBeNull();
    expect(cost.rssBytesByMember[1]).toBeNull();
  });
});
