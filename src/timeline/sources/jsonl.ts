/** JSON-lines application logs: one object per line; a non-JSON line continues the previous entry. */
import { guessLevel, inputError, isObject } from '../event.js';
import { NaiveClock } from '../naive.js';
import type { ParseContext } from '../types.js';
import { EntryAssembler, runLines, type LineParser, type LogEntry } from './log-common.js';
import { structuredEntry } from './structured-log.js';


export function createJsonlParser(ctx: ParseContext, system = ctx.label): LineParser {
  const clock = new NaiveClock(ctx);
  let objects = 0;
  let untimed = 0;
  let firstUntimed: number | undefined;
  let nonJson = 0;
  const asm = new EntryAssembler<LogEntry>((e) => {
    const first = e.text.split('\n', 1)[0]!;
    ctx.log({ system, tsNs: e.ns, line: first, level: e.level ?? guessLevel(first), service: e.service ?? system, ref: `${ctx.label}:${e.lineNo}` });
  });
  return {
    line(text, lineNo) {
      const trimmed = text.trim();
      if (trimmed === '') return;
      if (!trimmed.startsWith('{')) {
        nonJson++;
        asm.continueWith(text, lineNo);
        return;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(trimmed);
      } catch {
        if (objects === 0 && lineNo <= 3) throw inputError(ctx, 'jsonl', `line ${lineNo}`, 'not valid JSON');
        nonJson++;
        asm.continueWith(text, lineNo);
        return;
      }
      if (!isObject(obj)) return;
      objects++;
      const entry = structuredEntry(obj, clock);
      if (!entry) {
        untimed++;
        firstUntimed ??= lineNo;
        return;
      }
      asm.start({ ...entry, lineNo, extra: 0 });
    },
    finish() {
      asm.flush();
      clock.finish();
      if (objects === 0 && nonJson > 0) throw inputError(ctx, 'jsonl', `line ${asm.firstOrphanLine ?? 1}`, 'no JSON object lines found');
      if (untimed > 0) ctx.warn(`${ctx.label}: ${untimed} JSON line(s) without a recognisable time field (ts, time, timestamp, @timestamp...) were skipped (first at line ${firstUntimed}).`);
      return [];
    },
  };
}

export function parseJsonl(content: string, ctx: ParseContext): void {
  runLines(createJsonlParser(ctx), content);
}
