/**
 * `journalctl -o json` (one object per line) or a JSON array of entries (design/timeline.md §3.9).
 * `_SOURCE_REALTIME_TIMESTAMP` (client time) beats `__REALTIME_TIMESTAMP` (receive time); both µs.
 * Non-UTF-8 fields arrive as byte arrays, repeated fields as arrays.
 */
import { inputError, isObject, levelFromPriority } from '../event.js';
import { usStringToNs } from '../time.js';
import type { ParseContext } from '../types.js';
import { runLines, type LineParser } from './log-common.js';

const CURSOR_CAP = 200_000;

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.every((b) => typeof b === 'number')) return Buffer.from(value as number[]).toString('utf8').replace(/\u0000+$/, '');
    const first = value.find((v) => typeof v === 'string' || Array.isArray(v));
    return first === undefined ? undefined : fieldText(first);
  }
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function createJournaldParser(ctx: ParseContext): LineParser & { entry(obj: unknown, where: string): void } {
  const cursors = new Set<string>();
  let untimed = 0;
  let duplicates = 0;
  const entry = (obj: unknown, where: string): void => {
    if (!isObject(obj)) throw inputError(ctx, 'journald', where, 'expected a journal entry object');
    const cursor = fieldText(obj.__CURSOR);
    if (cursor) {
      if (cursors.has(cursor)) {
        duplicates++;
        return;
      }
      if (cursors.size < CURSOR_CAP) cursors.add(cursor);
    }
    const tsNs = usStringToNs(fieldText(obj._SOURCE_REALTIME_TIMESTAMP) ?? '') ?? usStringToNs(fieldText(obj.__REALTIME_TIMESTAMP) ?? '');
    if (tsNs === undefined) {
      untimed++;
      return;
    }
    const message = fieldText(obj.MESSAGE) ?? '';
    const priority = Number(fieldText(obj.PRIORITY) ?? 6);
    const unit = fieldText(obj._SYSTEMD_UNIT) ?? fieldText(obj.UNIT) ?? fieldText(obj._SYSTEMD_USER_UNIT);
    const ident = fieldText(obj.SYSLOG_IDENTIFIER) ?? fieldText(obj._COMM);
    const host = fieldText(obj._HOSTNAME);
    const service = unit ?? ident;
    ctx.log({
      system: 'journald',
      tsNs,
      line: message,
      level: levelFromPriority(Number.isFinite(priority) ? priority : 6),
      service,
      host,
      ref: `journalctl${host ? ` _HOSTNAME=${host}` : ''}${unit ? ` -u ${unit}` : ident ? ` -t ${ident}` : ''}`,
      entity: { host, unit, service: ident },
    });
  };
  return {
    entry,
    line(text, lineNo) {
      const t = text.trim();
      if (t === '' || t === '[' || t === ']') return;
      let obj: unknown;
      try {
        obj = JSON.parse(t.replace(/,$/, ''));
      } catch {
        throw inputError(ctx, 'journald', `line ${lineNo}`, 'not a JSON object (export with journalctl -o json, one entry per line)');
      }
      entry(obj, `line ${lineNo}`);
    },
    finish() {
      if (untimed > 0) ctx.warn(`${ctx.label}: ${untimed} journal entr(ies) without __REALTIME_TIMESTAMP were skipped.`);
      if (duplicates > 0) ctx.warn(`${ctx.label}: ${duplicates} duplicate journal entr(ies) (same __CURSOR) were dropped.`);
      return [];
    },
  };
}

export function parseJournald(content: string, ctx: ParseContext): void {
  const t = content.trimStart();
  const parser = createJournaldParser(ctx);
  if (t.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(content);
    } catch {
      throw inputError(ctx, 'journald', '$', 'not valid JSON');
    }
    if (!Array.isArray(arr)) throw inputError(ctx, 'journald', '$', 'expected an array of entries');
    arr.forEach((e, i) => parser.entry(e, `$[${i}]`));
    parser.finish();
    return;
  }
  runLines(parser, content);
}
