import { actionRows, cellFindings, checkOwnerSingle } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM509',
  alias: 'action-owner-single',
  description: 'Each action has exactly one accountable owner',
  rationale: 'Two owners wait for each other. Keep one accountable owner and mention helpers in the action text. "@org/team" and "Sam Lee (Team Payments)" count as one.',
  tags: ['action-items'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | Alice, Bob | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @alice | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) if (row.owner) findings.push(...cellFindings(doc, row.owner, checkOwnerSingle(row.owner.raw)));
    return findings;
  },
};

export default rule;
