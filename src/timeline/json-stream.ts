/**
 * An incremental JSON parser for large exported documents (a 500 MB Loki response is one JSON
 * object). Values whose path matches `split` are handed to `onValue` as soon as they are complete
 * and are not kept, so memory stays bounded by the largest single item, not the file.
 */
import { setOwn } from './event.js';

export type PathSeg = string | number;

/** `path` is the parser's live path: read it during the call, copy it to keep it. */
export interface JsonStreamOptions {
  split(path: readonly PathSeg[]): boolean;
  onValue(path: readonly PathSeg[], value: unknown): void;
  /**
   * Optional fast reader for split values of a known shape: returns the value and where it ends,
   * `null` when the chunk ends inside it, or undefined to fall back to the general parser.
   */
  fast?(buf: string, pos: number): { value: unknown; end: number } | null | undefined;
}

function skipSpace(b: string, p: number): number {
  for (;;) {
    const c = b.charCodeAt(p);
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else return p;
  }
}

// Where the string fastString last read ends (a variable, not a tuple per string).
let stringEnd = 0;

/**
 * Reads a JSON string at b[p] === '"' and sets stringEnd; null when the buffer ends first,
 * undefined for an invalid string.
 */
function fastString(b: string, p: number): string | null | undefined {
  let end = b.indexOf('"', p + 1);
  while (end > 0) {
    let bs = 0;
    for (let i = end - 1; b.charCodeAt(i) === 92; i--) bs++;
    if (bs % 2 === 0) break;
    end = b.indexOf('"', end + 1);
  }
  if (end < 0) return null;
  stringEnd = end + 1;
  const raw = b.slice(p + 1, end);
  return raw.indexOf('\\') < 0 ? raw : unescapeJson(raw);
}

// JSON strings may not hold these raw.
const CONTROL_CHAR = /[\u0000-\u001f]/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPED: Record<number, string> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

/**
 * What `JSON.parse('"' + raw + '"')` returns for the inside of a string (undefined where it would
 * throw), without building and parsing a copy of every escaped log line.
 */
function unescapeJson(raw: string): string | undefined {
  if (CONTROL_CHAR.test(raw)) return undefined;
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('\\'); i !== -1; i = raw.indexOf('\\', last)) {
    const e = raw.charCodeAt(i + 1);
    let ch = ESCAPED[e];
    let len = 2;
    if (ch === undefined) {
      if (e !== 117 || !HEX4.test(raw.slice(i + 2, i + 6))) return undefined;
      ch = String.fromCharCode(Number.parseInt(raw.slice(i + 2, i + 6), 16));
      len = 6;
    }
    out += raw.slice(last, i) + ch;
    last = i + len;
  }
  return out + raw.slice(last);
}

/** Loki's `["<ns>", "<line>"]` pair; anything else (structured metadata, bad shapes) takes the general path. */
export function fastPair(b: string, pos: number): { value: unknown; end: number } | null | undefined {
  if (b.charCodeAt(pos) !== 91) return undefined;
  let p = skipSpace(b, pos + 1);
  if (p >= b.length) return null;
  if (b.charCodeAt(p) !== 34) return undefined;
  const first = fastString(b, p);
  if (typeof first !== 'string') return first;
  p = skipSpace(b, stringEnd);
  if (p >= b.length) return null;
  if (b.charCodeAt(p) !== 44) return undefined;
  p = skipSpace(b, p + 1);
  if (p >= b.length) return null;
  if (b.charCodeAt(p) !== 34) return undefined;
  const second = fastString(b, p);
  if (typeof second !== 'string') return second;
  p = skipSpace(b, stringEnd);
  if (p >= b.length) return null;
  if (b.charCodeAt(p) !== 93) return undefined;
  return { value: [first, second], end: p + 1 };
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly path: string,
  ) {
    super(message);
  }
}

export function formatPath(path: readonly PathSeg[]): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return out;
}

const enum Expect {
  Value,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
  ValueOrEnd,
}

