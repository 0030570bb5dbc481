import { actionRows, cellFindings, checkDueAfterDate } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM511',
  alias: 'action-due-after-date',
  description: "Due Date is after the document's Date (error if earlier, warning if the same day)",
  rationale: "An action due before the incident happened is a typo or a copy-paste. Dates are compared with the document's own Date field, never with today's date, so the result does not change over time.",
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['**Date:** 2024-03-05\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-01 | P2 |'],
    pass: ['**Date:** 2024-03-05\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const date = doc.fields.find((f) => f.key === 'date')?.value.text;
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) if (row.due) findings.push(...cellFindings(doc, row.due, checkDueAfterDate(row.due.raw, date), 'error'));
    return findings;
  },
};

export default rule;
