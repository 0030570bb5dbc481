import { actionRows, cellFindings, daysBetween, parseIsoDate } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM512',
  alias: 'action-due-horizon',
  description: 'Due Date is at most 180 days after the Date (90 for P1 actions); options maxDays, maxDaysP1',
  rationale: 'An action due in a year is a wish; by then the context is gone. Split it into a first step that fits the horizon.',
  tags: ['action-items'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['**Date:** 2024-03-05\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2025-06-30 | P1 |'],
    pass: ['**Date:** 2024-03-05\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-04-05 | P1 |'],
  },
  check({ doc, options }) {
    const maxDays = typeof options.maxDays === 'number' ? options.maxDays : 180;
    const maxDaysP1 = typeof options.maxDaysP1 === 'number' ? options.maxDaysP1 : 90;
    const date = parseIsoDate(doc.fields.find((f) => f.key === 'date')?.value.text ?? '');
    const findings: Finding[] = [];
    if (!date) return findings;
    for (const { row } of actionRows(doc)) {
      const due = row.due ? parseIsoDate(row.due.text.replace(/[*_`]/g, '')) : null;
      if (!due || !row.due) continue;
      const p1 = /^p1$/i.test(row.priority?.text.trim() ?? '');
      const limit = p1 ? maxDaysP1 : maxDays;
      const days = daysBetween(date, due);
      if (days <= limit) continue;
      findings.push(
        ...cellFindings(doc, row.due, [
          { ruleId: 'PM512', severity: 'warning', start: 0, end: row.due.raw.length, message: `Due date is ${days} days after the incident, more than ${limit}${p1 ? ' for a P1 action' : ''}; split the action or bring the date forward` },
        ]),
      );
    }
    return findings;
  },
};

export default rule;
