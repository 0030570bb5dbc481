import { checkTargetsPeople, actionRows, cellFindings } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM504',
  alias: 'action-targets-people',
  description: 'An action changes the system, not human behaviour ("be more careful", "remind", "double-check", "pay more attention")',
  rationale: 'People under the same pressure, with the same tools, make the same choice again. Actions that ask for more care do not survive the next busy night; a guard, a default or automation does.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Be more careful when deploying. | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add `--dry-run` verification step to deploy runbook. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.action || row.action.raw.trim() === '') continue;
      findings.push(...cellFindings(doc, row.action, checkTargetsPeople(row.action.raw)));
    }
    return findings;
  },
};

export default rule;
