import { IMPACT_FIELDS, type ImpactKey } from '../../postmortem/template.js';
import { defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

const EXPLICIT: Partial<Record<ImpactKey, RegExp>> = {
  users: /^(?:none|no(?:ne)?\b.*|0\b.*|all(?: users| customers)?\b.*|internal(?: only| users only)?\b.*|n\/a)/i,
  revenueSla: /^(?:none|no\b.*|n\/a|not applicable|0\b.*)/i,
};

const VAGUE = /^(?:tbd|tba|tbc|unknown|\?+|-|—)$/i;

export default defineRule({
  id: 'PM302',
  alias: 'impact-quantified',
  description: 'Users affected and Revenue/SLA impact give a number, or an explicit None / 0',
  rationale: '"Some users" cannot be compared with the next incident or checked against the SLA; a number (even an estimate with "~") can.',
  tags: ['impact'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['- **Users affected:** some users'], pass: ['- **Users affected:** ~4,200 (12% of checkout attempts)', '- **Revenue/SLA impact:** None'] },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const key of ['users', 'revenueSla'] as const) {
      const item = doc.impact.find((i) => i.key === key);
      if (!item) continue;
      const v = item.value.text.trim();
      const field = IMPACT_FIELDS.find((f) => f.key === key);
      // empty, TBD and placeholders are PM303's and PM701's
      if (v === '' || VAGUE.test(v) || v === field?.placeholder) continue;
      if (/\d/.test(v) || EXPLICIT[key]?.test(v)) continue;
      findings.push({
        message: `${field?.label} "${v}" has no number; give a count, a percentage or an estimate (~), or write None.`,
        span: item.value.span,
        section: 'impact',
        actual: key,
      });
    }
    return findings;
  },
});
