// Just enough of the Prometheus text format to read a node's counters: one
// sample per line, `name{label="value",...} number`, comments skipped.

/** The counters the cluster benchmark reads, each under every name it has had. */
const COUNTER_NAMES = {
  /** Gossip messages sent, by type. */
  messagesSent: ["gossip_messages_sent_total"],
  /** Envelope bytes sent, by type (promtool style puts the unit before _total). */
  bytesSent: ["gossip_messages_sent_bytes_total", "gossip_message_bytes_sent_total"],
  /** Messages dropped, by type and reason. */
  messagesDropped: ["gossip_messages_dropped_total"],
} as const satisfies Record<string, readonly string[]>;

type CounterName = keyof typeof COUNTER_NAMES;

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, key, value] of (text ?? "").matchAll(LABEL)) {
    if (key !== undefined)
      labels[key] = (value ?? "").replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

/** Every sample of an exposition; lines that are not samples are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    samples.push({ name: match[1] as string, labels: parseLabels(match[2]), value });
  }
  return samples;
}

/**
 * A counter's samples keyed by some labels' values joined by "/" (e.g. by type, or
 * "alive/unknown_identity" by type and reason), under the first of its names that the
 * exposition holds; empty when it holds none of them.
 */
export function counterBy(
  samples: readonly Sample[],
  counter: CounterName,
  ...labels: readonly string[]
): Map<string, number> {
  const names: readonly string[] = COUNTER_NAMES[counter];
  const name = names.find((n) => samples.some((s) => s.name === n));
  const totals = new Map<string, number>();
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = labels.map((label) => s.labels[label] ?? "").join("/");
    totals.set(key, (totals.get(key) ?? 0) + s.value);
  }
  return totals;
}
