// Header stripping before template mining: only the message body goes to Drain (Drain3's advice), so
// timestamps, levels, hosts and logger prefixes neither split nor pollute templates.

import { isLineTerminator, isLogfmtKeyChar, isSpace } from './chars.js';

export type HeaderStyle = 'json' | 'logfmt' | 'cri' | 'klog' | 'rfc5424' | 'syslog' | 'access' | 'timestamp' | 'level' | 'none';

export interface StrippedLine {
  body: string;
  /** Normalised: critical, error, warning, info, debug. */
  level?: string;
  /** The raw timestamp text of the header, when one was found. */
  ts?: string;
  host?: string;
  app?: string;
  pid?: string;
  logger?: string;
  style?: HeaderStyle;
}

const LEVELS: Record<string, string> = {
  emerg: 'critical', emergency: 'critical', panic: 'critical', alert: 'critical', crit: 'critical',
  critical: 'critical', fatal: 'critical', f: 'critical',
  err: 'error', error: 'error', severe: 'error', e: 'error', eror: 'error',
  warn: 'warning', warning: 'warning', w: 'warning', wrn: 'warning',
  notice: 'info', info: 'info', informational: 'info', i: 'info', inf: 'info', information: 'info',
  debug: 'debug', dbg: 'debug', trace: 'debug', verbose: 'debug', fine: 'debug', finer: 'debug', finest: 'debug',
  d: 'debug', t: 'debug', trc: 'debug',
};

const SYSLOG_SEVERITY = ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug'];

export function normalizeLevel(raw: string | number | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // A number, or one digit 0-7 (as /^[0-7]$/ tests it).
  if (typeof raw === 'number' || (raw.length === 1 && raw >= '0' && raw <= '7')) return SYSLOG_SEVERITY[Number(raw)];
  return LEVELS[raw.trim().toLowerCase()];
}

const MON = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DOW = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const FRAC = '(?:[.,]\\d{1,9})?';
const ZONE = '(?:\\s?(?:Z|[+-]\\d{2}:?\\d{2}|UTC|GMT))?';

const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([FP]) ?/;
const KLOG = /^([IWEF])(\d{4} \d{2}:\d{2}:\d{2}\.\d{6})\s+(\d+)\s+([^\s\]]+)\]\s?/;
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+) ?/;
const PRI = /^<(\d{1,3})>/;
// RFC 3164 §5.4 also shows `Aug 24 05:34:00 CST 1987 host tag:`; a zone is taken only with a year.
const SYSLOG_TS = new RegExp(`^(${MON}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}${FRAC}(?:\\s[A-Z]{3,4}\\s\\d{4}|\\s\\d{4})?)\\s+`);
const SYSLOG_HOST_TAG = /^(\S+)\s+(?:([^\s:[]+(?:\s\d[\w.]*)?)(?:\[(\d+)\])?:\s?)?/;
const TIMESTAMPS: RegExp[] = [
  new RegExp(`^\\[?(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}${FRAC})?${ZONE})\\]?`),
  new RegExp(`^\\[?(\\d{2,4}/\\d{2}/\\d{2}[ T-]\\d{2}:\\d{2}:\\d{2}${FRAC}${ZONE})\\]?`),
  new RegExp(`^\\[?(${DOW}\\s+${MON}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}${FRAC}\\s+\\d{4})\\]?`),
  new RegExp(`^\\[?(\\d{2}/${MON}/\\d{4}:\\d{2}:\\d{2}:\\d{2}${FRAC}(?:\\s[+-]\\d{4})?)\\]?`),
  new RegExp(`^\\[?(\\d{2}-${MON}-\\d{4} \\d{2}:\\d{2}:\\d{2}${FRAC})\\]?`),
  /^\[?(\d{6,8}[ T-]\d{6}(?:[.,]\d{1,9})?)\]?/,
  /^\[?(\d{10}(?:\.\d{1,9})?)\]?(?=\s)/,
  new RegExp(`^\\[?(\\d{2}:\\d{2}:\\d{2}${FRAC})\\]?`),
];
const SEP = /^(?:\s*[-|:]\s+|\s+)/;
const LEVEL_WORD = /^(?:\[|<|\()?([A-Za-z]{1,13})(?:\]|>|\))?(?::\s*|\s+|$)/;
const CORE_LEVEL = /^(?:info|warn|warning|error|err|debug|trace|fatal|crit|critical|notice)$/i;
const PID_BEFORE_LEVEL = /^(\d+)\s+(?=[A-Za-z])/;
// `[thread]` or log4j's `[thread:Class@line] - `; spaces are allowed only in the ` - ` form.
// Bounded repeats keep a line of unbalanced brackets from costing quadratic time.
const BRACKETED =
  /^\[([^\]\s]{0,200}(?:\[[^\]]{0,100}\][^\]\s]{0,100}){0,4})\](?:\s+-\s+|:\s+|\s+)|^\[([^\]]{0,200}(?:\[[^\]]{0,100}\][^\]]{0,100}){0,4})\]\s+-\s+/;
