import { actionRows, cellFindings, isPlaceholderCell, quote } from '../action-quality.js';
import { SEVERITIES } from '../../postmortem/template.js';
import { spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM513',
  alias: 'action-priority',
  description: 'Priority is one of P1–P4 (option priorities); error when missing, warning when not in the list',
  rationale: 'A priority from a fixed list lets actions be sorted and compared with the incident severity. The fix corrects case only (p1 -> P1).',
  tags: ['action-items'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | urgent |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add disk-usage alert at 85% on db-primary. | @priya | 2024-03-19 | P1 |'],
  },
  check({ doc, options }) {
    const allowed = Array.isArray(options.priorities) && options.priorities.length > 0 ? options.priorities.map(String) : [...SEVERITIES];
    const findings: Finding[] = [];
    for (const { row } of actionRows(doc)) {
      if (isPlaceholderCell(row.priority, 'priority')) continue;
      const cell = row.priority;
      const value = (cell?.text ?? '').replace(/[*_`]/g, '').trim();
      if (!cell || value === '') {
        if (!row.action) continue;
        findings.push({ message: `Action has no priority; set one of ${allowed.join(', ')}`, span: spanOf(doc, { start: row.span.start.offset, end: row.span.end.offset }), section: 'actionItems' });
        continue;
      }
      if (allowed.includes(value)) continue;
      const byCase = allowed.find((p) => p.toLowerCase() === value.toLowerCase());
      const f = cellFindings(doc, cell, [{ ruleId: 'PM513', severity: 'warning', start: 0, end: cell.raw.length, message: `Unexpected priority "${quote(cell.text)}", expected one of ${allowed.join(', ')}` }], 'error')[0]!;
      if (byCase) f.fix = { description: `Write the priority as ${byCase}`, edits: [{ start: cell.span.start.offset, end: cell.span.end.offset, newText: byCase }] };
      findings.push(f);
    }
    return findings;
  },
};

export default rule;
