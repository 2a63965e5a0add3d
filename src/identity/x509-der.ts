// Reads the fields of an X.509 certificate that identity validation needs straight from
// its DER (RFC 5280 layout), so a remote identity costs no OpenSSL certificate object:
// the signed TBS bytes and their signature, issuer and subject names as encoded, the
// validity window, the SubjectPublicKeyInfo, the subject OUs and the extensions that
// decide whether a certificate is a CA and who issued it. Nothing read here is trusted
// until the TBS signature verified with a trusted CA's key (chain.ts).
import { sameBytes } from "../util/bytes.js";
import {
  bitStringOf,
  booleanOf,
  checkOid,
  childrenOf,
  contentOf,
  type DerElement,
  DerError,
  encodingOf,
  expectElement,
  integerBytesOf,
  isOid,
  oidOf,
  readElement,
  Tag,
} from "./der.js";

/** The extensions that decide CA-ness and issuer matching, as OpenSSL's X509_check_ca/X509_check_akid read them. */
export interface CertificateExtensions {
  /** basicConstraints cA; undefined without the extension. */
  readonly basicConstraintsCa: boolean | undefined;
  /** First byte of keyUsage (bit 0x04 is keyCertSign); undefined without the extension. */
  readonly keyUsage: number | undefined;
  /** First byte of the Netscape certificate type (0x07 are its CA bits); undefined without it. */
  readonly netscapeCertType: number | undefined;
  readonly subjectKeyId: Uint8Array | undefined;
  readonly authorityKeyId: AuthorityKeyId | undefined;
}

/** authorityKeyIdentifier: any of its three parts may be absent. */
export interface AuthorityKeyId {
  readonly keyId: Uint8Array | undefined;
  /** The first directoryName of authorityCertIssuer, as encoded. */
  readonly issuerName: Uint8Array | undefined;
  readonly serial: Uint8Array | undefined;
}

/** What validation reads from one certificate; byte fields are views into the certificate's DER. */
export interface CertificateFields {
  /** 1 for v1, 3 for v3. */
  readonly version: number;
  /** TBSCertificate as encoded: the bytes the issuer signed. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  /** Parameters of the signature algorithm as encoded (empty when absent). */
  readonly signatureParameters: Uint8Array;
  readonly signature: Uint8Array;
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  readonly subjectOUs: string[];
  readonly extensions: CertificateExtensions;
}

/** id-at-organizationalUnitName (2.5.4.11), as encoded. */
const OU_OID = [0x55, 0x04, 0x0b];

const OID = {
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
  netscapeCertType: "2.16.840.1.113730.1.1",
} as const;

/** Longest certificate read; Fabric identities are about 1 KB (the serialized identity is bounded at 64 KiB). */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Parses Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }; DerError when it is not one. */
export function readCertificate(certificate: Uint8Array): CertificateFields {
  if (certificate.length > MAX_CERTIFICATE_BYTES) throw new DerError("certificate too large");
  // A plain Uint8Array view: subarrays of a Buffer go through its species constructor, slower and larger.
  const der = new Uint8Array(certificate.buffer, certificate.byteOffset, certificate.length);
  const outer = expectElement(der, 0, der.length, Tag.SEQUENCE);
  if (outer.end !== der.length) throw new DerError("bytes after the certificate");
  const [tbs, algorithm, signature, extra] = childrenOf(der, outer);
  if (!tbs || !algorithm || !signature || extra) throw new DerError("a certificate has three parts");
  if (tbs.tag !== Tag.SEQUENCE) throw new DerError("TBSCertificate is not a SEQUENCE");
  const sigAlg = readAlgorithm(der, algorithm);
  const sigBits = bitStringOf(der, signature);
  if (sigBits.unusedBits !== 0) throw new DerError("signature is not a whole number of bytes");
  const { values, innerAlgorithm } = readTbs(der, tbs);
  // OpenSSL's X509_verify refuses a certificate whose two algorithm identifiers differ.
  if (!sameBytes(encodingOf(der, innerAlgorithm), encodingOf(der, algorithm))) {
    throw new DerError("signature algorithm differs from the one inside the TBSCertificate");
  }
  // Listed, not spread: one object of a fixed shape per certificate.
  return {
    version: values.version,
    tbs: encodingOf(der, tbs),
    signatureAlgorithm: sigAlg.oid,
    signatureParameters: sigAlg.parameters,
    signature: sigBits.bytes,
    serial: values.serial,
    issuer: values.issuer,
    subject: values.subject,
    notBefore: values.notBefore,
    notAfter: values.notAfter,
    spki: values.spki,
    subjectOUs: values.subjectOUs,
    extensions: values.extensions,
  };
}

