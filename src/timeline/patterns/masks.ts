import { isDigit, isHex, isWord } from './chars.js';

export interface MaskRule {
  name: string;
  regex: RegExp;
  /** Defaults to the miner's parameter token. `$1` style group references are honoured. */
  replacement?: string;
  /** The rule cannot match a line without a digit, so such lines skip it (speed only). */
  needsDigit?: boolean;
  /**
   * False only when the rule cannot match the text (speed only: skips the regex). Also false for
   * any text made from that one by replacing spans with markers (characters only go away).
   */
  mayMatch?: (text: string) => boolean;
  /**
   * A hand-written scanner that finds exactly what `regex` finds (speed only, for the rules that run
   * on nearly every line): the first match at or after `from` in the first `length` code units goes
   * into `span`; false when none. Used only without a `replacement`.
   */
  find?: (codes: Codes, length: number, from: number, span: Span) => boolean;
}

/**
 * A text's UTF-16 code units followed by at least two NULs, so scanners may look two past the end.
 * Masked spans read as MARK_CODE, which no rule matches or treats as a word character, as markers.
 */
export type Codes = Uint16Array;

export interface Span {
  start: number;
  end: number;
}

const hasDash = (t: string): boolean => t.includes('-');
const hasColon = (t: string): boolean => t.includes(':');
const hasDot = (t: string): boolean => t.includes('.');
// `0x…`, or a run of at least eight hex digits.
function mayBeHex(t: string): boolean {
  if (t.includes('0x') || t.includes('0X')) return true;
  let run = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
      if (++run >= 8) return true;
    } else run = 0;
  }
  return false;
}

// Every IPv6 alternative has `::` or seven colons.
function mayBeIpv6(t: string): boolean {
  let at = t.indexOf(':');
  if (at === -1) return false;
  if (t.includes('::')) return true;
  let colons = 0;
  while (at !== -1) {
    if (++colons >= 7) return true;
    at = t.indexOf(':', at + 1);
  }
  return false;
}

// Kubernetes' SafeEncodeString alphabet (no vowels, no 0/1/3) used for ReplicaSet and pod suffixes;
// restricting to it keeps words such as `-admin` or `-proxy` intact.
const K8S = '[bcdfghjklmnpqrstvwxz2456789]';

const UUID: MaskRule = {
  name: 'uuid',
  mayMatch: hasDash,
  regex: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
};
const POD_HASH: MaskRule = {
  name: 'pod-hash',
  mayMatch: hasDash,
  regex: new RegExp(`(?<=[a-z0-9]-)${K8S}{6,10}-${K8S}{5}\\b|(?<=[a-z0-9]-)(?=${K8S}{0,4}\\d)${K8S}{5}\\b`, 'g'),
};
const IPV6: MaskRule = {
  name: 'ipv6',
  mayMatch: mayBeIpv6,
  // Full eight-group form, or a compressed form containing `::`; an optional `%zone` and `]:port`.
  regex:
    /\[?(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?|::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?)(?:%\w+)?(?![\w:])(?:\]:\d{1,5}\b|\])?/g,
};
const IPV4: MaskRule = {
  name: 'ipv4',
  needsDigit: true,
  mayMatch: hasDot,
  regex: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])/g,
};
// The HEX regex: a word that is `0x` + hex digits, or eight or more hex digits with a digit and a letter.
function findHex(t: Codes, n: number, from: number, span: Span): boolean {
  let i = from;
  // Both alternatives start at a word boundary: never inside a word.
  if (i > 0) while (i < n && isWord(t[i - 1]!) && isWord(t[i]!)) i++;
  while (i < n) {
    const c = t[i]!;
    if (!isWord(c)) {
      i++;
      continue;
    }
    if (isHex(c)) {
      const x = t[i + 1]!;
      if (c === 48 && (x === 120 || x === 88) && isHex(t[i + 2]!)) {
        let e = i + 3;
        while (e < n && isHex(t[e]!)) e++;
        if (e >= n || !isWord(t[e]!)) {
          span.start = i;
          span.end = e;
          return true;
        }
      }
      let e = i;
      let digit = false;
      let letter = false;
      for (; e < n; e++) {
        const d = t[e]!;
        if (isDigit(d)) digit = true;
        else if (isHex(d)) letter = true;
        else break;
      }
      if (digit && letter && e - i >= 8 && (e >= n || !isWord(t[e]!))) {
        span.start = i;
        span.end = e;
        return true;
      }
      i = e;
    }
    while (i < n && isWord(t[i]!)) i++;
  }
  return false;
}

