import { checkVagueVerb, actionRows, cellFindings } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM503',
  alias: 'action-vague-verb',
  description: 'The first verb of an action is not vague (Improve, Investigate, Look into, Consider, Review, Ensure, Make sure, Try to…)',
  rationale: 'A vague verb has no observable end state, so the action can never be closed with confidence. Say what will exist when it is done: an alert, a guard, a limit, a document.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Improve communication. | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alerting for all cases where this service returns >1% errors. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.action || row.action.raw.trim() === '') continue;
      findings.push(...cellFindings(doc, row.action, checkVagueVerb(row.action.raw)));
    }
    return findings;
  },
};

export default rule;
