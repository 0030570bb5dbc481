import { defineRule, fieldsOf, headerPlaceholder } from '../rule-kit.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `47m`, `47 minutes`, `1h 5m`, `1 hour 5 minutes`, `2h`, `1:05`, `90 min` -> `HH:MM`. */
export function normaliseDuration(text: string): string | null {
  const t = text.trim().toLowerCase();
  let r = /^(\d{1,2}):([0-5]\d)$/.exec(t);
  if (r) return `${pad(Number(r[1]))}:${r[2]}`;
  r = /^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*,?\s*(?:and\s+)?(?:(\d+)\s*(?:m|min|mins|minute|minutes))?$/.exec(t);
  if (!r || (r[1] === undefined && r[2] === undefined)) return null;
  const hours = Number(r[1] ?? 0);
  const total = Math.round(hours * 60) + Number(r[2] ?? 0);
  if (!Number.isFinite(total) || total > 99 * 60 + 59) return null;
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

export default defineRule({
  id: 'PM104',
  alias: 'duration-format',
  description: 'Duration is `HH:MM` (minutes 00–59)',
  rationale: 'One format makes incidents comparable and lets tools sum and sort them; "about an hour" cannot be checked against the timeline.',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['**Duration:** about an hour', '**Duration:** 47 minutes'], pass: ['**Duration:** 00:47', '**Duration:** 00:47 (detection to resolution)'] },
  check({ doc }) {
    const field = fieldsOf(doc, 'duration')[0];
    if (!field) return [];
    const full = field.value.text;
    if (full.trim() === headerPlaceholder('duration')) return [];
    // the template writes a parenthetical after the value: "00:47 (detection to resolution)"
    const paren = /\s*\([^()]*\)\s*$/.exec(full);
    const v = (paren ? full.slice(0, paren.index) : full).trim();
    if (/^\d{2,}:[0-5]\d$/.test(v)) return [];
    const vs = field.value.span;
    const fixed = normaliseDuration(v);
    const rawEnd = vs.start.offset + v.length;
    const canFix = fixed !== null && field.value.raw === full;
    return [
      {
        message: v === '' ? 'Duration is empty, expected HH:MM from detection to resolution.' : `Unexpected duration "${v}", expected HH:MM${fixed ? ` (${fixed})` : ''}.`,
        span: v === '' ? field.span : vs,
        section: null,
        actual: v,
        ...(canFix && fixed ? { fix: { description: `Write the duration as ${fixed}`, edits: [{ start: vs.start.offset, end: rawEnd, newText: fixed }] } } : {}),
      },
    ];
  },
});