const HEX: MaskRule = {
  name: 'hex',
  needsDigit: true,
  mayMatch: mayBeHex,
  find: findHex,
  regex: /\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g,
};

// End of `\d+(?:\.\d+)?` at `i` (a digit), the fraction only when a digit follows the dot.
function decimalEnd(t: Codes, i: number): number {
  while (isDigit(t[i]!)) i++;
  if (t[i]! === 46 && isDigit(t[i + 1]!)) {
    i += 2;
    while (isDigit(t[i]!)) i++;
  }
  return i;
}

// End of the unit at `i` (`ns|µs|μs|us|ms|s|m|h`, longest first as the alternation tries them), or -1.
function unitEnd(t: Codes, i: number): number {
  const c = t[i]!;
  if (c === 110 || c === 0xb5 || c === 0x3bc || c === 117) return t[i + 1]! === 115 ? i + 2 : -1;
  if (c === 109) return t[i + 1]! === 115 ? i + 2 : i + 1;
  if (c === 115 || c === 104) return i + 1;
  return -1;
}

// `[\w.]`: what may not touch a duration.
function touchesDuration(c: number): boolean {
  return isWord(c) || c === 46;
}

// `[A-Za-z0-9.]`: what may not touch a number.
function touchesNumber(c: number): boolean {
  return (isWord(c) && c !== 95) || c === 46;
}

// A digit, or a sign (`+` 43, `-` 45): where a signed number can start.
function startsNumber(c: number): boolean {
  return c <= 57 && (c >= 48 || c === 43 || c === 45);
}

/**
 * The DURATION regex. Its match is the greedy parse or nothing: every shorter parse ends before a
 * digit, a unit letter or a dot, which the lookahead refuses.
 */
function findDuration(t: Codes, n: number, from: number, span: Span): boolean {
  for (let i = from; i < n; i++) {
    const c = t[i]!;
    if (!startsNumber(c) || (i > 0 && touchesDuration(t[i - 1]!))) continue;
    let e = c <= 45 ? i + 1 : i;
    if (!isDigit(t[e]!)) continue;
    let units = 0;
    for (;;) {
      const u = unitEnd(t, decimalEnd(t, e));
      if (u === -1) break;
      e = u;
      units++;
      if (!isDigit(t[e]!)) break;
    }
    if (units === 0 || (e < n && touchesDuration(t[e]!))) continue;
    span.start = i;
    span.end = e;
    return true;
  }
  return false;
}

// The NUMBER regex; as with durations only the greedy parse can pass the lookahead.
function findNumber(t: Codes, n: number, from: number, span: Span): boolean {
  for (let i = from; i < n; i++) {
    const c = t[i]!;
    if (!startsNumber(c) || (i > 0 && touchesNumber(t[i - 1]!))) continue;
    const at = c <= 45 ? i + 1 : i;
    if (!isDigit(t[at]!)) continue;
    const e = decimalEnd(t, at);
    if (e < n && touchesNumber(t[e]!)) continue;
    span.start = i;
    span.end = e;
    return true;
  }
  return false;
}

