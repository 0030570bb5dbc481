import { TIMELINE_HEADER } from '../../postmortem/template.js';
import { defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

const HEADER_LINE = `| ${TIMELINE_HEADER.join(' | ')} |`;

export default defineRule({
  id: 'PM201',
  alias: 'timeline-table',
  description: 'Timeline is a table with header `| Time (UTC) | Event |` and two cells per row',
  rationale:
    'A two-column table keeps one event per row with its time, which is what readers scan and what tools (ordering, duration checks, publishing) read. Evidence goes in the Event cell as a trailing " (source: …)".',
  tags: ['timeline'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Timeline\n\n- 14:05 alert fired\n- 14:52 recovered', '| Time | What happened |\n|---|---|\n| 14:05 | Alert fired |'],
    pass: ['| Time (UTC) | Event |\n|---|---|\n| 14:05 | Alert "checkout 5xx > 2%" fired (source: alertmanager) |'],
  },
  check({ doc }) {
    const section = doc.sections.find((s) => s.key === 'timeline');
    if (!section) return [];
    const table = doc.timelineTable;
    if (!table) {
      if (section.body.raw.trim() === '') return [];
      return [{ message: 'Timeline is not a table; write it as "| Time (UTC) | Event |" with one row per event.', span: section.heading.span, section: 'timeline', actual: 'no-table' }];
    }
    const findings: Finding[] = [];
    const header = table.header.map((h) => h.text.trim());
    if (header.length !== 2 || header[0] !== TIMELINE_HEADER[0] || header[1] !== TIMELINE_HEADER[1]) {
      const f: Finding = {
        message: `Unexpected timeline header "| ${header.join(' | ')} |", expected "${HEADER_LINE}".`,
        span: table.headerSpan,
        section: 'timeline',
        actual: header.join('|'),
      };
      if (header.length === 2) f.fix = { description: `Use the header ${HEADER_LINE}`, edits: [{ start: table.headerSpan.start.offset, end: table.headerSpan.end.offset, newText: HEADER_LINE }] };
      findings.push(f);
    }
    // Rows are held to the table's own header: a non-template header is one finding, not one per row.
    const width = header.length;
    doc.timeline.forEach((row, i) => {
      if (row.cells.length === width) return;
      findings.push({
        message: `Timeline row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'}, expected ${width}${width === 2 ? ' (time, event)' : ' (as many as the header)'}; escape a "|" inside the event as "\\|".`,
        span: row.span,
        section: 'timeline',
        actual: `row${i}:${row.cells.length}`,
      });
    });
    return findings;
  },
});
