// PEM reading and writing. Writing follows Go's encoding/pem byte for byte (64-char
// lines, trailing newline) because Fabric serializes identities that way and the
// PKI-ID is a hash over those exact bytes.

/** One decoded PEM block. */
export interface PemBlock {
  readonly type: string;
  readonly der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Result of scanning text for PEM blocks: the blocks, and whether anything but whitespace surrounds them. */
export interface PemScan {
  readonly blocks: PemBlock[];
  readonly hasStrayText: boolean;
}

/** Finds every well-formed PEM block; a block with bad base64 or mismatched END line makes the scan fail. */
export function scanPem(text: string): PemScan | undefined {
  const blocks: PemBlock[] = [];
  let stray = false;
  let last = 0;
  for (const m of text.matchAll(BLOCK)) {
    const [whole, type, body, endType] = m as unknown as [string, string, string, string];
    if (type !== endType) return undefined;
    const b64 = body.replace(/\s+/g, "");
    if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) return undefined;
    if (text.slice(last, m.index).trim() !== "") stray = true;
    last = (m.index ?? 0) + whole.length;
    blocks.push({ type, der: Buffer.from(b64, "base64") });
  }
  if (text.slice(last).trim() !== "") stray = true;
  return { blocks, hasStrayText: stray };
}

/** Encodes DER as PEM exactly like Go's pem.EncodeToMemory (no headers). */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}