const DURATION: MaskRule = {
  name: 'duration',
  needsDigit: true,
  find: findDuration,
  regex: /(?<![\w.])[-+]?(?:\d+(?:\.\d+)?(?:ns|µs|μs|us|ms|s|m|h))+(?![\w.])/g,
};
const TIME_OF_DAY: MaskRule = {
  name: 'time',
  needsDigit: true,
  mayMatch: hasColon,
  regex: /(?<![\w:.])\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)(?![\w:])/g,
};
const NUMBER: MaskRule = {
  name: 'number',
  needsDigit: true,
  find: findNumber,
  regex: /(?<![A-Za-z0-9.])[-+]?\d+(?:\.\d+)?(?![A-Za-z0-9.])/g,
};
const MON = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DOW = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// Whole dates inside a message (`at Fri Jun 17 07:07:00 2005`, ISO stamps) are one variable, not five.
const DATETIME: MaskRule = {
  name: 'datetime',
  needsDigit: true,
  mayMatch: hasColon,
  regex: new RegExp(
    `\\b(?:${DOW},?\\s+)?${MON}\\s+\\d{1,2},?\\s+(?:\\d{4}\\s+)?\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:\\s+\\d{4})?\\b|\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?(?![\\w:])`,
    'g',
  ),
};
const FQDN: MaskRule = {
  name: 'fqdn',
  mayMatch: hasDot,
  regex: /(?<![\w.-])(?=[\w-]*\d)(?:[\w-]+\.){2,}[A-Za-z][\w-]*(?![\w.-])/g,
};
const QUOTED: MaskRule = {
  name: 'quoted',
  regex: /"(?:[^"\\]|\\.){0,200}"|'(?:[^'\\]|\\.){0,200}'/g,
};

export const MASKS = { DATETIME, FQDN, UUID, POD_HASH, IPV6, IPV4, HEX, DURATION, TIME_OF_DAY, NUMBER, QUOTED } as const;

/**
 * §5.2 order, ids first so their digits are not eaten by the number rule; whole dates before all of
 * them. Quoted strings stay unmasked: they often carry the words that tell two events apart.
 */
export const DEFAULT_MASKS: readonly MaskRule[] = [DATETIME, UUID, POD_HASH, IPV4, IPV6, HEX, DURATION, TIME_OF_DAY, NUMBER];

export function maskVariables(body: string, masks: readonly MaskRule[] = DEFAULT_MASKS, paramToken = '<*>'): string {
  let out = body;
  for (const m of masks) {
    if (m.mayMatch && !m.mayMatch(out)) continue;
    m.regex.lastIndex = 0;
    out = out.replace(m.regex, m.replacement ?? paramToken);
  }
  return out;
}

// Masked spans become private-use markers so the original text of every parameter can be recovered
// after tokenising (for the top values per slot). A marker is MARK + one char encoding its index.
export const MARK = '\uE000';
const MARK_CODE = 0xe000;
const MARK_BASE = 0xe100;
const MAX_MARKS = 0xf8ff - MARK_BASE;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;
const DIGIT = /\d/;
const MARKER = /\uE000([\uE100-\uF8FF])/g;

export interface MaskedText {
  /** Text with each masked span replaced by a marker. */
  marked: string;
  originals: string[];
}

const found: Span = { start: 0, end: 0 };
// Scratch space of maskWithMarkers, reused across lines (it never runs twice at once).
const pendingRules: MaskRule[] = [];
let codes: Codes = new Uint16Array(1024);
// Spans found by markFound: the first spanCount entries (array lengths are never cut back, as
// setting a length is slow).
const spanStarts: number[] = [];
const spanEnds: number[] = [];
const spanMarkers: string[] = [];
let spanCount = 0;

// Marker strings by index, made once: most lines use the same first few.
const markers: string[] = [];

function markMatch(match: string, originals: string[]): string {
  if (originals.length >= MAX_MARKS) return match;
  originals.push(unmark(match, originals));
  const index = originals.length - 1;
  return (markers[index] ??= MARK + String.fromCharCode(MARK_BASE + index));
}

// Text order for the spans of several rules: an insertion sort, as there are only a few.
function sortSpans(): void {
  for (let i = 1; i < spanCount; i++) {
    const start = spanStarts[i] as number;
    const end = spanEnds[i] as number;
    const marker = spanMarkers[i] as string;
    let j = i;
    for (; j > 0 && (spanStarts[j - 1] as number) > start; j--) {
      spanStarts[j] = spanStarts[j - 1] as number;
      spanEnds[j] = spanEnds[j - 1] as number;
      spanMarkers[j] = spanMarkers[j - 1] as string;
    }
    spanStarts[j] = start;
    spanEnds[j] = end;
    spanMarkers[j] = marker;
  }
}

/**
 * `text.replace(rule.regex, markMatch)` for each rule in turn, with the text copied and rebuilt only
 * once: each rule scans the code units with the earlier rules' matches blanked out, which reads to
 * it exactly like their markers (a scanner looks at most one character around a match, and neither
 * a marker nor a blank is anything to it).
 */
