import { defineRule, fieldLabel, fieldsOf, headerPlaceholder } from '../rule-kit.js';
import type { Finding } from '../types.js';

const NOT_A_NAME = /^(?:tbd|tba|tbc|todo|\?+|-+|—|n\/?a|none|nobody|unknown|someone|anyone|names?|\[[^\]]*\]|<[^>]*>|\{\{[^}]*\}\})$/i;

function people(value: string): string[] {
  return value
    .split(/\s*[,;]\s*|\s+and\s+|\s*&\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const norm = (p: string): string => p.replace(/^@/, '').replace(/\s+/g, ' ').toLowerCase();

export default defineRule({
  id: 'PM107',
  alias: 'people-fields',
  description: 'Author(s) and Reviewers are real names or teams, and at least one reviewer is not an author',
  rationale: 'A postmortem nobody but its authors has reviewed has not been reviewed. Naming reviewers (with their work context) is what makes the review happen.',
  tags: ['fields'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['**Author(s):** Sam Lee\n**Reviewers:** TBD', '**Author(s):** Sam Lee\n**Reviewers:** Sam Lee'],
    pass: ['**Author(s):** Sam Lee\n**Reviewers:** Priya N, Team Payments'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const lists: Record<'authors' | 'reviewers', string[]> = { authors: [], reviewers: [] };
    for (const key of ['authors', 'reviewers'] as const) {
      const field = fieldsOf(doc, key)[0];
      if (!field) continue;
      const v = field.value.text.trim();
      const list = people(v);
      lists[key] = list;
      const label = fieldLabel(key);
      if (v === headerPlaceholder(key) || list.length === 0 || list.every((p) => NOT_A_NAME.test(p))) {
        findings.push({
          message: `${label} has no ${key === 'authors' ? 'author' : 'reviewer'}; name ${key === 'authors' ? 'who wrote it' : 'at least one person or team who reviewed it, with their work context'}.`,
          span: v === '' ? field.span : field.value.span,
          section: null,
          actual: `${key}:empty`,
        });
        lists[key] = [];
      }
    }
    const reviewersField = fieldsOf(doc, 'reviewers')[0];
    if (reviewersField && lists.reviewers.length > 0 && lists.authors.length > 0) {
      const authors = new Set(lists.authors.map(norm));
      if (lists.reviewers.every((r) => authors.has(norm(r)))) {
        findings.push({
          message: 'Every reviewer is also an author; add at least one reviewer who did not write the document.',
          span: reviewersField.value.span,
          section: null,
          actual: 'reviewers=authors',
        });
      }
    }
    return findings;
  },
});
