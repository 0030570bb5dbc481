export interface MaskRule {
  name: string;
  regex: RegExp;
  /** Defaults to the miner's parameter token. `$1` style group references are honoured. */
  replacement?: string;
  /** The rule cannot match a line without a digit, so such lines skip it (speed only). */
  needsDigit?: boolean;
  /** False only when the rule cannot match the text (speed only: skips the regex). */
  mayMatch?: (text: string) => boolean;
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
const HEX: MaskRule = {
  name: 'hex',
  needsDigit: true,
  mayMatch: mayBeHex,
  regex: /\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g,
};
const DURATION: MaskRule = {
  name: 'duration',
  needsDigit: true,
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

export function maskWithMarkers(body: string, masks: readonly MaskRule[]): MaskedText {
  let marked = PRIVATE_USE.test(body) ? body.replace(PRIVATE_USE, '\uFFFD') : body;
  PRIVATE_USE.lastIndex = 0;
  const originals: string[] = [];
  const hasDigit = DIGIT.test(marked);
  for (const m of masks) {
    if (m.needsDigit && !hasDigit) continue;
    if (m.mayMatch && !m.mayMatch(marked)) continue;
    m.regex.lastIndex = 0;
    if (m.replacement !== undefined) {
      marked = marked.replace(m.regex, m.replacement);
      continue;
    }
    marked = marked.replace(m.regex, (match: string) => {
      if (originals.length >= MAX_MARKS) return match;
      originals.push(unmark(match, originals));
      return MARK + String.fromCharCode(MARK_BASE + originals.length - 1);
    });
  }
  return { marked, originals };
}

export function unmark(text: string, originals: readonly string[]): string {
  if (!text.includes(MARK)) return text;
  return text.replace(MARKER, (_m, c: string) => originals[c.charCodeAt(0) - MARK_BASE] ?? '');
}

/** A token with markers as [masked with paramToken, original text]; one pass, no regex. */
export function expandToken(tok: string, originals: readonly string[], paramToken: string): [string, string] {
  let at = tok.indexOf(MARK);
  if (at === -1) return [tok, tok];
  if (at === 0 && tok.length === 2) return [paramToken, originals[tok.charCodeAt(1) - MARK_BASE] ?? ''];
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