// A logger name such as `dfs.DataNode$PacketResponder:` or `com.foo.Bar - `: dotted or with `$`.
const LOGGER = /^([A-Za-z_][\w$]*(?:[.$][\w$]+)+(?:@\d+)?)(?::\s+|\s+-\s+)/;

// NCSA common/combined log format (Apache, nginx, ingress-nginx access logs).
const ACCESS = new RegExp(`^(\\S+) \\S+ \\S+ \\[(\\d{2}/${MON}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?)\\] ("(?:[^"\\\\]|\\\\.)*") (\\d{3}) ?`);

const STATUS_CLASS: Record<string, string> = { '1': 'informational', '2': 'success', '3': 'redirect', '4': 'client-error', '5': 'server-error' };

function accessHeader(line: string): StrippedLine | undefined {
  const m = ACCESS.exec(line);
  if (!m) return undefined;
  const status = m[4] as string;
  // The status class leads the body so 5xx and 2xx lines never share a template once numbers are
  // masked; a word, because a token with a digit would take the tree's `<*>` branch. It is also the
  // only level an access log has.
  const cls = STATUS_CLASS[status[0] as string] ?? 'status';
  const level = status[0] === '5' ? 'error' : status[0] === '4' ? 'warning' : 'info';
  return { body: `${cls} ${m[3]} ${status} ${line.slice(m[0].length)}`.trimEnd(), level, ts: m[2] as string, host: m[1] as string, style: 'access' };
}

const JSON_MSG = ['msg', 'message', 'MESSAGE', 'log', '@message', 'text', 'textPayload', 'event'];
const JSON_LEVEL = ['level', 'lvl', 'severity', 'levelname', 'loglevel', 'log.level', '@level', 'PRIORITY', 'detected_level'];
const JSON_TS = ['ts', 'time', 'timestamp', '@timestamp', 't', 'date', 'datetime', '__REALTIME_TIMESTAMP'];
const JSON_ERR = ['error', 'err', 'exception'];

function jsonHeader(line: string): StrippedLine | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as Record<string, unknown>;
  const pick = (keys: string[]): unknown => {
    for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
    return undefined;
  };
  const rawLevel = pick(JSON_LEVEL);
  const msg = pick(JSON_MSG);
  const ts = pick(JSON_TS);
  let body: string;
  let level = typeof rawLevel === 'string' || typeof rawLevel === 'number' ? normalizeLevel(rawLevel) : undefined;
  if (typeof msg === 'string') {
    // Docker json-file and similar wrappers carry a whole log line, header included.
    const inner = msg.trim().startsWith('{') ? jsonHeader(msg.trim()) : lineHeader(msg.replace(/\r?\n$/, ''));
    body = inner ? inner.body : msg;
    level ??= inner?.level;
    const err = pick(JSON_ERR);
    if (typeof err === 'string' && err !== '') body += ` error=${err}`;
  } else {
    const skip = new Set([...JSON_LEVEL, ...JSON_TS]);
    body = Object.entries(o)
      .filter(([k]) => !skip.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
  }
  const out: StrippedLine = { body, style: 'json' };
  if (level) out.level = level;
  if (typeof ts === 'string' || typeof ts === 'number') out.ts = String(ts);
  return out;
}

