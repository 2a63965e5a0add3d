// PEM reading and writing. Writing follows Go's encoding/pem byte for byte (64-char
// lines, trailing newline) because Fabric serializes identities that way and the
// PKI-ID is a hash over those exact bytes.
//
// Reading is a single forward pass (indexOf plus bounded label scans): the text may
// come from an unauthenticated handshake, so no input may cost more than linear time.
// Hand-written on purpose: @peculiar/x509's PemConverter.decode is a backtracking regex,
// quadratic on untrusted text ("-----BEGIN A" repeated: 192 KB take 15 s on Node 20).
/** One decoded PEM block. */
export interface PemBlock {
  readonly type: string;
  readonly der: Buffer;
}

const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Result of scanning text for PEM blocks: the blocks, and whether anything but whitespace surrounds them. */
export interface PemScan {
  readonly blocks: PemBlock[];
  readonly hasStrayText: boolean;
}

/**
 * Finds every well-formed PEM block; a block with bad base64 or mismatched END line makes the scan fail.
 * A block is "-----BEGIN <LABEL>-----", a line break, a body, then the first "-----END <LABEL>-----"
 * after it; labels are [A-Z0-9 ]+. Text that is not part of a block is stray.
 */
export function scanPem(text: string): PemScan | undefined {
  const blocks: PemBlock[] = [];
  let stray = false;
  let last = 0;
  let pos = 0;
  for (;;) {
    const at = text.indexOf(BEGIN, pos);
    if (at === -1) break;
    const begin = readBeginLine(text, at);
    if (!begin) {
      pos = at + 1;
      continue;
    }
    const end = findEndLine(text, begin.bodyStart);
    // No END line anywhere after this BEGIN means none after any later BEGIN either:
    // stopping here is what keeps "-----BEGIN X-----\n" repeated linear.
    if (!end) break;
    if (begin.type !== end.type) return undefined;
    const b64 = text.slice(begin.bodyStart, end.start).replace(/\s+/g, "");
    if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) return undefined;
    if (text.slice(last, at).trim() !== "") stray = true;
    blocks.push({ type: begin.type, der: Buffer.from(b64, "base64") });
    last = end.next;
    pos = end.next;
  }
  if (text.slice(last).trim() !== "") stray = true;
  return { blocks, hasStrayText: stray };
}

/** [A-Z0-9 ] */
function isLabelChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20;
}

/**
 * A label and its closing dashes at `from`: the longest run of label characters, which
 * must be followed by "-----". Runs of distinct candidates never overlap ('-' ends a run),
 * so all label scans of one pass together read each character at most once.
 */
function readLabel(text: string, from: number): { label: string; next: number } | undefined {
  let i = from;
  while (i < text.length && isLabelChar(text.charCodeAt(i))) i++;
  if (i === from || !text.startsWith(DASHES, i)) return undefined;
  return { label: text.slice(from, i), next: i + DASHES.length };
}

/** "-----BEGIN <LABEL>-----" then \n or \r\n, at `at`. */
function readBeginLine(text: string, at: number): { type: string; bodyStart: number } | undefined {
  const label = readLabel(text, at + BEGIN.length);
  if (!label) return undefined;
  let i = label.next;
  if (text.charCodeAt(i) === 0x0d) i++;
  if (text.charCodeAt(i) !== 0x0a) return undefined;
  return { type: label.label, bodyStart: i + 1 };
}

/** The first "-----END <LABEL>-----" at or after `from`. */
function findEndLine(text: string, from: number): { type: string; start: number; next: number } | undefined {
  for (let at = text.indexOf(END, from); at !== -1; at = text.indexOf(END, at + 1)) {
    const label = readLabel(text, at + END.length);
    if (label) return { type: label.label, start: at, next: label.next };
  }
  return undefined;
}

/** Go's pem.EncodeToMemory body width. */
const PEM_LINE = 64;

/** Encodes DER as PEM exactly like Go's pem.EncodeToMemory (no headers, 64-character lines, final newline). */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines: string[] = [`${BEGIN}${type}${DASHES}`];
  for (let i = 0; i < b64.length; i += PEM_LINE) lines.push(b64.slice(i, i + PEM_LINE));
  lines.push(`${END}${type}${DASHES}`, "");
  return lines.join("\n");
}
