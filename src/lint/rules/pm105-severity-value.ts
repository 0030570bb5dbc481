import { SEVERITIES } from '../../postmortem/template.js';
import { defineRule, fieldsOf } from '../rule-kit.js';

export default defineRule({
  id: 'PM105',
  alias: 'severity-value',
  description: 'Severity is one of `P1`–`P4`',
  rationale: 'Severity drives review depth and action priorities (see the severity guide); free text such as "High" cannot be compared or filtered.',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['**Severity:** High', '**Severity:** SEV-2'], pass: ['**Severity:** P2'] },
  check({ doc }) {
    const field = fieldsOf(doc, 'severity')[0];
    if (!field) return [];
    const v = field.value.text.trim();
    if ((SEVERITIES as readonly string[]).includes(v)) return [];
    const m = /^(?:p|sev|s|severity)[\s_-]?([1-4])$/i.exec(v);
    const fixed = m ? `P${m[1]}` : null;
    const vs = field.value.span;
    return [
      {
        message: v === '' ? 'Severity is empty, expected P1, P2, P3 or P4.' : `Unexpected severity "${v}", expected P1, P2, P3 or P4${fixed ? ` (${fixed})` : ''}.`,
        span: v === '' ? field.span : vs,
        section: null,
        actual: v,
        ...(fixed && field.value.raw === field.value.text ? { fix: { description: `Write ${fixed}`, edits: [{ start: vs.start.offset, end: vs.end.offset, newText: fixed }] } } : {}),
      },
    ];
  },
});
