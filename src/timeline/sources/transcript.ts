/**
 * Pasted chat transcripts in the common copy formats (design/timeline.md §3.8): `[14:02] alice:`,
 * `<alice>`, Slack copy (name line, then `2:02 PM`), `YYYY-MM-DD HH:MM:SS name:`, ISO with offset,
 * Discord copy (`alice — Today at 2:02 PM`), WhatsApp `05/03/2024, 14:02 - Name:`. Missing dates come
 * from the window; a time earlier than the previous one is the next day; minutes are never given
 * invented seconds.
 */
import { shortHash } from '../event.js';
import { NaiveClock } from '../naive.js';
import { NS_PER_MS, parseIsoLike, zoneOffsetMs } from '../time.js';
import type { ParseContext, Precision, TimelineEvent, TsSource } from '../types.js';
import { chatEvent } from './chat-common.js';
import { runLines, type LineParser } from './log-common.js';

const ISO_LINE = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s+(?:<([^>]{1,60})>|([^:<>]{1,60}?):)\s*(.*)$/;
const BRACKET = /^\[(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?\]\s*(?:<([^>]{1,60})>|([^:<>]{1,60}?):)\s*(.*)$/;
const WHATSAPP = /^\[?(\d{1,2})[/.](\d{1,2})[/.](\d{2,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?\]?\s+(?:-\s+)?([^:]{1,60}?):\s*(.*)$/;
const SLACK_HEAD = /^(\S.{0,59}?)\s{2,}(\d{1,2}):(\d{2})\s*([AaPp][Mm])\s*$/;
const DISCORD_HEAD = /^(\S.{0,59}?)\s+[—–]\s+(?:(Today|Yesterday)\s+at\s+|(\d{1,2})\/(\d{1,2})\/(\d{4})\s+)(\d{1,2}):(\d{2})\s*([AaPp][Mm])?\s*$/;

interface Msg {
  author: string;
  text: string;
  ns: bigint;
  precision: Precision;
  tsSource: TsSource;
  lineNo: number;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

export function createTranscriptParser(ctx: ParseContext): LineParser {
  const clock = new NaiveClock(ctx);
  const tz = ctx.timezone;
  const events: TimelineEvent[] = [];
  let current: Msg | undefined;
  let assumedDate = false;
  let orphan = 0;
  let prevMinuteOfDay: number | undefined;
  let dayShift = 0;
  let ambiguousDmy = false;
  const lines: Array<{ text: string; lineNo: number }> = [];

  // The window start's local date: the default date for time-only lines.
  const startMs = Number(ctx.window.startNs / NS_PER_MS);
  const localStart = new Date(startMs + (tz ? zoneOffsetMs(tz, startMs) : 0));
  const base = { y: localStart.getUTCFullYear(), mo: localStart.getUTCMonth() + 1, d: localStart.getUTCDate() };

  const flush = (): void => {
    if (!current) return;
    const m = current;
    current = undefined;
    events.push(
      chatEvent({
        system: 'transcript',
        nativeId: shortHash(m.author, m.ns.toString(), m.text),
        ref: `${ctx.label}:${m.lineNo}`,
        tsNs: m.ns,
        precision: m.precision,
        tsSource: m.tsSource,
        author: m.author.trim(),
        text: m.text,
      }),
    );
  };

  const timeOnly = (h: number, mi: number, s: number | undefined, sameDay = false): bigint => {
    const minuteOfDay = h * 60 + mi;
    if (!sameDay && prevMinuteOfDay !== undefined && minuteOfDay < prevMinuteOfDay) dayShift++;
    prevMinuteOfDay = minuteOfDay;
    assumedDate = true;
    const day = new Date(Date.UTC(base.y, base.mo - 1, base.d + dayShift));
    return clock.toNs(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), h, mi, s ?? 0);
  };

  const start = (author: string, text: string, ns: bigint, precision: Precision, tsSource: TsSource, lineNo: number): void => {
    flush();
    current = { author, text, ns, precision, tsSource, lineNo };
  };

  // WhatsApp dates are DMY or MDY; a component above 12 anywhere in the paste decides.
  let dmy: boolean | undefined;

  const handle = (line: string, lineNo: number): void => {
    if (line.trim() === '') return;
    let m = ISO_LINE.exec(line);
    if (m) {
      const p = parseIsoLike(m[1]!);
      if (p) {
        const author = m[2] ?? m[3]!;
        if (p.instant) start(author, m[4]!, p.instant.ns, p.instant.precision, 'source', lineNo);
        else {
          const n = p.naive!;
          start(author, m[4]!, clock.toNs(n.y, n.mo, n.d, n.h, n.mi, n.s, n.fracNs), n.precision, 'assumed_tz', lineNo);
        }
        return;
      }
    }
    m = BRACKET.exec(line);
    if (m) {
      const h = hour12(Number(m[1]), m[4]);
      const ns = timeOnly(h, Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
      start(m[5] ?? m[6]!, m[7]!, ns, m[3] === undefined ? 'min' : 's', 'assumed_tz', lineNo);
      return;
    }
    m = WHATSAPP.exec(line);
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      let y = Number(m[3]);
      if (y < 100) y += 2000;
      const isDmy = dmy ?? true;
      const d = isDmy ? a : b;
      const mo = isDmy ? b : a;
      const h = hour12(Number(m[4]), m[7]);
      const ns = clock.toNs(y, mo, d, h, Number(m[5]), m[6] === undefined ? 0 : Number(m[6]));
      start(m[8]!, m[9]!, ns, m[6] === undefined ? 'min' : 's', 'assumed_tz', lineNo);
      return;
    }
    m = SLACK_HEAD.exec(line);
    if (m) {
      const ns = timeOnly(hour12(Number(m[2]), m[4]), Number(m[3]), undefined);
      start(m[1]!, '', ns, 'min', 'assumed_tz', lineNo);
      return;
    }
    m = DISCORD_HEAD.exec(line);
    if (m) {
      const h = hour12(Number(m[6]), m[8]);
      let ns: bigint;
      if (m[3]) {
        ns = clock.toNs(Number(m[5]), Number(m[3]), Number(m[4]), h, Number(m[7]), 0);
      } else {
        ns = timeOnly(h, Number(m[7]), undefined);
        if (m[2] === 'Yesterday') ns -= 86_400_000_000_000n;
      }
      start(m[1]!, '', ns, 'min', 'assumed_tz', lineNo);
      return;
    }
    if (!current) {
      orphan++;
      return;
    }
    current.text = current.text ? `${current.text}\n${line}` : line;
  };

  return {
    line(text, lineNo) {
      // Buffered: the DMY/MDY decision needs the whole paste (pastes are small).
      if (lines.length < 200_000) lines.push({ text, lineNo });
    },
    finish() {
      for (const { text } of lines) {
        const w = WHATSAPP.exec(text);
        if (!w) continue;
        if (Number(w[1]) > 12) dmy = true;
        else if (Number(w[2]) > 12) dmy = false;
        else if (dmy === undefined) ambiguousDmy = true;
        if (Number(w[1]) > 12 || Number(w[2]) > 12) ambiguousDmy = false;
      }
      if (dmy === undefined && ambiguousDmy) {
        // Neither order is proven: prefer the reading that lands in the window.
        const first = lines.map((l) => WHATSAPP.exec(l.text)).find(Boolean)!;
        const y = Number(first[3]) < 100 ? Number(first[3]) + 2000 : Number(first[3]);
        const asDmy = BigInt(Date.UTC(y, Number(first[2]) - 1, Number(first[1]))) * NS_PER_MS;
        const asMdy = BigInt(Date.UTC(y, Number(first[1]) - 1, Number(first[2]))) * NS_PER_MS;
        const day = 86_400_000_000_000n;
        const near = (ns: bigint) => ns >= ctx.window.startNs - day && ns <= ctx.window.endNs + day;
        dmy = near(asMdy) && !near(asDmy) ? false : true;
        ctx.warn(`${ctx.label}: dates like ${first[1]}/${first[2]}/${first[3]} could be day/month or month/day; read as ${dmy ? 'day/month' : 'month/day'}${near(dmy ? asDmy : asMdy) ? ' (the reading inside the window)' : ''}.`);
      }
      for (const { text, lineNo } of lines) handle(text, lineNo);
      flush();
      clock.finish();
      if (assumedDate) {
        ctx.warn(`${ctx.label}: transcript lines carry no date; the date was taken from the window start (${ctx.window.start.slice(0, 10)}) and a time earlier than the previous line was read as the next day.`);
      }
      if (orphan > 0) ctx.warn(`${ctx.label}: ${orphan} line(s) before the first recognisable message were skipped.`);
      return events;
    },
  };
}

export function parseTranscript(content: string, ctx: ParseContext): TimelineEvent[] {
  return runLines(createTranscriptParser(ctx), content);
}