type TbsValues = Omit<CertificateFields, "tbs" | "signatureAlgorithm" | "signatureParameters" | "signature">;

/** TBSCertificate: [0] version, serial, signature, issuer, validity, subject, SPKI, [1], [2], [3] extensions. */
function readTbs(der: Uint8Array, tbs: DerElement): { values: TbsValues; innerAlgorithm: DerElement } {
  const parts = childrenOf(der, tbs);
  let i = 0;
  let version = 1;
  if (parts[0]?.tag === 0xa0) {
    version = readVersion(der, parts[0]);
    i = 1;
  }
  const [serial, innerAlgorithm, issuer, validity, subject, spki] = parts.slice(i, i + 6);
  if (!serial || !innerAlgorithm || !issuer || !validity || !subject || !spki) {
    throw new DerError("TBSCertificate is missing fields");
  }
  readAlgorithm(der, innerAlgorithm);
  if (issuer.tag !== Tag.SEQUENCE || subject.tag !== Tag.SEQUENCE || spki.tag !== Tag.SEQUENCE) {
    throw new DerError("issuer, subject and key must be SEQUENCEs");
  }
  const times = readValidity(der, validity);
  const extensions = readOptionalParts(der, parts.slice(i + 6), version);
  return {
    innerAlgorithm,
    values: {
      version,
      serial: integerBytesOf(der, serial),
      issuer: encodingOf(der, issuer),
      subject: encodingOf(der, subject),
      notBefore: times.notBefore,
      notAfter: times.notAfter,
      spki: encodingOf(der, spki),
      subjectOUs: subjectOUsOf(der, subject),
      extensions,
    },
  };
}

/** [0] EXPLICIT Version: DER omits v1 (the default), so an explicit version is v2 or v3. */
function readVersion(der: Uint8Array, wrapper: DerElement): number {
  const [value, extra] = childrenOf(der, wrapper);
  if (!value || extra) throw new DerError("bad version");
  const bytes = integerBytesOf(der, value);
  if (bytes.length !== 1 || (bytes[0] !== 1 && bytes[0] !== 2)) throw new DerError("unsupported version");
  return (bytes[0] as number) + 1;
}

/** issuerUniqueID [1], subjectUniqueID [2] (v2 and v3), extensions [3] (v3 only), in that order. */
function readOptionalParts(der: Uint8Array, rest: DerElement[], version: number): CertificateExtensions {
  let last = 0;
  let extensions: CertificateExtensions = NO_EXTENSIONS;
  for (const part of rest) {
    const order = part.tag === 0x81 ? 1 : part.tag === 0x82 ? 2 : part.tag === 0xa3 ? 3 : 0;
    if (order <= last || version === 1 || (order === 3 && version !== 3)) {
      throw new DerError("unexpected field at the end of the TBSCertificate");
    }
    last = order;
    if (order === 3) extensions = readExtensions(der, part);
  }
  return extensions;
}

function readAlgorithm(der: Uint8Array, element: DerElement): { oid: string; parameters: Uint8Array } {
  if (element.tag !== Tag.SEQUENCE) throw new DerError("AlgorithmIdentifier is not a SEQUENCE");
  const [oid, parameters, extra] = childrenOf(der, element);
  if (!oid || extra) throw new DerError("bad AlgorithmIdentifier");
  return {
    oid: oidOf(der, oid),
    parameters: parameters ? encodingOf(der, parameters) : new Uint8Array(0),
  };
}

function readValidity(der: Uint8Array, element: DerElement): { notBefore: number; notAfter: number } {
  if (element.tag !== Tag.SEQUENCE) throw new DerError("Validity is not a SEQUENCE");
  const [notBefore, notAfter, extra] = childrenOf(der, element);
  if (!notBefore || !notAfter || extra) throw new DerError("bad Validity");
  return { notBefore: asn1TimeOf(der, notBefore), notAfter: asn1TimeOf(der, notAfter) };
}

/**
 * UTCTime YYMMDDHHMM[SS] (years 50-99 are 19xx) or GeneralizedTime YYYYMMDDHHMMSS, each
 * ending in Z or a ±HHMM offset: the forms Go's x509 (hence Fabric) and OpenSSL both read;
 * RFC 5280 writes Z with seconds. No fractions. Milliseconds since the epoch.
 */
