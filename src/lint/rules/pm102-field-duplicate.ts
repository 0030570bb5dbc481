import { defineRule, fieldLabel } from '../rule-kit.js';

export default defineRule({
  id: 'PM102',
  alias: 'field-duplicate',
  description: 'A header field appears only once',
  rationale: 'Two Severity lines leave readers and tools to guess which one is current; keep one.',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['**Severity:** P2\n**Severity:** P2'], pass: ['**Severity:** P2'] },
  check({ doc }) {
    const findings = [];
    const seen = new Set<string>();
    for (const f of doc.fields) {
      if (!f.key) continue;
      if (seen.has(f.key)) {
        findings.push({ message: `Duplicate header field "**${fieldLabel(f.key)}:**"; keep one.`, span: f.span, section: null, actual: f.key });
      }
      seen.add(f.key);
    }
    return findings;
  },
});
