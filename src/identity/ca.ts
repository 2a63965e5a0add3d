// In-memory certificate authority for dev material and tests: makes P-256 CAs and
// issues cryptogen-shaped signing and TLS certificates. Certificates come out in
// Fabric's canonical form (low-S signature, Go PEM), so files equal serialized bytes.

import { KeyObject, webcrypto, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { withLowSSignature } from "./certificate.js";
import { encodePem } from "./pem.js";
import * as x509 from "./x509-lib.js";

/** The WebCrypto provider handed to @peculiar/x509 explicitly, so its global provider is never set. */
const provider = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
const DAY_MS = 24 * 60 * 60 * 1000;
/** cryptogen backdates certificates by 5 minutes to absorb clock skew between hosts. */
const BACKDATE_MS = 5 * 60 * 1000;

/** Subject attributes shared by all dev certificates, as cryptogen writes them. */
const LOCALITY: x509.JsonName = [{ C: ["US"] }, { ST: ["California"] }, { L: ["San Francisco"] }];

/** A CA able to issue certificates. */
export interface CertificateAuthority {
  /** Common name, e.g. ca.org1.example.com. */
  readonly name: string;
  readonly certPem: string;
  /** PKCS#8 PEM of the CA key. */
  readonly keyPem: string;
  readonly certificate: X509Certificate;
  readonly notAfter: Date;
  /** WebCrypto keys and parsed cert, used to sign what it issues. */
  readonly keys: webcrypto.CryptoKeyPair;
  readonly x509: x509.X509Certificate;
  /** Hex key identifier of the CA key (its SubjectKeyIdentifier, and the AuthorityKeyIdentifier of what it issues). */
  readonly keyId: string;
}

/** Options for createCa. */
export interface CaOptions {
  cn: string;
  /** O= attribute (cryptogen puts the org's domain there). */
  org?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** When set, the new CA is an intermediate issued by this one. */
  parent?: CertificateAuthority;
}

/** Options for issuing a certificate. */
export interface IssueOptions {
  cn: string;
  /** Subject OU value(s), e.g. "peer"; omit for none. */
  ou?: string | string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Mark the certificate as a CA (basicConstraints CA:true); for negative tests. */
  isCa?: boolean;
  /** Key curve; P-384 exists only to produce keys Fabric gossip identities must not have. */
  curve?: "P-256" | "P-384";
}

/** Options for issuing a TLS certificate. */
export interface TlsIssueOptions {
  cn: string;
  /** Subject alternative names; IP literals become IP SANs, the rest DNS SANs. */
  hosts: string[];
  notBefore?: Date;
  notAfter?: Date;
}

/** A certificate and its private key. */
export interface IssuedCertificate {
  readonly certPem: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
  readonly privateKey: KeyObject;
  readonly certificate: X509Certificate;
}

async function generateKeys(curve: "P-256" | "P-384" = "P-256"): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: curve }, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
}

/** The SubjectKeyIdentifier extension of a key: RFC 5280 method 1, SHA-1 of the subjectPublicKey bits. */
function keyIdentifierOf(publicKey: webcrypto.CryptoKey): Promise<x509.SubjectKeyIdentifierExtension> {
  return x509.SubjectKeyIdentifierExtension.create(publicKey, false, provider);
}

function pkcs8Pem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: "pkcs8", format: "pem" }) as string;
}

function canonical(cert: x509.X509Certificate): { pem: string; certificate: X509Certificate } {
  const pem = encodePem("CERTIFICATE", withLowSSignature(new Uint8Array(cert.rawData)));
  return { pem, certificate: new X509Certificate(pem) };
}

function window(
  opts: { notBefore?: Date; notAfter?: Date },
  defaultDays: number,
): { notBefore: Date; notAfter: Date } {
  const notBefore = opts.notBefore ?? new Date(Date.now() - BACKDATE_MS);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + defaultDays * DAY_MS);
  return { notBefore, notAfter };
}