export function asn1TimeOf(der: Uint8Array, element: DerElement): number {
  const text = Buffer.from(contentOf(der, element)).toString("latin1");
  const form =
    element.tag === Tag.UTC_TIME
      ? UTC_TIME
      : element.tag === Tag.GENERALIZED_TIME
        ? GENERALIZED_TIME
        : undefined;
  const match = form?.exec(text);
  if (!match) throw new DerError("bad certificate time");
  const [, date = "", seconds = "00", zone = "Z"] = match;
  const n = (at: number) => Number(date.slice(at, at + 2));
  const utc = form === UTC_TIME;
  const year = utc ? (n(0) < 50 ? 2000 + n(0) : 1900 + n(0)) : Number(date.slice(0, 4));
  const rest = utc ? 2 : 4;
  const [month, day, hour, minute, second] = [
    n(rest),
    n(rest + 2),
    n(rest + 4),
    n(rest + 6),
    Number(seconds),
  ];
  const back = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const offsetHours = zone === "Z" ? 0 : Number(zone.slice(1, 3));
  const offsetMinutes = zone === "Z" ? 0 : Number(zone.slice(3, 5));
  // Date.UTC rolls 31 February over into March (and years below 100 into the 1900s): not dates.
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    throw new DerError("certificate time out of range");
  }
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return back.getTime() - (zone.startsWith("-") ? -offsetMs : offsetMs);
}

