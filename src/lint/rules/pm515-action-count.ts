import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM515',
  alias: 'action-count',
  description: 'Between 1 and 10 action items (options min, max)',
  rationale: 'No action means nothing changes; 25 actions means none of them will be done. Keep the few that address the root cause and contributing factors, and track the rest elsewhere.',
  tags: ['action-items'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alert on disk usage above 85% | @priya | 2024-03-19 | P2 |'],
  },
  check({ doc, options }) {
    const min = typeof options.min === 'number' ? options.min : 1;
    const max = typeof options.max === 'number' ? options.max : 10;
    const table = doc.actionTable;
    if (!table) return [];
    const n = doc.actionItems.length;
    if (n >= min && n <= max) return [];
    return [{ message: n < min ? `Action table has ${n} actions, expected at least ${min}` : `Action table has ${n} actions, more than ${max}; keep the ones that prevent recurrence`, span: table.span, section: 'actionItems' }];
  },
};

export default rule;
