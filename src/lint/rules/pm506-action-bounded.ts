import { checkBounded, actionRows, cellFindings } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM506',
  alias: 'action-bounded',
  description: 'An action names a concrete artifact or threshold (a number, code span, named system, file, runbook, ticket or URL)',
  rationale: 'Heuristic. A bounded action names what it touches, so a reviewer can tell when it is done. Any number, code span, link, ticket id, path, kebab-case or capitalised name counts as concrete.',
  tags: ['action-items'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add dashboards. | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add `--dry-run` verification step to deploy runbook. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.action || row.action.raw.trim() === '') continue;
      findings.push(...cellFindings(doc, row.action, checkBounded(row.action.raw)));
    }
    return findings;
  },
};

export default rule;
