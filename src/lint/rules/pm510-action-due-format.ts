import { actionRows, cellFindings, checkDueDate, isPlaceholderCell } from '../action-quality.js';
import { spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM510',
  alias: 'action-due-format',
  description: 'Due Date is YYYY-MM-DD and a real calendar date',
  rationale:
    '"soon", "next sprint" and "Q3" cannot be tracked or sorted. Dates are validated by round trip (2024-02-30 is rejected). The fix rewrites only unambiguous ISO variants such as 2024/03/19.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | next sprint | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (isPlaceholderCell(row.due, 'due')) continue;
      if (!row.due) {
        if (row.action) findings.push({ message: 'Action has no Due Date cell; set a due date as YYYY-MM-DD', span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }), section: 'actionItems' });
        continue;
      }
      const issues = checkDueDate(row.due.raw);
      if (issues.length === 0) continue;
      const issue = issues[0]!;
      const cell = row.due;
      const f =
        cell.raw === ''
          ? { message: issue.message, span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }), section: 'actionItems' as const }
          : cellFindings(doc, cell, [issue])[0]!;
      if (issue.replacement) {
        f.fix = { description: `Write the date as ${issue.replacement}`, edits: [{ start: cell.span.start.offset, end: cell.span.end.offset, newText: issue.replacement }] };
      }
      findings.push(f);
    }
    return findings;
  },
};

export default rule;
