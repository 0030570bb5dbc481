/**
 * Shared by the line-oriented log sources: leading-timestamp recognition for plain logs, year
 * inference for year-less stamps, and entry assembly (a line without a timestamp continues the
 * previous entry, as stack traces do) (design/timeline.md §3.9-3.10).
 */
import type { NaiveClock } from '../naive.js';
import { MONTHS, NS_PER_MS, parseIsoLike, utcDateParts } from '../time.js';
import type { ParseContext, Precision, TimelineEvent, TsSource } from '../types.js';

export interface LineParser {
  line(text: string, lineNo: number): void;
  finish(): TimelineEvent[];
}

export function runLines(parser: LineParser, content: string): TimelineEvent[] {
  let lineNo = 0;
  let start = 0;
  while (start <= content.length) {
    let end = content.indexOf('\n', start);
    if (end < 0) end = content.length;
    let line = content.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lineNo++;
    if (!(end === content.length && line === '' && lineNo > 1)) parser.line(line, lineNo);
    start = end + 1;
  }
  return parser.finish();
}

export interface Stamp {
  ns: bigint;
  precision: Precision;
  tsSource: TsSource;
  /** The line after the timestamp header. */
  rest: string;
  level?: string;
}

/** Year for a year-less stamp: the window end's year, one less when the month is after the window end's month. */
export function inferYear(month: number, ctx: Pick<ParseContext, 'window'>): number {
  const end = utcDateParts(ctx.window.endNs);
  return month > end.mo ? end.y - 1 : end.y;
}

const ISO_HEAD = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s?(?:Z|UTC|[+-]\d{2}:?\d{2}))?)\]?(?:\s+|$)/;
const CRI = /^(stdout|stderr) ([FP]) /;
const KLOG = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+\d+ ([^\]\s]+)\] ?/;
const BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s+/;
const APACHE = /^\[(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\]\s*/;
const CLF = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]/;
const HDFS = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})\s+/;
const YYSLASH = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\s+/;
const EPOCH = /^(\d{10})(?:\.(\d{1,9}))?\s+|^(\d{13})\s+/;
const LEVEL_HEAD = /^(?:\[\s*)?(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|CRIT(?:ICAL)?|FATAL|PANIC|EMERG|ALERT)(?:\s*\])?[:\s]\s*/i;

function levelHead(rest: string): { level?: string; rest: string } {
  const m = LEVEL_HEAD.exec(rest);
  if (!m) return { rest };
  return { level: m[1]!.toLowerCase(), rest: rest.slice(m[0].length) };
}