const UTC_TIME = /^(\d{10})(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_TIME = /^(\d{12})(\d{2})(Z|[+-]\d{4})$/;

/** Every organizationalUnitName value of a Name, in order (Fabric's cert.Subject.OrganizationalUnit). */
function subjectOUsOf(der: Uint8Array, name: DerElement): string[] {
  const ous: string[] = [];
  // Walked element by element, without arrays: this runs for every remote identity.
  for (let at = name.contentStart; at < name.end; ) {
    const rdn = readElement(der, at, name.end);
    if (rdn.tag !== Tag.SET || rdn.contentStart === rdn.end)
      throw new DerError("bad RelativeDistinguishedName");
    for (let inner = rdn.contentStart; inner < rdn.end; ) {
      const attribute = expectElement(der, inner, rdn.end, Tag.SEQUENCE);
      const type = expectElement(der, attribute.contentStart, attribute.end, Tag.OID);
      const value = type.end < attribute.end ? readElement(der, type.end, attribute.end) : undefined;
      if (!value || value.end !== attribute.end) throw new DerError("bad AttributeTypeAndValue");
      checkOid(der, type);
      if (isOid(der, type, OU_OID)) ous.push(directoryStringOf(der, value));
      inner = attribute.end;
    }
    at = rdn.end;
  }
  return ous;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const UTF16BE = new TextDecoder("utf-16be", { fatal: true });
/** PrintableString's characters, plus '*' and '&', which Go's x509 tolerates (certificates misuse the type). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;
const NUMERIC = /^[0-9 ]*$/;

/** A DirectoryString (or IA5String) value, decoded; any other type, or bytes invalid for the type, is an error. */
function directoryStringOf(der: Uint8Array, value: DerElement): string {
  const bytes = contentOf(der, value);
  try {
    switch (value.tag) {
      case Tag.UTF8_STRING:
        return UTF8.decode(bytes);
      case Tag.BMP_STRING:
        if (bytes.length % 2) break;
        return UTF16BE.decode(bytes);
      case Tag.PRINTABLE_STRING:
      case Tag.NUMERIC_STRING:
      case Tag.IA5_STRING:
      case Tag.TELETEX_STRING: {
        const text = Buffer.from(bytes).toString("latin1");
        if (value.tag === Tag.PRINTABLE_STRING && !PRINTABLE.test(text)) break;
        if (value.tag === Tag.NUMERIC_STRING && !NUMERIC.test(text)) break;
        if (value.tag === Tag.IA5_STRING && bytes.some((b) => b > 0x7f)) break;
        return text;
      }
    }
  } catch {
    // invalid UTF-8 or UTF-16: reported below
  }
  throw new DerError("subject OU is not a valid string");
}

const NO_EXTENSIONS: CertificateExtensions = {
  basicConstraintsCa: undefined,
  keyUsage: undefined,
  netscapeCertType: undefined,
  subjectKeyId: undefined,
  authorityKeyId: undefined,
};

/** [3] EXPLICIT Extensions; each extension at most once (OpenSSL marks duplicates invalid). */
function readExtensions(der: Uint8Array, wrapper: DerElement): CertificateExtensions {
  const [list, extra] = childrenOf(der, wrapper);
  if (!list || extra || list.tag !== Tag.SEQUENCE) throw new DerError("bad extensions");
  const seen = new Set<string>();
  const out: { -readonly [K in keyof CertificateExtensions]: CertificateExtensions[K] } = {
    ...NO_EXTENSIONS,
  };
  for (const extension of childrenOf(der, list)) {
    const { oid, value } = readExtension(der, extension);
    if (seen.has(oid)) throw new DerError(`extension ${oid} appears twice`);
    seen.add(oid);
    if (oid === OID.basicConstraints) out.basicConstraintsCa = basicConstraintsCaOf(value);
    else if (oid === OID.keyUsage) out.keyUsage = firstBitsByte(value);
    else if (oid === OID.netscapeCertType) out.netscapeCertType = firstBitsByte(value);
    else if (oid === OID.subjectKeyId) out.subjectKeyId = octetStringOf(value);
    else if (oid === OID.authorityKeyId) out.authorityKeyId = authorityKeyIdOf(value);
  }
  return out;
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function readExtension(der: Uint8Array, extension: DerElement): { oid: string; value: Uint8Array } {
  const parts = extension.tag === Tag.SEQUENCE ? childrenOf(der, extension) : [];
  const [id, second, third, extra] = parts;
  const value = third ?? second;
  if (!id || !value || extra || value.tag !== Tag.OCTET_STRING) throw new DerError("bad extension");
  // DER omits a FALSE critical flag; Go's x509 accepts it written out. Either way a BOOLEAN.
  if (third && second) booleanOf(der, second);
  return { oid: oidOf(der, id), value: contentOf(der, value) };
}

/** Reads the single element an extension value holds. */
function soleElement(value: Uint8Array, tag: number): DerElement {
  const element = expectElement(value, 0, value.length, tag);
  if (element.end !== value.length) throw new DerError("bytes after an extension value");
  return element;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }. */
function basicConstraintsCaOf(value: Uint8Array): boolean {
  const [first, second, extra] = childrenOf(value, soleElement(value, Tag.SEQUENCE));
  if (extra) throw new DerError("bad basicConstraints");
  if (first?.tag === Tag.BOOLEAN) {
    // DER omits a FALSE cA; Go's x509 accepts it written out, so it is read, not refused.
    if (second) integerBytesOf(value, second);
    return booleanOf(value, first);
  }
  if (second) throw new DerError("bad basicConstraints");
  if (first) integerBytesOf(value, first);
  return false;
}

function firstBitsByte(value: Uint8Array): number {
  return bitStringOf(value, soleElement(value, Tag.BIT_STRING)).bytes[0] ?? 0;
}

function octetStringOf(value: Uint8Array): Uint8Array {
  return contentOf(value, soleElement(value, Tag.OCTET_STRING));
}

/** AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] authorityCertIssuer GeneralNames, [2] serial }. */
function authorityKeyIdOf(value: Uint8Array): AuthorityKeyId {
  let keyId: Uint8Array | undefined;
  let issuerName: Uint8Array | undefined;
  let serial: Uint8Array | undefined;
  let last = -1;
  for (const part of childrenOf(value, soleElement(value, Tag.SEQUENCE))) {
    const order = part.tag === 0x80 ? 0 : part.tag === 0xa1 ? 1 : part.tag === 0x82 ? 2 : -1;
    if (order <= last) throw new DerError("bad authorityKeyIdentifier");
    last = order;
    if (order === 0) keyId = contentOf(value, part);
    else if (order === 2) serial = integerBytesOf(value, { ...part, tag: Tag.INTEGER });
    else issuerName = firstDirectoryName(value, part);
  }
  return { keyId, issuerName, serial };
}

/** The first directoryName ([4] EXPLICIT Name) among GeneralNames, as OpenSSL's X509_check_akid looks only at it. */
function firstDirectoryName(value: Uint8Array, names: DerElement): Uint8Array | undefined {
  const all = childrenOf(value, names);
  if (all.length === 0) throw new DerError("empty authorityCertIssuer");
  for (const name of all) {
    if (name.tag !== 0xa4) continue;
    const [inner, extra] = childrenOf(value, name);
    if (!inner || extra || inner.tag !== Tag.SEQUENCE) throw new DerError("bad directoryName");
    return encodingOf(value, inner);
  }
  return undefined;
}

/** SubjectPublicKeyInfo's algorithm and curve OIDs, and its key bits. */
export function publicKeyInfoOf(spki: Uint8Array): {
  algorithm: string;
  curve: string | undefined;
  key: Uint8Array;
} {
  const outer = expectElement(spki, 0, spki.length, Tag.SEQUENCE);
  const [algorithm, key, extra] = childrenOf(spki, outer);
  if (!algorithm || !key || extra) throw new DerError("bad SubjectPublicKeyInfo");
  const [oid, parameters, more] = algorithm.tag === Tag.SEQUENCE ? childrenOf(spki, algorithm) : [];
  if (!oid || more) throw new DerError("bad SubjectPublicKeyInfo algorithm");
  const bits = bitStringOf(spki, key);
  if (bits.unusedBits !== 0) throw new DerError("bad SubjectPublicKeyInfo key");
  return {
    algorithm: oidOf(spki, oid),
    curve: parameters?.tag === Tag.OID ? oidOf(spki, parameters) : undefined,
    key: bits.bytes,
  };
}
