import type { Finding, Rule } from '../types.js';

function level(value: string | undefined): number | null {
  const m = /^(?:p|sev[-\s]?)([0-4])$/i.exec((value ?? '').replace(/[*_`]/g, '').trim());
  return m ? Number(m[1]) : null;
}

export const rule: Rule = {
  id: 'PM516',
  alias: 'action-priority-vs-severity',
  description: 'A P1/P2 incident has at least one P1/P2 action',
  rationale: 'If a severe incident produced only low-priority actions, either the severity or the actions are wrong.',
  tags: ['action-items'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['**Severity:** P1\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alert on disk usage above 85% | @priya | 2024-03-19 | P4 |'],
    pass: ['**Severity:** P1\n\n## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alert on disk usage above 85% | @priya | 2024-03-19 | P1 |'],
  },
  check({ doc }) {
    const severity = level(doc.fields.find((f) => f.key === 'severity')?.value.text);
    const table = doc.actionTable;
    if (severity === null || severity > 2 || !table) return [];
    const levels = doc.actionItems.map((r) => level(r.priority?.text)).filter((l): l is number => l !== null);
    if (levels.length === 0 || levels.some((l) => l <= 2)) return [];
    const f: Finding = { message: `Severity is P${severity} but no action is P1 or P2; raise the priority of the action that prevents recurrence`, span: table.span, section: 'actionItems' };
    return [f];
  },
};

export default rule;