/** A recognised timestamp at (or, for access logs, near) the start of a plain log line. */
export function leadingStamp(line: string, ctx: Pick<ParseContext, 'window'>, clock: NaiveClock): Stamp | undefined {
  let m = ISO_HEAD.exec(line);
  if (m) {
    const parsed = parseIsoLike(m[1]!.replace(/\s(?=[Z+-]|UTC)/, ''));
    if (parsed) {
      let rest = line.slice(m[0].length);
      let stamp: Stamp;
      if (parsed.instant) stamp = { ns: parsed.instant.ns, precision: parsed.instant.precision, tsSource: 'source', rest };
      else {
        const n = parsed.naive!;
        stamp = { ns: clock.toNs(n.y, n.mo, n.d, n.h, n.mi, n.s, n.fracNs), precision: n.precision, tsSource: 'assumed_tz', rest };
      }
      const cri = CRI.exec(rest);
      if (cri) rest = rest.slice(cri[0].length);
      const lv = levelHead(rest);
      return { ...stamp, rest: lv.rest, level: lv.level };
    }
  }
  m = KLOG.exec(line);
  if (m) {
    const mo = Number(m[2]);
    const y = inferYear(mo, ctx);
    const ns = clock.toNs(y, mo, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), BigInt(m[7]!) * 1000n);
    const level = { I: 'info', W: 'warning', E: 'error', F: 'critical' }[m[1] as 'I' | 'W' | 'E' | 'F'];
    return { ns, precision: 'us', tsSource: 'assumed_tz', rest: line.slice(m[0].length), level };
  }
  m = APACHE.exec(line);
  if (m && MONTHS[m[1]!.toLowerCase()]) {
    const ns = clock.toNs(Number(m[7]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6] ? BigInt(m[6].padEnd(9, '0')) : 0n);
    const lv = levelHead(line.slice(m[0].length));
    return { ns, precision: m[6] ? 'us' : 's', tsSource: 'assumed_tz', ...lv };
  }
  m = BSD.exec(line);
  if (m && MONTHS[m[1]!.toLowerCase()]) {
    const mo = MONTHS[m[1]!.toLowerCase()]!;
    const ns = clock.toNs(inferYear(mo, ctx), mo, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6] ? BigInt(m[6].padEnd(9, '0')) : 0n);
    const lv = levelHead(line.slice(m[0].length));
    return { ns, precision: m[6] ? 'us' : 's', tsSource: 'assumed_tz', ...lv };
  }
  m = HDFS.exec(line);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31 && Number(m[4]) < 24) {
    const ns = clock.toNs(2000 + Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    const lv = levelHead(line.slice(m[0].length).replace(/^\d+\s+/, ''));
    return { ns, precision: 's', tsSource: 'assumed_tz', ...lv };
  }
  m = YYSLASH.exec(line);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const ns = clock.toNs(2000 + Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    const lv = levelHead(line.slice(m[0].length));
    return { ns, precision: 's', tsSource: 'assumed_tz', ...lv };
  }
  m = EPOCH.exec(line);
  if (m) {
    const ns = m[3] ? BigInt(m[3]) * NS_PER_MS : BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
    const lv = levelHead(line.slice(m[0].length));
    return { ns, precision: m[3] ? 'ms' : m[2] ? 'ms' : 's', tsSource: 'source', ...lv };
  }
  const clf = CLF.exec(line.slice(0, 120));
  if (clf && MONTHS[clf[2]!.toLowerCase()]) {
    const off = (clf[7] === '-' ? -1 : 1) * (Number(clf[8]) * 60 + Number(clf[9]));
    const ms = Date.UTC(Number(clf[3]), MONTHS[clf[2]!.toLowerCase()]! - 1, Number(clf[1]), Number(clf[4]), Number(clf[5]), Number(clf[6])) - off * 60_000;
    // Access logs carry no level; the status code is the severity.
    const status = /"\s(\d{3})\s/.exec(line)?.[1];
    const level = status?.startsWith('5') ? 'error' : status?.startsWith('4') ? 'warning' : status ? 'info' : undefined;
    return { ns: BigInt(ms) * NS_PER_MS, precision: 's', tsSource: 'source', rest: line, level };
  }
  return undefined;
}

const CONTINUATION_MAX = 2000;

/** One log entry being assembled: its first line's text plus any continuation lines. */
export interface LogEntry {
  text: string;
  lineNo: number;
  extra: number;
  ns: bigint;
  level?: string;
  service?: string;
  host?: string;
}

/** Buffers one entry so that continuation lines (stack traces) attach to it before it is emitted. */
export class EntryAssembler<T extends { text: string; lineNo: number; extra: number }> {
  private current: T | undefined;
  orphans = 0;
  firstOrphanLine: number | undefined;

  constructor(private readonly emit: (entry: T) => void) {}

  start(entry: T): void {
    this.flush();
    this.current = entry;
  }

  continueWith(text: string, lineNo: number): void {
    if (!this.current) {
      if (text.trim() !== '') {
        this.orphans++;
        this.firstOrphanLine ??= lineNo;
      }
      return;
    }
    this.current.extra++;
    if (this.current.text.length < CONTINUATION_MAX) this.current.text += `\n${text}`;
  }

  flush(): void {
    if (this.current) this.emit(this.current);
    this.current = undefined;
  }
}
