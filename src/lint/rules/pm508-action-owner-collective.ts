import { actionRows, cellFindings, checkOwnerCollective, quote } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM508',
  alias: 'action-owner-collective',
  description: 'The owner is a person (@handle, First Last) or a team (Team X, X team, @org/team), not everyone, we, the team',
  rationale: 'When everyone owns an action, nobody does. A named person or a named team can be asked about it next week.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | everyone | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | Team Payments | 2024-03-19 | P2 |'],
  },
  check({ doc, options }) {
    const extra = Array.isArray(options.collectiveOwners) ? options.collectiveOwners.map(String).map((s) => s.toLowerCase()) : [];
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (!row.owner) continue;
      const issues = checkOwnerCollective(row.owner.raw);
      if (issues.length === 0 && extra.includes(row.owner.text.trim().toLowerCase())) {
        issues.push({ ruleId: 'PM508', severity: 'error', start: 0, end: row.owner.raw.length, message: `Owner "${quote(row.owner.text)}" is collective; name a person or a team` });
      }
      findings.push(...cellFindings(doc, row.owner, issues));
    }
    return findings;
  },
};

export default rule;
