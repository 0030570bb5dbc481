import { IMPACT_FIELDS } from '../../postmortem/template.js';
import { defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

const UNRESOLVED = /^(?:tbd|tba|tbc|todo|unknown|unclear|not sure|pending|to be (?:determined|confirmed|decided)|\?+|-+|—|…|\.\.\.)\.?$/i;

export default defineRule({
  id: 'PM303',
  alias: 'impact-explicit',
  description: 'Impact values are explicit: no `TBD`, `unknown`, `?` or empty values',
  rationale: 'A postmortem is reviewed after the facts are in; "TBD" in the impact means the review is premature, and "unknown" data loss should be investigated before publishing.',
  tags: ['impact'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['- **Data loss:** TBD'], pass: ['- **Data loss:** None (writes queued and replayed at 14:55 UTC)'] },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const item of doc.impact) {
      if (!item.key) continue;
      const v = item.value.text.trim();
      const label = IMPACT_FIELDS.find((f) => f.key === item.key)?.label ?? item.label;
      if (v === '' || UNRESOLVED.test(v)) {
        findings.push({
          message: v === '' ? `${label} is empty; state the impact, or write None.` : `${label} is "${v}"; find out and state it, or write None.`,
          span: v === '' ? item.span : item.value.span,
          section: 'impact',
          actual: item.key,
        });
      }
    }
    return findings;
  },
});
