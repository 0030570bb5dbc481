import { IMPACT_FIELDS } from '../../postmortem/template.js';
import { defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

export default defineRule({
  id: 'PM301',
  alias: 'impact-bullets',
  description: 'Impact has the bullets Services affected, Users affected, Data loss and Revenue/SLA impact',
  rationale: 'Each bullet answers a question stakeholders always ask; a missing one is read as "not looked at", and a missing Data loss bullet as "maybe".',
  tags: ['impact'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['- **Services affected:** checkout-api\n- **Users affected:** ~4,200\n- **Revenue/SLA impact:** None'],
    pass: ['- **Services affected:** checkout-api\n- **Users affected:** ~4,200\n- **Data loss:** None\n- **Revenue/SLA impact:** None'],
  },
  check({ doc }) {
    const section = doc.sections.find((s) => s.key === 'impact');
    if (!section || section.body.raw.trim() === '') return [];
    const findings: Finding[] = [];
    const present = new Set(doc.impact.map((i) => i.key));
    const last = doc.impact[doc.impact.length - 1];
    for (let i = 0; i < IMPACT_FIELDS.length; i++) {
      const field = IMPACT_FIELDS[i];
      if (!field || present.has(field.key)) continue;
      const prev = [...doc.impact].reverse().find((it) => it.key !== null && IMPACT_FIELDS.findIndex((f) => f.key === it.key) < i) ?? (i === 0 ? undefined : last);
      const at = prev ? prev.span.end.offset : doc.impact[0] ? doc.impact[0].span.start.offset : section.body.span.start.offset;
      const newText = prev ? `\n- **${field.label}:** ` : `- **${field.label}:** \n`;
      findings.push({
        message: `Impact has no "${field.label}" bullet; add "- **${field.label}:** …" (write "None" if there was none).`,
        span: section.heading.span,
        section: 'impact',
        actual: field.key,
        suggestion: { description: `Insert "- **${field.label}:** "`, edits: [{ start: at, end: at, newText }] },
      });
    }
    return findings;
  },
});
