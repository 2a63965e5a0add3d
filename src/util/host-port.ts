// The one parser of "host:port" in the code base: configuration, listen addresses,
// endpoints learned from the network and trace attributes all read them here, so
// every place agrees on what an address is. Hosts are DNS names, IPv4 addresses or
// bracketed IPv6 addresses; never a unix: socket or a gRPC target scheme.
import { isIPv4, isIPv6 } from "node:net";

export interface HostPort {
  /** As written, IPv6 without brackets; "" only when allowEmptyHost was given. */
  host: string;
  port: number;
}

interface HostPortOptions {
  /** Accept port 0 ("any free port"), for addresses to listen on. */
  allowPortZero?: boolean;
  /** Accept ":port" (every interface), as Node's listen does. */
  allowEmptyHost?: boolean;
}

/** Why a text is not host:port; the message says it in words. */
export class HostPortError extends Error {
  override readonly name = "HostPortError";

  constructor(
    readonly text: string,
    /** The specific problem, e.g. "no port" or "port 70000 is out of range". */
    readonly hint: string,
  ) {
    super(`${JSON.stringify(text)} is not host:port (${hint})`);
  }
}

const HOST_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const MAX_HOST_NAME = 253;

/** Parses "host:port", "[v6]:port" (and ":port" when allowed); throws HostPortError. */
export function parseHostPort(text: string, options: HostPortOptions = {}): HostPort {
  const s = text.trim();
  const { host, portText } = s.startsWith("[") ? splitBracketed(s) : splitPlain(s, options);
  if (!/^\d{1,5}$/.test(portText)) throw new HostPortError(text, "no port");
  const port = Number(portText);
  if (port > 65_535 || (port === 0 && !options.allowPortZero)) {
    throw new HostPortError(text, `port ${port} is out of range`);
  }
  return { host, port };
}

/** parseHostPort, or undefined instead of an error (for values from the network). */
export function tryParseHostPort(text: string, options: HostPortOptions = {}): HostPort | undefined {
  try {
    return parseHostPort(text, options);
  } catch (err) {
    if (err instanceof HostPortError) return undefined;
    throw err;
  }
}

/** host:port again, with IPv6 hosts in brackets. */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** True for 0.0.0.0 and ::, addresses one can listen on but nobody can dial. */
export function isUnspecifiedHost(host: string): boolean {
  return host === "" || host === "0.0.0.0" || (isIPv6(host) && /^[0:]+$/.test(host));
}

function splitBracketed(s: string): { host: string; portText: string } {
  const close = s.indexOf("]");
  if (close < 0 || s[close + 1] !== ":") throw new HostPortError(s, "no port after the [IPv6] address");
  const host = s.slice(1, close);
  if (!isIPv6(host)) throw new HostPortError(s, `${JSON.stringify(host)} is not an IPv6 address`);
  return { host, portText: s.slice(close + 2) };
}

function splitPlain(s: string, options: HostPortOptions): { host: string; portText: string } {
  const colon = s.lastIndexOf(":");
  if (colon < 0) throw new HostPortError(s, "no port");
  const host = s.slice(0, colon);
  if (host.includes(":")) throw new HostPortError(s, "write an IPv6 address in brackets, [::1]:7051");
  if (!(isHostName(host) || (host === "" && options.allowEmptyHost))) {
    throw new HostPortError(s, `${JSON.stringify(host)} is not a host name or address`);
  }
  return { host, portText: s.slice(colon + 1) };
}

function isHostName(host: string): boolean {
  if (host === "" || host.length > MAX_HOST_NAME) return false;
  // Anything made of digits and dots must be a real IPv4 address, not a name.
  if (/^[\d.]+$/.test(host)) return isIPv4(host);
  return host.split(".").every((label) => HOST_LABEL.test(label));
}
