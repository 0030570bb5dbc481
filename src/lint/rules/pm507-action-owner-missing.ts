import { actionRows, cellFindings, checkOwnerMissing, isPlaceholderCell } from '../action-quality.js';
import { spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM507',
  alias: 'action-owner-missing',
  description: 'Every action has an owner (not empty, TBD, TBA, ?, -, N/A, unassigned)',
  rationale: 'An action without an owner is an action nobody will do. Name one accountable person or team. The template placeholder `[name/team]` is reported by PM701.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | TBD | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (isPlaceholderCell(row.owner, 'owner')) continue;
      if (!row.owner) {
        if (row.action) findings.push({ message: 'Action has no Owner cell; name one accountable person or team', span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }), section: 'actionItems' });
        continue;
      }
      const issues = checkOwnerMissing(row.owner.raw);
      // An empty cell has an empty span; point at the row instead so the finding is visible.
      if (issues.length > 0 && row.owner.raw === '') {
        findings.push({ message: issues[0]!.message, span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }), section: 'actionItems' });
      } else findings.push(...cellFindings(doc, row.owner, issues));
    }
    return findings;
  },
};

export default rule;
