import { actionRows, cellFindings, checkImperative } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM502',
  alias: 'action-imperative',
  description: 'An action starts with an imperative verb (Add, Update, Remove, Create, Configure, Automate…)',
  rationale:
    'An imperative says who does what: "Add disk-usage alert at 85%". "Adding alerts", "We will add…" or "Monitoring should be added" describe a wish. Only clear non-verbs are reported (pronouns, modals, articles, -ing/-ed forms, nouns); an unknown verb is given the benefit of the doubt.',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Adding alerts for disk usage on db-primary | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      const cell = row.action;
      if (!cell || cell.raw.trim() === '') continue;
      const issues = checkImperative(cell.raw);
      const base = cell.span.start.offset;
      const out = cellFindings(doc, cell, issues);
      issues.forEach((issue, i) => {
        if (issue.replacement !== undefined) {
          out[i]!.suggestion = {
            description: `Start with "${issue.replacement}"`,
            edits: [{ start: base + issue.start, end: base + issue.end, newText: issue.replacement }],
          };
        }
      });
      findings.push(...out);
    }
    return findings;
  },
};

export default rule;