const enum LogfmtKey {
  Other,
  Ts,
  Level,
  Msg,
}
// By length, compared in place: cutting every key out of the line to look it up costs more than the parse.
const LOGFMT_KEYS: Array<Array<{ name: string; kind: LogfmtKey }>> = [];
for (const [kind, names] of [
  [LogfmtKey.Ts, ['ts', 'time', 'timestamp', 't']],
  [LogfmtKey.Level, ['level', 'lvl', 'severity', 'loglevel']],
  [LogfmtKey.Msg, ['msg', 'message']],
] as const) {
  for (const name of names) (LOGFMT_KEYS[name.length] ??= []).push({ name, kind });
}

function logfmtKey(line: string, start: number, end: number): LogfmtKey {
  const sameLength = LOGFMT_KEYS[end - start];
  if (!sameLength) return LogfmtKey.Other;
  next: for (const { name, kind } of sameLength) {
    for (let k = 0; k < name.length; k++) if (line.charCodeAt(start + k) !== name.charCodeAt(k)) continue next;
    return kind;
  }
  return LogfmtKey.Other;
}

const BACKSLASH_ESCAPE = /\\(.)/g;

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  const inner = v.slice(1, -1);
  return inner.includes('\\') ? inner.replace(BACKSLASH_ESCAPE, '$1') : inner;
}

/**
 * End of the logfmt value at `at`: `"(?:[^"\\]|\\.)*"` when the quote closes, else `\S*`
 * (what the regex `([\w.\-@/]+)=("(?:[^"\\]|\\.)*"|\S*)` takes, by hand because it runs per line).
 */
function logfmtValueEnd(line: string, at: number): number {
  const n = line.length;
  if (line.charCodeAt(at) === 34) {
    for (let i = at + 1; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c === 92) {
        if (i + 1 >= n || isLineTerminator(line.charCodeAt(i + 1))) break;
        i++;
      }
    }
  }
  let i = at;
  while (i < n && !isSpace(line.charCodeAt(i))) i++;
  return i;
}

function joinPairs(pairs: string, more: string): string {
  return pairs === '' ? more : `${pairs} ${more}`;
}

/** `key=value` pairs separated by white space and nothing else, with a ts, level or msg key. */
function logfmtHeader(line: string): StrippedLine | undefined {
  const n = line.length;
  let pairs = 0;
  let known = false;
  let level: string | undefined;
  let ts: string | undefined;
  let msg: string | undefined;
  // The other pairs joined by single spaces. Pairs that sit that way in the line are taken as one
  // slice of it (a run), not cut out and joined one by one.
  let rest = '';
  let runStart = -1;
  let runEnd = -1;
  let pos = 0;
  for (;;) {
    while (pos < n && isSpace(line.charCodeAt(pos))) pos++;
    if (pos >= n) break;
    // The first pair starts the line.
    if (pairs === 0 && pos > 0) return undefined;
    const keyStart = pos;
    while (pos < n && isLogfmtKeyChar(line.charCodeAt(pos))) pos++;
    if (pos === keyStart || line.charCodeAt(pos) !== 61) return undefined;
    const keyEnd = pos;
    const valueEnd = logfmtValueEnd(line, keyEnd + 1);
    pairs++;
    const kind = logfmtKey(line, keyStart, keyEnd);
    if (kind !== LogfmtKey.Other) known = true;
    if (kind === LogfmtKey.Level && level === undefined) level = normalizeLevel(unquote(line.slice(keyEnd + 1, valueEnd))) ?? '';
    else if (kind === LogfmtKey.Ts && ts === undefined) ts = unquote(line.slice(keyEnd + 1, valueEnd));
    else if (kind === LogfmtKey.Msg && msg === undefined) msg = unquote(line.slice(keyEnd + 1, valueEnd));
    // `k=v` is never empty, so every pair joins the body.
    else if (runStart !== -1 && runEnd === keyStart - 1 && line.charCodeAt(runEnd) === 32) runEnd = valueEnd;
    else {
      if (runStart !== -1) rest = joinPairs(rest, line.slice(runStart, runEnd));
      runStart = keyStart;
      runEnd = valueEnd;
    }
    pos = valueEnd;
  }
  if (pairs < 2 || !known) return undefined;
  if (runStart !== -1) rest = joinPairs(rest, line.slice(runStart, runEnd));
  const body = msg === undefined || msg === '' ? rest : rest === '' ? msg : `${msg} ${rest}`;
  const out: StrippedLine = { body, style: 'logfmt' };
  if (level) out.level = level;
  if (ts !== undefined) out.ts = ts;
  return out;
}

