import { STATUSES } from '../../postmortem/template.js';
import { defineRule, fieldsOf } from '../rule-kit.js';

const MEANS_RESOLVED = /^(?:closed|fixed|mitigated|done|complete|completed|resolved\.)$/i;

export default defineRule({
  id: 'PM106',
  alias: 'status-value',
  description: 'Status is `Resolved` or `Ongoing`',
  rationale: 'Two states keep the list of open incidents exact. "Mitigated" or "Closed" hide whether the incident can still recur right now; say Resolved only when it cannot.',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['**Status:** Done', '**Status:** resolved'], pass: ['**Status:** Resolved'] },
  check({ doc }) {
    const field = fieldsOf(doc, 'status')[0];
    if (!field) return [];
    const v = field.value.text.trim();
    if ((STATUSES as readonly string[]).includes(v)) return [];
    const vs = field.value.span;
    const cased = STATUSES.find((s) => s.toLowerCase() === v.toLowerCase());
    const base = {
      message: v === '' ? 'Status is empty, expected Resolved or Ongoing.' : `Unexpected status "${v}", expected Resolved or Ongoing.`,
      span: v === '' ? field.span : vs,
      section: null,
      actual: v,
    };
    if (cased && field.value.raw === field.value.text) {
      return [{ ...base, fix: { description: `Write ${cased}`, edits: [{ start: vs.start.offset, end: vs.end.offset, newText: cased }] } }];
    }
    if (MEANS_RESOLVED.test(v)) {
      return [{ ...base, suggestion: { description: 'If nothing can recur now, write Resolved; otherwise Ongoing', edits: [{ start: vs.start.offset, end: vs.end.offset, newText: 'Resolved' }] } }];
    }
    return [base];
  },
});
