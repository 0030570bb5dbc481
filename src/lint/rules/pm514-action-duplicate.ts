import { actionRows, actionSimilarity } from '../action-quality.js';
import { spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

/** Pairwise comparison is quadratic; beyond this many rows only exact duplicates are reported. */
const PAIRWISE_LIMIT = 200;

export const rule: Rule = {
  id: 'PM514',
  alias: 'action-duplicate',
  description: 'No near-duplicate action rows (normalised Levenshtein similarity of 0.9 or more)',
  rationale: 'Duplicates split ownership and make progress look larger than it is. Merge them into one row.',
  tags: ['action-items'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alert on disk usage | @priya | 2024-03-19 | P2 |\n| Add alert on disk usage. | @sam | 2024-03-19 | P2 |'],
    pass: ['## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n| Add alert on disk usage | @priya | 2024-03-19 | P2 |\n| Add canary stage for config pushes | @sam | 2024-03-19 | P2 |'],
  },
  check({ doc, options }) {
    const threshold = typeof options.similarity === 'number' ? options.similarity : 0.9;
    const rows = actionRows(doc).filter(({ row }) => row.action && row.action.text.trim() !== '');
    const findings: Finding[] = [];
    const report = (n: number, cell: { span: { start: { offset: number }; end: { offset: number } } }) =>
      findings.push({ message: `Action duplicates row ${n}; merge the two rows`, span: spanOf(doc, { start: cell.span.start.offset, end: cell.span.end.offset }), section: 'actionItems' });
    if (rows.length > PAIRWISE_LIMIT) {
      const seen = new Map<string, number>();
      for (const { row, n } of rows) {
        const key = row.action!.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        const first = seen.get(key);
        if (first !== undefined) report(first, row.action!);
        else seen.set(key, n);
      }
      return findings;
    }
    for (let j = 1; j < rows.length; j++) {
      for (let i = 0; i < j; i++) {
        if (actionSimilarity(rows[i]!.row.action!.text, rows[j]!.row.action!.text) >= threshold) {
          report(rows[i]!.n, rows[j]!.row.action!);
          break;
        }
      }
    }
    return findings;
  },
};

export default rule;
