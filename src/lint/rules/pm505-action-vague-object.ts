import { checkVagueObject, actionRows, cellFindings } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM505',
  alias: 'action-vague-object',
  description: 'An action has no vague objects or hedges (more, better, some, various, etc., as needed, where appropriate, if possible)',
  rationale: '"Add more monitoring" cannot be finished or verified. Name the signal, the system and the threshold. "more than 5%" is a threshold and is not reported.',
  tags: ['action-items'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add more monitoring. | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add p99 latency alert (>500 ms for 5 min) on /checkout. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.action || row.action.raw.trim() === '') continue;
      findings.push(...cellFindings(doc, row.action, checkVagueObject(row.action.raw)));
    }
    return findings;
  },
};

export default rule;
