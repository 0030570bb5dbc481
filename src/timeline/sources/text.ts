/** Plain text logs: a recognised leading timestamp starts an entry; other lines continue it. */
import { inputError, guessLevel, normalizeLevel } from '../event.js';
import { NaiveClock } from '../naive.js';
import type { ParseContext } from '../types.js';
import { EntryAssembler, leadingStamp, runLines, type LineParser, type LogEntry } from './log-common.js';


export function createTextParser(ctx: ParseContext, system = ctx.label): LineParser {
  const clock = new NaiveClock(ctx);
  let entries = 0;
  const asm = new EntryAssembler<LogEntry>((e) => {
    entries++;
    const first = e.text.split('\n', 1)[0]!;
    ctx.log({
      system,
      tsNs: e.ns,
      line: first,
      level: normalizeLevel(e.level) ?? guessLevel(first),
      service: system,
      ref: `${ctx.label}:${e.lineNo}`,
    });
  });
  return {
    line(text, lineNo) {
      const stamp = leadingStamp(text, ctx, clock);
      if (stamp) asm.start({ text: stamp.rest, lineNo, extra: 0, ns: stamp.ns, level: stamp.level });
      else asm.continueWith(text, lineNo);
    },
    finish() {
      asm.flush();
      clock.finish();
      if (entries === 0 && asm.orphans > 0) throw inputError(ctx, 'text', `line ${asm.firstOrphanLine}`, 'no line starts with a recognisable timestamp (ISO 8601, syslog, klog, epoch...); pick another format or add timestamps');
      if (asm.orphans > 0) {
        ctx.warn(`${ctx.label}: ${asm.orphans} line(s) before the first recognisable timestamp were skipped (first at line ${asm.firstOrphanLine}).`);
      }
      return [];
    },
  };
}

export function parseTextLog(content: string, ctx: ParseContext): void {
  runLines(createTextParser(ctx), content);
}
