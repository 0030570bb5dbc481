import { actionRows, cellFindings } from '../action-quality.js';
import type { Finding, Rule } from '../types.js';

const REF = /\b[A-Z][A-Z0-9]{1,9}-\d+\b|(?<![\w&])#\d+\b|https?:\/\/|\]\(|!\d+\b/;

export const rule: Rule = {
  id: 'PM517',
  alias: 'action-tracking-ref',
  description: 'Each action links a ticket (OPS-123, #123 or a URL); off by default',
  rationale: 'An action that lives only in the postmortem is forgotten; a ticket has a status, a reminder and a history.',
  tags: ['action-items'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add canary stage for config pushes | @priya | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add canary stage for config pushes ([OPS-481](https://tracker.example.com/OPS-481)) | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      const cell = row.action;
      if (!cell || cell.raw.trim() === '' || row.cells.some((c) => REF.test(c.raw))) continue;
      findings.push(...cellFindings(doc, cell, [{ ruleId: 'PM517', severity: 'info', start: 0, end: cell.raw.length, message: 'Action has no ticket reference; link the tracking issue (e.g. OPS-123)' }]));
    }
    return findings;
  },
};

export default rule;
