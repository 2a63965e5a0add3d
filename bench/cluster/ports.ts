// Loopback ports for the members. Ports the OS hands out for port 0 come from the
// ephemeral range, which is also where every outgoing connection's local port comes
// from: with dozens of members dialling each other while the others start up, a port
// picked that way can be taken before its member binds it (EADDRINUSE). So the ports
// are drawn below the ephemeral range, where the OS never assigns one by itself,
// and each is checked free by binding it once.
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";

/** Lowest port drawn from; well above the registered services people run locally. */
const LOWEST_PORT = 10_000;
/** Linux's default ephemeral range starts here, if /proc does not say otherwise. */
const DEFAULT_EPHEMERAL_LOW = 32_768;
const MAX_ATTEMPTS_PER_PORT = 50;

/** The first port of the range in /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999"). */
export function parseEphemeralLow(text: string): number {
  const low = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isInteger(low) || low < 1 || low > 65_535)
    throw new Error("ip_local_port_range: expected a port");
  return low;
}

async function ephemeralLow(): Promise<number> {
  try {
    return parseEphemeralLow(await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8"));
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

/** Whether 127.0.0.1:port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Loopback addresses of one member. */
export interface Endpoints {
  readonly gossip: string;
  readonly admin: string;
}

/** A gossip and an admin address per member, on 127.0.0.1. */
export async function loopbackEndpoints(count: number): Promise<Endpoints[]> {
  const ports = await loopbackPorts(2 * count);
  return Array.from({ length: count }, (_, i) => ({
    gossip: `127.0.0.1:${ports[2 * i]}`,
    admin: `127.0.0.1:${ports[2 * i + 1]}`,
  }));
}

/** `count` distinct ports on 127.0.0.1, below the ephemeral range, free when checked. */
async function loopbackPorts(count: number): Promise<number[]> {
  const high = (await ephemeralLow()) - 1;
  if (high - LOWEST_PORT < count * 4) throw new Error(`too few ports below the ephemeral range for ${count}`);
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count; attempt++) {
    if (attempt >= count * MAX_ATTEMPTS_PER_PORT)
      throw new Error(`found only ${ports.size} free ports of ${count}`);
    const port = LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT + 1));
    if (!ports.has(port) && (await bindable(port))) ports.add(port);
  }
  return [...ports];
}
