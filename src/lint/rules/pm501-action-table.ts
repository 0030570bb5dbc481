import { actionColumnFor, type ActionColumn } from '../../postmortem/parse.js';
import { ACTION_HEADER } from '../../postmortem/template.js';
import { quote } from '../action-quality.js';
import { sectionBlocks, sectionsOf, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

const CANONICAL: Record<ActionColumn, string> = { action: 'Action', owner: 'Owner', due: 'Due Date', priority: 'Priority', type: 'Type' };

function canonicalHeader(cells: string[]): string[] | null {
  const mapped = cells.map((c) => {
    const key = actionColumnFor(c);
    return key ? CANONICAL[key] : undefined;
  });
  if (mapped.some((m) => m === undefined)) return null;
  const want = [...ACTION_HEADER] as string[];
  const ok = (mapped.length === 4 && mapped.join('|') === want.join('|')) || (mapped.length === 5 && mapped.join('|') === [...want, 'Type'].join('|'));
  return ok ? (mapped as string[]) : null;
}

export const rule: Rule = {
  id: 'PM501',
  alias: 'action-table',
  description: 'Action Items is a table with header | Action | Owner | Due Date | Priority |, 4 cells per row, at least one row',
  rationale:
    'A fixed table lets trackers, reviewers and this linter read every action the same way. A trailing Type column (as draft_postmortem may render) is accepted. Header synonyms (Task, Who, Due, Prio…) in the right order are normalised by the fix.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Action Items\n\n| Task | Who | When |\n|---|---|---|\n| Add disk alert | @priya | 2024-03-19 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const section = sectionsOf(doc, ['actionItems'])[0];
    if (!section) return findings;
    const table = doc.actionTable;
    if (!table) {
      if (sectionBlocks(section, doc).length === 0) return findings; // empty: PM005
      findings.push({
        message: 'Action Items has no table; use | Action | Owner | Due Date | Priority | with one row per action',
        span: section.heading.span,
        section: 'actionItems',
      });
      return findings;
    }
    const header = table.header.map((h) => h.text.trim());
    const exact = (header.length === 4 || (header.length === 5 && header[4] === 'Type')) && header.slice(0, 4).every((h, i) => h === ACTION_HEADER[i]);
    // Rows are held to the table's own header: a non-template header is one finding, not one per row.
    const width = header.length;
    if (!exact) {
      const canonical = canonicalHeader(header);
      const expected = `| ${ACTION_HEADER.join(' | ')} |`;
      const finding: Finding = {
        message: `Unexpected action table header "${quote(`| ${header.join(' | ')} |`)}", expected "${expected}"`,
        span: table.headerSpan,
        section: 'actionItems',
      };
      if (canonical) {
        finding.fix = {
          description: 'Use the template header',
          edits: [{ start: table.headerSpan.start.offset, end: table.headerSpan.end.offset, newText: `| ${canonical.join(' | ')} |` }],
        };
      }
      findings.push(finding);
    }
    if (table.rows.length === 0) {
      findings.push({ message: 'Action table has no rows; add at least one action', span: table.span, section: 'actionItems' });
    }
    doc.actionItems.forEach((row) => {
      if (row.cells.length !== width) {
        findings.push({
          message: `Action row has ${row.cells.length} cells, expected ${width}; escape a literal pipe as \\|`,
          span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }),
          section: 'actionItems',
        });
      }
    });
    return findings;
  },
};

export default rule;