function markFound(text: string, rules: readonly MaskRule[], ruleCount: number, originals: string[]): string {
  const n = text.length;
  if (codes.length < n + 2) codes = new Uint16Array(2 * n + 2);
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  codes[n] = 0;
  codes[n + 1] = 0;
  spanCount = 0;
  for (let r = 0; r < ruleCount; r++) {
    const find = rules[r]!.find as NonNullable<MaskRule['find']>;
    const before = spanCount;
    for (let from = 0; find(codes, n, from, found); from = found.end) {
      // Past MAX_MARKS a match stays as it is, for the later rules too.
      if (originals.length >= MAX_MARKS) continue;
      spanStarts[spanCount] = found.start;
      spanEnds[spanCount] = found.end;
      spanMarkers[spanCount] = markMatch(text.slice(found.start, found.end), originals);
      spanCount++;
    }
    // Blanked only now: a rule's own matches do not change what it sees, as with one regex pass.
    for (let k = before; k < spanCount; k++) {
      for (let i = spanStarts[k] as number; i < (spanEnds[k] as number); i++) codes[i] = MARK_CODE;
    }
  }
  if (spanCount === 0) return text;
  sortSpans();
  let out = '';
  let last = 0;
  for (let k = 0; k < spanCount; k++) {
    out += text.slice(last, spanStarts[k] as number) + (spanMarkers[k] as string);
    last = spanEnds[k] as number;
  }
  return out + text.slice(last);
}

export function maskWithMarkers(body: string, masks: readonly MaskRule[]): MaskedText {
  let marked = PRIVATE_USE.test(body) ? body.replace(PRIVATE_USE, '\uFFFD') : body;
  PRIVATE_USE.lastIndex = 0;
  const originals: string[] = [];
  const hasDigit = DIGIT.test(marked);
  // Consecutive rules with a scanner wait in pendingRules (the first `pending`) and run as one pass.
  let pending = 0;
  for (const m of masks) {
    if (m.needsDigit && !hasDigit) continue;
    if (m.find && m.replacement === undefined) {
      pendingRules[pending++] = m;
      continue;
    }
    // Tried on the text before the pending rules: false there is false after them too.
    if (m.mayMatch && !m.mayMatch(marked)) continue;
    if (pending > 0) {
      marked = markFound(marked, pendingRules, pending, originals);
      pending = 0;
      if (m.mayMatch && !m.mayMatch(marked)) continue;
    }
    m.regex.lastIndex = 0;
    if (m.replacement !== undefined) {
      marked = marked.replace(m.regex, m.replacement);
      continue;
    }
    marked = marked.replace(m.regex, (match: string) => markMatch(match, originals));
  }
  if (pending > 0) marked = markFound(marked, pendingRules, pending, originals);
  return { marked, originals };
}

export function unmark(text: string, originals: readonly string[]): string {
  if (!text.includes(MARK)) return text;
  return text.replace(MARKER, (_m, c: string) => originals[c.charCodeAt(0) - MARK_BASE] ?? '');
}

/** The original text of a token that is exactly one marker, else undefined. */
export function markedValue(tok: string, originals: readonly string[]): string | undefined {
  return tok.length === 2 && tok.charCodeAt(0) === MARK_CODE ? (originals[tok.charCodeAt(1) - MARK_BASE] ?? '') : undefined;
}

/** A token with markers as [masked with paramToken, original text]; one pass, no regex. */
export function expandToken(tok: string, originals: readonly string[], paramToken: string): [string, string] {
  const whole = markedValue(tok, originals);
  if (whole !== undefined) return [paramToken, whole];
  let at = tok.indexOf(MARK);
  if (at === -1) return [tok, tok];
  let masked = '';
  let value = '';
  let last = 0;
  while (at !== -1) {
    const lit = tok.slice(last, at);
    masked += lit + paramToken;
    value += lit + (originals[tok.charCodeAt(at + 1) - MARK_BASE] ?? '');
    last = at + 2;
    at = tok.indexOf(MARK, last);
  }
  const tail = tok.slice(last);
  return [masked + tail, value + tail];
}
