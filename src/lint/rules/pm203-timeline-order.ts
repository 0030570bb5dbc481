import { cellText, defineRule, parseClock } from '../rule-kit.js';
import type { Finding } from '../types.js';

export default defineRule({
  id: 'PM203',
  alias: 'timeline-order',
  description: 'Timeline times never go backwards, except across midnight on a row that carries its date',
  rationale: 'Out-of-order rows make readers rebuild the sequence in their heads and hide what was known when. Rows are sorted by hand because a reorder can change meaning, so this is never fixed automatically.',
  tags: ['timeline'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: { fail: ['| 14:05 | Alert fired |\n| 13:58 | Deploy started |'], pass: ['| 13:58 | Deploy started |\n| 14:05 | Alert fired |\n| 2024-03-06 00:10 | Backfill finished |'] },
  check({ doc }) {
    const findings: Finding[] = [];
    const rows = doc.timeline;
    let day: number | null = null;
    let max = Number.NEGATIVE_INFINITY;
    let maxText = '';
    const values: Array<number | null> = [];
    rows.forEach((row, i) => {
      const t = parseClock(cellText(row.time));
      if (!t) {
        values.push(null);
        return;
      }
      if (t.day !== null) day = t.day;
      const abs = (day ?? 0) * 1440 + t.minutes;
      values.push(abs);
      if (abs < max) {
        findings.push({
          message: `Time ${cellText(row.time)} comes after ${maxText}; order the rows by time (add the date to rows after midnight).`,
          span: row.time.span,
          section: 'timeline',
          actual: `${i}:${cellText(row.time)}`,
        });
      } else {
        max = abs;
        maxText = cellText(row.time);
      }
    });
    if (findings.length > 0 && values.every((v) => v !== null) && doc.timelineTable) {
      const order = rows.map((r, i) => ({ r, v: values[i] as number, i })).sort((a, b) => a.v - b.v || a.i - b.i);
      const first = rows[0]?.span.start.offset ?? 0;
      const last = rows[rows.length - 1]?.span.end.offset ?? 0;
      const text = order.map(({ r }) => doc.source.slice(r.span.start.offset, r.span.end.offset)).join('\n');
      const suggestion = { description: 'Sort the rows by time (check that no row depends on its position)', edits: [{ start: first, end: last, newText: text }] };
      for (const f of findings) f.suggestion = suggestion;
    }
    return findings;
  },
});
