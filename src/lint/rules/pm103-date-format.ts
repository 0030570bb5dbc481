import { defineRule, fieldsOf, headerPlaceholder, isCalendarDate } from '../rule-kit.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthOf(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  const ok = i >= 0 && (name.length <= 4 || name.toLowerCase().startsWith(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][i] ?? '~'));
  return ok ? i + 1 : 0;
}

/** Only forms with one reading: year first, or a spelled-out month. Never 03/05/2024. */
export function unambiguousDate(text: string): string | null {
  const t = text.trim();
  let y = 0;
  let m = 0;
  let d = 0;
  let r = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t))) [m, d, y] = [monthOf(r[1] ?? ''), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(t))) [d, m, y] = [Number(r[1]), monthOf(r[2] ?? ''), Number(r[3])];
  else return null;
  return isCalendarDate(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
}

export default defineRule({
  id: 'PM103',
  alias: 'date-format',
  description: 'Date is `YYYY-MM-DD` and a real calendar date',
  rationale:
    'The Date names the page and anchors every other date check (due dates are compared with it). `03/05/2024` means March 5 in the US and May 3 elsewhere; `2024-02-30` does not exist (and JavaScript silently turns it into March 1).',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['**Date:** 03/05/2024', '**Date:** 2024-02-30'], pass: ['**Date:** 2024-03-05'] },
  check({ doc }) {
    const field = fieldsOf(doc, 'date')[0];
    if (!field) return [];
    const v = field.value.text.trim();
    if (v === headerPlaceholder('date')) return [];
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (m) {
      if (isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return [];
      return [{ message: `Date "${v}" is not a calendar date; check the day and month.`, span: field.value.span, section: null, actual: v }];
    }
    const fixed = unambiguousDate(v);
    const vs = field.value.span;
    return [
      {
        message: v === '' ? 'Date is empty, expected YYYY-MM-DD.' : `Unexpected date "${v}", expected YYYY-MM-DD${fixed ? ` (${fixed})` : ''}.`,
        span: v === '' ? field.span : vs,
        section: null,
        actual: v,
        ...(fixed ? { fix: { description: `Write the date as ${fixed}`, edits: [{ start: vs.start.offset, end: vs.end.offset, newText: fixed }] } } : {}),
      },
    ];
  },
});
