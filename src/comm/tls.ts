// gRPC transport security as Fabric's peer.tls.*: the server asks every
// dialer for a client certificate but (unless client auth is required) does
// not verify its chain; the binding is the ConnEstablish's tls_cert_hash,
// which each side checks against the certificate it actually saw.
import { createHash, X509Certificate } from "node:crypto";
import * as grpc from "@grpc/grpc-js";

export interface GossipTlsOptions {
  certPem: string;
  keyPem: string;
  /** CAs that issue the TLS server certificates of the peers we dial. */
  rootCertsPem: string[];
  /** Verify dialers' client certificates against clientRootCertsPem (Fabric's clientAuthRequired). */
  clientAuthRequired: boolean;
  clientRootCertsPem: string[];
}

type CertificateProvider = grpc.experimental.CertificateProvider;

/**
 * Hands the same material to every listener: our certificates do not rotate at
 * run time. Delivery is deferred because grpc-js registers its watcher only
 * after adding the listener, and would miss a synchronous update.
 */
class StaticCertificateProvider implements CertificateProvider {
  constructor(
    private readonly ca: Buffer | undefined,
    private readonly identity: { certificate: Buffer; privateKey: Buffer } | undefined,
  ) {}
  addCaCertificateListener(listener: grpc.experimental.CaCertificateUpdateListener): void {
    queueMicrotask(() => listener(this.ca ? { caCertificate: this.ca } : null));
  }
  removeCaCertificateListener(): void {}
  addIdentityCertificateListener(listener: grpc.experimental.IdentityCertificateUpdateListener): void {
    queueMicrotask(() => listener(this.identity ?? null));
  }
  removeIdentityCertificateListener(): void {}
}

const joinPem = (pems: string[]): Buffer => Buffer.from(pems.join("\n"));

export function serverCredentials(tls: GossipTlsOptions | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const identity = { certificate: Buffer.from(tls.certPem), privateKey: Buffer.from(tls.keyPem) };
  // A CA provider makes the server request a client certificate; it is verified only when required.
  const caPems = tls.clientAuthRequired
    ? tls.clientRootCertsPem
    : [...tls.clientRootCertsPem, ...tls.rootCertsPem];
  const ca = caPems.length > 0 ? joinPem(caPems) : Buffer.from(tls.certPem);
  // One provider serves both roles: grpc-js 1.14 swaps the two provider arguments internally.
  const provider = new StaticCertificateProvider(ca, identity);
  return grpc.experimental.createCertificateProviderServerCredentials(
    provider,
    provider,
    tls.clientAuthRequired,
  );
}

export function channelCredentials(tls: GossipTlsOptions | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(
    joinPem(tls.rootCertsPem),
    Buffer.from(tls.keyPem),
    Buffer.from(tls.certPem),
  );
}

/** SHA-256 of the DER certificate this side presents at the TLS layer; undefined with TLS off. */
export function ownCertHash(tls: GossipTlsOptions | undefined): Uint8Array | undefined {
  if (!tls) return undefined;
  return createHash("sha256").update(new X509Certificate(tls.certPem).raw).digest();
}

/** SHA-256 of the certificate the remote presented on this call, if any. */
export function peerCertHash(call: {
  getAuthContext(): { sslPeerCertificate?: { raw?: Buffer } } | null;
}): Uint8Array | undefined {
  const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
  if (!raw || raw.length === 0) return undefined;
  return createHash("sha256").update(raw).digest();
}
