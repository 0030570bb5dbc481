/**
 * `journalctl -o json` (one object per line), `-o json-pretty` (the same objects spread over many
 * lines, one after another), `-o json-seq` (RFC 7464: each object after an RS byte) or a JSON array
 * of entries (design/timeline.md §3.9). Pretty entries are gathered line by line, so a large export
 * is still streamed and only one entry is held at a time.
 * `_SOURCE_REALTIME_TIMESTAMP` (client time) beats `__REALTIME_TIMESTAMP` (receive time); both µs.
 * Non-UTF-8 fields arrive as byte arrays, repeated fields as arrays.
 */
import { inputError, isObject, levelFromPriority } from '../event.js';
import { usStringToNs } from '../time.js';
import type { ParseContext } from '../types.js';
import { runLines, type LineParser } from './log-common.js';

const CURSOR_CAP = 200_000;
/** A pretty-printed entry larger than this is a broken file (an object that never closes), not a log entry. */
const MAX_ENTRY_CHARS = 8 * 1024 * 1024;
const RECORD_SEPARATOR = '\u001e';
const NOT_AN_ENTRY = 'not a JSON object (export with journalctl -o json, json-pretty or json-seq)';

/** `{`/`}` nesting outside strings, carried across the lines of one pretty-printed entry. */
class BraceDepth {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Scans one more line and returns the depth after it. */
  scan(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b) this.depth++;
      else if (c === 0x7d) this.depth--;
    }
    return this.depth;
  }
}

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
  // The pretty-printed entry being gathered: its lines so far, where it started, its nesting.
  let pending: { lines: string[]; chars: number; firstLine: number; depth: BraceDepth } | undefined;
  return {
    entry,
    line(text, lineNo) {
      let t = text.trim();
      if (t.startsWith(RECORD_SEPARATOR)) t = t.slice(1).trimStart();
      if (pending) {
        pending.lines.push(t);
        pending.chars += t.length + 1;
        if (pending.depth.scan(t) > 0) {
          if (pending.chars > MAX_ENTRY_CHARS) throw inputError(ctx, 'journald', `line ${pending.firstLine}`, 'this entry does not close within 8 MB (a broken json-pretty export)');
          return;
        }
        const where = `lines ${pending.firstLine}-${lineNo}`;
        const joined = pending.lines.join('\n').replace(/,$/, '');
        pending = undefined;
        let obj: unknown;
        try {
          obj = JSON.parse(joined);
        } catch {
          throw inputError(ctx, 'journald', where, NOT_AN_ENTRY);
        }
        entry(obj, where);
        return;
      }
      if (t === '' || t === '[' || t === ']') return;
      if (t === '{') {
        // json-pretty opens every entry with a line holding only the brace.
        pending = { lines: [t], chars: 2, firstLine: lineNo, depth: new BraceDepth() };
        pending.depth.scan(t);
        return;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(t.replace(/,$/, ''));
      } catch {
        throw inputError(ctx, 'journald', `line ${lineNo}`, NOT_AN_ENTRY);
      }
      entry(obj, `line ${lineNo}`);
    },
    finish() {
      if (pending) throw inputError(ctx, 'journald', `line ${pending.firstLine}`, 'this entry never closes (the export ends early)');
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