// Timestamp, then optional pid, [thread], level, [context] and logger in the common orders of
// log4j/logback, Python logging, Go's log package, Apache, Hadoop and Spark.
function lineHeader(line: string): StrippedLine | undefined {
  let rest = line;
  let ts: string | undefined;
  for (const re of TIMESTAMPS) {
    const m = re.exec(rest);
    if (m && (m[0].length === rest.length || /[\s\]:,|-]/.test(rest[m[0].length] ?? ''))) {
      ts = m[1];
      rest = rest.slice(m[0].length);
      break;
    }
  }
  const out: StrippedLine = { body: line, style: ts ? 'timestamp' : 'level' };
  if (ts) out.ts = ts;
  rest = rest.replace(SEP, '');
  let level: string | undefined;
  const tryLevel = (): void => {
    if (level) return;
    const pid = ts ? PID_BEFORE_LEVEL.exec(rest) : null;
    const probe = pid ? rest.slice(pid[0].length) : rest;
    const m = LEVEL_WORD.exec(probe);
    const norm = m && m[1] && m[1].length > 1 ? normalizeLevel(m[1]) : undefined;
    // Single-letter levels are too ambiguous outside klog; a word must be upper case, bracketed, or
    // a core level name right after a timestamp (`alert fired` and `fine print` stay messages).
    if (m && norm && (m[1] === m[1]?.toUpperCase() || /^[[<(]/.test(m[0]) || (ts && CORE_LEVEL.test(m[1] as string)))) {
      level = norm;
      if (pid) out.pid = pid[1];
      rest = probe.slice(m[0].length).replace(SEP, '');
    }
  };
  tryLevel();
  if (!ts && !level) return undefined;
  const thread = BRACKETED.exec(rest);
  if (thread) rest = rest.slice(thread[0].length);
  tryLevel();
  const ctx = BRACKETED.exec(rest);
  if (ctx) rest = rest.slice(ctx[0].length);
  let logger = LOGGER.exec(rest);
  // Without a level yet, only Python's `%(asctime)s - %(name)s - %(levelname)s - ` order counts.
  if (logger && !level) {
    const after = LEVEL_WORD.exec(rest.slice(logger[0].length));
    if (!after || !normalizeLevel(after[1]) || after[1] !== after[1]?.toUpperCase()) logger = null;
  }
  // `java.io.IOException: Broken pipe` is the message itself, not a logger prefix.
  if (logger && !/(?:Exception|Error|Throwable|Fault)$/.test(logger[1] as string)) {
    out.logger = logger[1];
    rest = rest.slice(logger[0].length);
    tryLevel();
  }
  rest = rest.replace(/^\s*-\s+/, '');
  out.body = rest;
  if (level) out.level = level;
  return out;
}

function syslogHeader(line: string): StrippedLine | undefined {
  let rest = line;
  let level: string | undefined;
  const p = PRI.exec(rest);
  if (p) {
    level = SYSLOG_SEVERITY[Number(p[1]) % 8];
    rest = rest.slice(p[0].length);
  }
  const m5424 = p ? RFC5424.exec(line) : null;
  if (m5424) {
    const out: StrippedLine = { body: line.slice(m5424[0].length).replace(/^\uFEFF/, ''), style: 'rfc5424' };
    if (level) out.level = level;
    const [, , ts, host, app, pid] = m5424;
    if (ts && ts !== '-') out.ts = ts;
    if (host && host !== '-') out.host = host;
    if (app && app !== '-') out.app = app;
    if (pid && pid !== '-') out.pid = pid;
    return out;
  }
  const t = SYSLOG_TS.exec(rest);
  if (!t) return undefined;
  rest = rest.slice(t[0].length);
  const out: StrippedLine = { body: rest, style: 'syslog', ts: t[1] as string };
  const ht = SYSLOG_HOST_TAG.exec(rest);
  if (ht && ht[2]) {
    out.host = ht[1];
    out.app = ht[2];
    if (ht[3]) out.pid = ht[3];
    out.body = rest.slice(ht[0].length);
  } else if (ht && /^\S+:\s/.test(rest)) {
    // `Mmm dd hh:mm:ss tag: msg` without a host (some exporters drop it).
    const i = rest.indexOf(':');
    out.app = rest.slice(0, i);
    out.body = rest.slice(i + 1).trimStart();
  } else if (ht) {
    out.host = ht[1];
    out.body = rest.slice(ht[0].length);
  }
  if (level) out.level = level;
  return out;
}

/** Only JSON is parsed whole; other lines are read up to here, so one huge line stays cheap. */
export const HEADER_SCAN_CHARS = 8192;

// Each header shape starts with a known kind of character; checking it first spares the other
// shapes' regexes on every line (speed only: each regex would fail there anyway).
function mayBeCri(c: number): boolean {
  return c >= 48 && c <= 57;
}
function mayBeKlog(c: number): boolean {
  return c === 73 || c === 87 || c === 69 || c === 70;
}
// `<PRI>` or a month name.
function mayBeSyslog(c: number): boolean {
  return c === 60 || c === 74 || c === 70 || c === 77 || c === 65 || c === 83 || c === 79 || c === 78 || c === 68;
}

export function stripHeader(line: string): StrippedLine {
  let s = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
  if (s.length > HEADER_SCAN_CHARS && !(s.trimStart().startsWith('{') && s.trimEnd().endsWith('}'))) s = s.slice(0, HEADER_SCAN_CHARS);
  const first = s.charCodeAt(0);
  const cri = mayBeCri(first) ? CRI.exec(s) : null;
  if (cri) {
    const inner = stripHeader(s.slice(cri[0].length));
    return { ...inner, ts: inner.ts ?? (cri[1] as string), style: inner.style === 'none' ? 'cri' : inner.style };
  }
  // Only a line starting with `{` after any white space can be JSON.
  const trimmed = first === 123 || isSpace(first) ? s.trim() : '';
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const j = jsonHeader(trimmed);
    if (j) return j;
  }
  const k = mayBeKlog(first) ? KLOG.exec(s) : null;
  if (k) {
    return { body: s.slice(k[0].length), level: normalizeLevel(k[1]) as string, ts: k[2] as string, pid: k[3] as string, logger: k[4] as string, style: 'klog' };
  }
  const sys = mayBeSyslog(first) ? syslogHeader(s) : undefined;
  if (sys) {
    if (!sys.level) {
      const inner = lineHeader(sys.body);
      if (inner?.level) return { ...sys, body: inner.body, level: inner.level };
    }
    return sys;
  }
  // `host ident user [date] "request" status`: the date's bracket follows a space.
  const acc = s.indexOf(' [') > 0 ? accessHeader(s) : undefined;
  if (acc) return acc;
  const lf = logfmtHeader(s);
  if (lf) return lf;
  const h = lineHeader(s);
  if (h) return h;
  return { body: s, style: 'none' };
}
