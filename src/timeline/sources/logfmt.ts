/** logfmt lines (`ts=... level=... msg="..."`); a line without a time continues the previous entry. */
import { guessLevel, setOwn } from '../event.js';
import { NaiveClock } from '../naive.js';
import type { ParseContext } from '../types.js';
import { EntryAssembler, runLines, type LineParser, type LogEntry } from './log-common.js';
import { structuredEntry } from './structured-log.js';

const PAIR = /([A-Za-z_@.][\w@.\-/]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;

export function parseLogfmtFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(PAIR)) {
    setOwn(out, m[1]!, m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n') : (m[3] ?? ''));
  }
  return out;
}


export function createLogfmtParser(ctx: ParseContext, system = ctx.label): LineParser {
  const clock = new NaiveClock(ctx);
  const asm = new EntryAssembler<LogEntry>((e) => {
    const first = e.text.split('\n', 1)[0]!;
    ctx.log({ system, tsNs: e.ns, line: first, level: e.level ?? guessLevel(first), service: e.service ?? system, ref: `${ctx.label}:${e.lineNo}` });
  });
  return {
    line(text, lineNo) {
      if (text.trim() === '') return;
      const entry = structuredEntry(parseLogfmtFields(text), clock);
      if (!entry) {
        asm.continueWith(text, lineNo);
        return;
      }
      asm.start({ ...entry, lineNo, extra: 0 });
    },
    finish() {
      asm.flush();
      clock.finish();
      if (asm.orphans > 0) ctx.warn(`${ctx.label}: ${asm.orphans} line(s) without ts=/time= before the first timed entry were skipped (first at line ${asm.firstOrphanLine}).`);
      return [];
    },
  };
}

export function parseLogfmt(content: string, ctx: ParseContext): void {
  runLines(createLogfmtParser(ctx), content);
}
