/**
 * syslog lines, RFC 5424 and RFC 3164 (BSD), with or without `<PRI>` (design/timeline.md §3.9).
 * RFC 3164 has no year and no zone: the year comes from the window, the zone from the input.
 */
import { inputError, guessLevel, levelFromPriority } from '../event.js';
import { NaiveClock } from '../naive.js';
import { MONTHS, parseIsoLike } from '../time.js';
import type { ParseContext } from '../types.js';
import { EntryAssembler, inferYear, runLines, type LineParser, type LogEntry } from './log-common.js';

const R5424 = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: (.*))?$/s;
const R3164 = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (.*)$/s;
const ISO_SYSLOG = /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2}T\S+) (.*)$/s;
const TAG = /^([^\s:[\]]+(?:\([^)]*\))?)(?:\[(\d+)\])?:\s?(.*)$/s;


function nil(v: string | undefined): string | undefined {
  return v === undefined || v === '-' ? undefined : v;
}

export function createSyslogParser(ctx: ParseContext): LineParser {
  const clock = new NaiveClock(ctx);
  let entries = 0;
  const asm = new EntryAssembler<LogEntry>((e) => {
    entries++;
    const first = e.text.split('\n', 1)[0]!;
    ctx.log({
      system: 'syslog',
      tsNs: e.ns,
      line: first,
      level: e.level ?? guessLevel(first),
      service: e.service,
      host: e.host,
      ref: `syslog ${e.host ?? ctx.label}${e.service ? ` ${e.service}` : ''} (${ctx.label}:${e.lineNo})`,
      entity: { host: e.host, service: e.service },
    });
  });
  const tagged = (rest: string): { app?: string; msg: string } => {
    const t = TAG.exec(rest);
    return t ? { app: t[1]!.replace(/\(.*\)$/, ''), msg: t[3]! } : { msg: rest };
  };
  return {
    line(raw, lineNo) {
      const text = raw.replace(/^\uFEFF/, '');
      if (text.trim() === '') return;
      let m = R5424.exec(text);
      if (m) {
        const parsed = parseIsoLike(m[3]!);
        let ns: bigint | undefined;
        if (parsed?.instant) ns = parsed.instant.ns;
        else if (parsed?.naive) {
          const n = parsed.naive;
          ns = clock.toNs(n.y, n.mo, n.d, n.h, n.mi, n.s, n.fracNs);
        }
        if (ns !== undefined) {
          const pri = Number(m[1]);
          const msg = (m[9] ?? '').replace(/^\uFEFF|^BOM/, '');
          const sd = m[8] !== '-' ? ` ${m[8]}` : '';
          asm.start({ text: `${msg}${sd && !msg ? sd : ''}`, lineNo, extra: 0, ns, level: levelFromPriority(pri & 7), host: nil(m[4]), service: nil(m[5]) });
          return;
        }
      }
      m = R3164.exec(text);
      if (m && MONTHS[m[2]!.toLowerCase()]) {
        const mo = MONTHS[m[2]!.toLowerCase()]!;
        const ns = clock.toNs(inferYear(mo, ctx), mo, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7] ? BigInt(m[7].padEnd(9, '0')) : 0n);
        const rest = m[8]!;
        const sp = rest.indexOf(' ');
        const host = sp > 0 ? rest.slice(0, sp) : rest;
        const after = sp > 0 ? rest.slice(sp + 1) : '';
        // "HOST TAG: MSG"; when the first word already is the tag (no host), keep it as the tag.
        const hostIsTag = /[:\]]$/.test(host);
        const { app, msg } = tagged(hostIsTag ? rest : after);
        asm.start({ text: msg, lineNo, extra: 0, ns, level: m[1] ? levelFromPriority(Number(m[1]) & 7) : undefined, host: hostIsTag ? undefined : host, service: app });
        return;
      }
      m = ISO_SYSLOG.exec(text);
      if (m) {
        const parsed = parseIsoLike(m[2]!);
        if (parsed) {
          const ns = parsed.instant ? parsed.instant.ns : clock.toNs(parsed.naive!.y, parsed.naive!.mo, parsed.naive!.d, parsed.naive!.h, parsed.naive!.mi, parsed.naive!.s, parsed.naive!.fracNs);
          const rest = m[3]!;
          const sp = rest.indexOf(' ');
          const host = sp > 0 ? rest.slice(0, sp) : undefined;
          const { app, msg } = tagged(sp > 0 ? rest.slice(sp + 1) : rest);
          asm.start({ text: msg, lineNo, extra: 0, ns, level: m[1] ? levelFromPriority(Number(m[1]) & 7) : undefined, host, service: app });
          return;
        }
      }
      asm.continueWith(text, lineNo);
    },
    finish() {
      asm.flush();
      clock.finish();
      if (entries === 0 && asm.orphans > 0) throw inputError(ctx, 'syslog', `line ${asm.firstOrphanLine}`, 'no RFC 3164 or RFC 5424 syslog line found');
      if (asm.orphans > 0) ctx.warn(`${ctx.label}: ${asm.orphans} line(s) that are not syslog (RFC 5424 or 3164) were skipped (first at line ${asm.firstOrphanLine}).`);
      return [];
    },
  };
}

export function parseSyslog(content: string, ctx: ParseContext): void {
  runLines(createSyslogParser(ctx), content);
}
