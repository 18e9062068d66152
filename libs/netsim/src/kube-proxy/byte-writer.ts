import { utf8 } from './endpoint-table';

/**
 * A constant piece of text as little-endian 32-bit words of its UTF-8 bytes (zero-padded to a whole word): written
 * with one 4-byte store per word, ~4x fewer stores than byte by byte. `length` is the byte length.
 */
export interface Piece {
  readonly words: Int32Array;
  readonly length: number;
}

/** A piece's UTF-8 bytes packed into little-endian words. */
export function pieceOf(text: string): Piece {
  const bytes = utf8(text);
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  const words = new Int32Array(padded.length / 4);
  const view = new DataView(padded.buffer);
  for (let i = 0; i < words.length; i += 1) words[i] = view.getInt32(i * 4, true);
  return { words, length: bytes.length };
}

/** Room kept past the end of every write: word stores may write up to 3 bytes beyond a piece (overwritten next). */
export const SLACK = 8;

/**
 * Text written as UTF-8 bytes into one reusable buffer (grown when a write does not fit), taken out in chunks:
 * a large ruleset (hundreds of MB) never exists as JavaScript strings, and the buffer is reused chunk after chunk.
 * Hot loops read `buf`, `view` and `pos`, write through them and store `pos` back; they call {@link room} first.
 */
export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes plus {@link SLACK} (the buffer doubles as needed, keeping what is written). */
  room(n: number): void {
    if (this.pos + n + SLACK <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n + SLACK) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** A string and a newline. */
  line(s: string): void {
    this.text(s);
    this.byte(10);
  }

  /** Each string as a line, without joining them: no megabyte string for 10,000 rules. */
  lines(list: readonly string[]): void {
    for (const s of list) this.line(s);
  }

  /** A string, UTF-8 encoded (one byte per character for ASCII, the usual case). */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i += 1) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = pos;
        const rest = utf8(s.slice(i));
        buf.set(rest, pos);
        this.pos = pos + rest.length;
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** A constant piece (word stores). */
  piece(p: Piece): void {
    this.room(p.words.length * 4);
    const view = this.view;
    const words = p.words;
    const pos = this.pos;
    for (let i = 0; i < words.length; i += 1) view.setInt32(pos + 4 * i, words[i]!, true);
    this.pos = pos + p.length;
  }

  /** Four words (16 bytes, e.g. a chain hash) from `words` at `at`. */
  quad(words: Int32Array, at: number): void {
    this.room(16);
    const view = this.view;
    const pos = this.pos;
    view.setInt32(pos, words[at]!, true);
    view.setInt32(pos + 4, words[at + 1]!, true);
    view.setInt32(pos + 8, words[at + 2]!, true);
    view.setInt32(pos + 12, words[at + 3]!, true);
    this.pos = pos + 16;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** What was written since the last take, as a view of the buffer (valid until the next write), and starts over. */
  take(): Uint8Array {
    const chunk = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return chunk;
  }
}

const pieces = new Map<string, Piece>();

/** {@link pieceOf}, kept for the few distinct pieces of a ruleset (chain heads, probabilities). */
export function cachedPiece(text: string): Piece {
  let p = pieces.get(text);
  if (p === undefined) {
    p = pieceOf(text);
    if (pieces.size < 65536) pieces.set(text, p);
  }
  return p;
}

/** Word stores of a piece at `pos` (the caller made room); returns the position after it. */
export function put(view: DataView, pos: number, p: Piece): number {
  const words = p.words;
  for (let i = 0; i < words.length; i += 1) view.setInt32(pos + 4 * i, words[i]!, true);
  return pos + p.length;
}

/** `v.` and `v` for every octet value, as little-endian words, and the digit count: an IPv4 address in 4 stores. */
export const OCTET_DOT = new Int32Array(256);
export const OCTET = new Int32Array(256);
export const OCTET_DIGITS = new Uint8Array(256);
for (let v = 0; v < 256; v += 1) {
  OCTET_DOT[v] = pieceOf(`${v}.`).words[0]!;
  OCTET[v] = pieceOf(`${v}`).words[0]!;
  OCTET_DIGITS[v] = `${v}`.length;
}

/** A dotted-quad IPv4 address from its 32-bit value (the caller made room); returns the position after it. */
export function putIPv4(view: DataView, pos: number, v: number): number {
  const a = v >>> 24;
  const b = (v >>> 16) & 255;
  const c = (v >>> 8) & 255;
  const d = v & 255;
  view.setInt32(pos, OCTET_DOT[a]!, true);
  pos += OCTET_DIGITS[a]! + 1;
  view.setInt32(pos, OCTET_DOT[b]!, true);
  pos += OCTET_DIGITS[b]! + 1;
  view.setInt32(pos, OCTET_DOT[c]!, true);
  pos += OCTET_DIGITS[c]! + 1;
  view.setInt32(pos, OCTET[d]!, true);
  return pos + OCTET_DIGITS[d]!;
}

/** The length of a dotted-quad address's text. */
export function ipv4Length(v: number): number {
  return OCTET_DIGITS[v >>> 24]! + OCTET_DIGITS[(v >>> 16) & 255]! + OCTET_DIGITS[(v >>> 8) & 255]! + OCTET_DIGITS[v & 255]! + 3;
}

/** Writes an octet's digits byte by byte; returns the position after them. */
export function putOctetBytes(buf: Uint8Array, pos: number, v: number): number {
  const word = OCTET[v]!;
  const digits = OCTET_DIGITS[v]!;
  buf[pos] = word & 255;
  if (digits > 1) buf[pos + 1] = (word >>> 8) & 255;
  if (digits > 2) buf[pos + 2] = (word >>> 16) & 255;
  return pos + digits;
}

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
// A global of every JavaScript runtime the library targets (the library is type-checked without DOM or Node types).
const Decoder = (globalThis as unknown as { TextDecoder: new () => Utf8Decoder }).TextDecoder;

/** Byte chunks of whole lines as text chunks (each ends in a newline). */
export function* textOf(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = new Decoder();
  for (const chunk of chunks) yield decoder.decode(chunk);
}

/** Byte chunks of whole lines as single lines, without their newlines. */
export function* linesOf(chunks: Iterable<Uint8Array>): Generator<string> {
  for (const text of textOf(chunks)) {
    const lines = text.split('\n');
    lines.pop();
    yield* lines;
  }
}