const SIGNING = { name: "ECDSA", hash: "SHA-256" };

/** Creates a root CA, or an intermediate CA when `parent` is given. Defaults to 10 years of validity. */
export async function createCa(opts: CaOptions): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const keyIdentifier = await keyIdentifierOf(keys.publicKey);
  const { notBefore, notAfter } = window(opts, 3650);
  const name: x509.JsonName = [...LOCALITY, ...(opts.org ? [{ O: [opts.org] }] : []), { CN: [opts.cn] }];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature |
        x509.KeyUsageFlags.keyEncipherment |
        x509.KeyUsageFlags.keyCertSign |
        x509.KeyUsageFlags.cRLSign,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
    keyIdentifier,
  ];
  let cert: x509.X509Certificate;
  if (opts.parent) {
    extensions.push(new x509.AuthorityKeyIdentifierExtension(opts.parent.keyId));
    cert = await x509.X509CertificateGenerator.create(
      {
        subject: name,
        issuer: opts.parent.x509.subject,
        publicKey: keys.publicKey,
        signingKey: opts.parent.keys.privateKey,
        signingAlgorithm: SIGNING,
        notBefore,
        notAfter,
        extensions,
      },
      provider,
    );
  } else {
    cert = await x509.X509CertificateGenerator.createSelfSigned(
      { name, keys, signingAlgorithm: SIGNING, notBefore, notAfter, extensions },
      provider,
    );
  }
  const { pem, certificate } = canonical(cert);
  return {
    name: opts.cn,
    certPem: pem,
    keyPem: pkcs8Pem(keys.privateKey),
    certificate,
    notAfter,
    keys,
    x509: cert,
    keyId: keyIdentifier.keyId,
  };
}

async function issue(
  ca: CertificateAuthority,
  subject: x509.JsonName,
  keys: webcrypto.CryptoKeyPair,
  validity: { notBefore: Date; notAfter: Date },
  extensions: x509.Extension[],
): Promise<IssuedCertificate> {
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject,
      issuer: ca.x509.subject,
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: SIGNING,
      ...validity,
      extensions: [
        ...extensions,
        new x509.AuthorityKeyIdentifierExtension(ca.keyId),
        await keyIdentifierOf(keys.publicKey),
      ],
    },
    provider,
  );
  const { pem, certificate } = canonical(cert);
  const keyPem = pkcs8Pem(keys.privateKey);
  return { certPem: pem, keyPem, privateKey: KeyObject.from(keys.privateKey), certificate };
}

/** Issues a signing (enrollment) certificate shaped like cryptogen's: C/ST/L, OU, CN; digitalSignature; 1 year by default. */
export async function issueIdentity(
  ca: CertificateAuthority,
  opts: IssueOptions,
): Promise<IssuedCertificate> {
  const ous = opts.ou === undefined ? [] : Array.isArray(opts.ou) ? opts.ou : [opts.ou];
  const subject: x509.JsonName = [...LOCALITY, ...ous.map((ou) => ({ OU: [ou] })), { CN: [opts.cn] }];
  const usages = opts.isCa
    ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature;
  return issue(ca, subject, await generateKeys(opts.curve), window(opts, 365), [
    new x509.BasicConstraintsExtension(opts.isCa === true, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
  ]);
}

/** Issues a TLS certificate usable as both server and client certificate (serverAuth + clientAuth). */
export async function issueTlsCertificate(
  ca: CertificateAuthority,
  opts: TlsIssueOptions,
): Promise<IssuedCertificate> {
  const subject: x509.JsonName = [...LOCALITY, { CN: [opts.cn] }];
  const names = [...new Set(opts.hosts)].map((h) => ({ type: isIP(h) ? "ip" : "dns", value: h }) as const);
  return issue(ca, subject, await generateKeys(), window(opts, 365), [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.SubjectAlternativeNameExtension(names),
  ]);
}
