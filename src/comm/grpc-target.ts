// The gRPC target a gossip endpoint is dialed through. grpc-js's default "dns:"
// resolver opens a c-ares channel (its own DNS servers, sockets and state) for every
// client, even when the host is an IP address that needs no lookup. An IP literal
// goes through grpc-js's "ipv4:"/"ipv6:" resolvers instead, which only parse it; the
// HTTP/2 :authority and the TLS name checked stay "host:port", as with "dns:".
import { isIPv4, isIPv6 } from "node:net";
import { formatHostPort, parseHostPort } from "../util/host-port.js";

/** `ipv4:`/`ipv6:` + host:port for an IP literal; a DNS name is left to the default resolver. */
export function grpcTarget(endpoint: string): string {
  const hostPort = parseHostPort(endpoint);
  if (isIPv4(hostPort.host)) return `ipv4:${formatHostPort(hostPort)}`;
  if (isIPv6(hostPort.host)) return `ipv6:${formatHostPort(hostPort)}`;
  return endpoint;
}
