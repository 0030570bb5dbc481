import { actionRows, cellFindings, checkActionPassive } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM604',
  alias: 'action-passive',
  description: 'Action text is not passive ("Alerting should be added")',
  rationale: 'A passive action hides who acts and reads as a wish. Write it as an imperative: "Add alerting for disk usage above 85%". Actions that start with an imperative verb are not reported, even with a passive clause inside ("Ensure backups are encrypted").',
  tags: ['action-items', 'tone'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Alerting should be added for disk usage. | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alerting for disk usage above 85%. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.action) continue;
      const out = cellFindings(doc, row.action, checkActionPassive(row.action.raw));
      for (const f of out) f.suggestion = { description: 'Rewrite the action as an imperative sentence that starts with the verb' };
      findings.push(...out);
    }
    return findings;
  },
};

export default rule;