interface Frame {
  obj: boolean;
  container: Record<string, unknown> | unknown[];
  key: string;
  index: number;
  split: boolean;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export class JsonStreamParser {
  private buf = '';
  private pos = 0;
  private consumed = 0;
  private readonly frames: Frame[] = [];
  private readonly path: PathSeg[] = [];
  private expect: Expect = Expect.Value;
  private root: unknown = undefined;
  private haveRoot = false;
  private insideSplit = 0;
  // Text the next parse waits for. An unfinished value is read again from its start, so a value
  // longer than a chunk is retried only once the text has doubled: linear, not quadratic, time.
  private waitFor = 0;

  constructor(private readonly opts: JsonStreamOptions) {}

  write(chunk: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.consumed += this.pos;
    this.pos = 0;
    if (this.buf.length < this.waitFor) return;
    this.run(false);
    this.waitFor = 2 * (this.buf.length - this.pos);
  }

  end(): unknown {
    this.run(true);
    this.skipWs();
    if (this.pos < this.buf.length) this.fail('unexpected data after the JSON value');
    if (!this.haveRoot || this.frames.length > 0) this.fail('the document ends before the JSON value is complete');
    return this.root;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} (at character ${this.consumed + this.pos})`, this.consumed + this.pos, formatPath(this.path.slice(0, this.frames.length)));
  }

  private skipWs(): void {
    const b = this.buf;
    let p = this.pos;
    while (p < b.length) {
      const c = b.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private complete(value: unknown): void {
    const depth = this.frames.length;
    if (depth === 0) {
      this.root = value;
      this.haveRoot = true;
      this.expect = Expect.CommaOrEnd;
      return;
    }
    const parent = this.frames[depth - 1]!;
    if (this.insideSplit === 0 && this.opts.split(this.path)) {
      this.opts.onValue(this.path, value);
    } else if (parent.obj) setOwn(parent.container as Record<string, unknown>, parent.key, value);
    else (parent.container as unknown[]).push(value);
    this.expect = Expect.CommaOrEnd;
  }

  private open(obj: boolean): void {
    const depth = this.frames.length;
    const split = depth > 0 && this.insideSplit === 0 && this.opts.split(this.path);
    if (split) this.insideSplit++;
    this.frames.push({ obj, container: obj ? {} : [], key: '', index: 0, split });
    this.path[depth + 0] = obj ? '' : 0;
    this.path.length = depth + 1;
    this.expect = obj ? Expect.KeyOrEnd : Expect.ValueOrEnd;
  }

  private close(): void {
    const frame = this.frames.pop()!;
    this.path.length = this.frames.length;
    if (frame.split) {
      this.insideSplit--;
      this.opts.onValue(this.path, frame.container);
      this.expect = Expect.CommaOrEnd;
      if (this.frames.length === 0) {
        this.haveRoot = true;
      }
      return;
    }
    this.complete(frame.container);
  }

  /** Reads a string starting at pos ('"'); returns undefined when the chunk ends inside it. */
  private readString(): string | undefined {
    const got = fastString(this.buf, this.pos);
    if (got === null) return undefined;
    if (got === undefined) this.fail('invalid escape in a string');
    this.pos = stringEnd;
    return got;
  }

  private run(final: boolean): void {
    const b = this.buf;
    for (;;) {
      this.skipWs();
      if (this.pos >= b.length) return;
      const c = b.charCodeAt(this.pos);
      const top = this.frames[this.frames.length - 1];
      switch (this.expect) {
        case Expect.KeyOrEnd:
        case Expect.Key: {
          if (c === 125 /* } */ && this.expect === Expect.KeyOrEnd) {
            this.pos++;
            this.close();
            continue;
          }
          if (c !== 34) this.fail('expected a property name');
          const key = this.readString();
          if (key === undefined) return;
          top!.key = key;
          this.path[this.frames.length - 1] = key;
          this.expect = Expect.Colon;
          continue;
        }
        case Expect.Colon:
          if (c !== 58) this.fail('expected ":"');
          this.pos++;
          this.expect = Expect.Value;
          continue;
        case Expect.CommaOrEnd: {
          if (!top) {
            if (!final) return;
            this.fail('unexpected data after the JSON value');
          }
          if (c === 44 /* , */) {
            this.pos++;
            if (top.obj) this.expect = Expect.Key;
            else {
              top.index++;
              this.path[this.frames.length - 1] = top.index;
              this.expect = Expect.Value;
            }
            continue;
          }
          if ((c === 125 && top.obj) || (c === 93 && !top.obj)) {
            this.pos++;
            this.close();
            continue;
          }
          this.fail(top.obj ? 'expected "," or "}"' : 'expected "," or "]"');
        }
        // falls through (unreachable)
        case Expect.ValueOrEnd:
          if (c === 93 /* ] */) {
            this.pos++;
            this.close();
            continue;
          }
        // falls through
        case Expect.Value: {
          if (this.haveRoot && this.frames.length === 0) this.fail('unexpected data after the JSON value');
          if (this.opts.fast && c === 91 && this.insideSplit === 0 && this.frames.length > 0) {
            if (this.opts.split(this.path)) {
              const got = this.opts.fast(b, this.pos);
              if (got === null && !final) return;
              if (got) {
                this.pos = got.end;
                this.opts.onValue(this.path, got.value);
                this.expect = Expect.CommaOrEnd;
                continue;
              }
            }
          }
          if (c === 123) {
            this.pos++;
            this.open(true);
            continue;
          }
          if (c === 91) {
            this.pos++;
            this.open(false);
            continue;
          }
          if (c === 34) {
            const s = this.readString();
            if (s === undefined) return;
            this.complete(s);
            continue;
          }
          if (c === 45 || (c >= 48 && c <= 57)) {
            NUMBER.lastIndex = this.pos;
            const m = NUMBER.exec(b);
            if (!m) {
              if (!final && /^-?[\d.eE+-]*$/.test(b.slice(this.pos))) return;
              this.fail('invalid number');
            }
            // A number may continue in the next chunk ("-5e" then "-324").
            if (!final && /^[\d.eE+-]*$/.test(b.slice(this.pos + m[0].length, this.pos + m[0].length + 32)) && this.pos + m[0].length + 32 > b.length) return;
            this.pos += m[0].length;
            this.complete(Number(m[0]));
            continue;
          }
          const lit = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
          if (!lit) this.fail('unexpected character');
          if (b.length - this.pos < lit.length) {
            if (!final) return;
            this.fail('truncated literal');
          }
          if (!b.startsWith(lit, this.pos)) this.fail('unexpected character');
          this.pos += lit.length;
          this.complete(lit === 'true' ? true : lit === 'false' ? false : null);
          continue;
        }
      }
    }
  }
}
