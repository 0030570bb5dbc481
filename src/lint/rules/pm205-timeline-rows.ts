import { cellText, defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

export default defineRule({
  id: 'PM205',
  alias: 'timeline-rows',
  description: 'Timeline has at least 3 rows and no empty Event cell',
  rationale: 'Detection, mitigation and resolution are the minimum a reader needs to follow an incident; a row without an event is noise.',
  tags: ['timeline'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['| 14:05 | Alert fired |', '| 14:10 |  |'], pass: ['| 14:05 | Alert fired |\n| 14:20 | Rollback started |\n| 14:52 | Error rate back to baseline |'] },
  check({ doc, options }) {
    const findings: Finding[] = [];
    const table = doc.timelineTable;
    if (!table) return [];
    const min = typeof options.minRows === 'number' ? options.minRows : 3;
    if (doc.timeline.length < min) {
      findings.push({
        message: `Timeline has ${doc.timeline.length} row${doc.timeline.length === 1 ? '' : 's'}, expected at least ${min}; add detection, mitigation and resolution.`,
        span: table.headerSpan,
        section: 'timeline',
        actual: `${doc.timeline.length}`,
      });
    }
    doc.timeline.forEach((row, i) => {
      if (row.cells.length < 2 || cellText(row.event) !== '' || row.source) return;
      findings.push({ message: `Timeline row at ${cellText(row.time) || 'row ' + (i + 1)} has no event; say what happened or remove the row.`, span: row.span, section: 'timeline', actual: `${i}` });
    });
    return findings;
  },
});
