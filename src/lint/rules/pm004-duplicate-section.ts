import { defineRule, effectiveSections, sectionHeading } from '../rule-kit.js';

export default defineRule({
  id: 'PM004',
  alias: 'duplicate-section',
  description: 'A required section appears only once',
  rationale: 'A second "## Timeline" splits the facts in two places; readers and tools take the first and miss the rest. Merge the two.',
  tags: ['structure'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['## Timeline\n\n…\n\n## Timeline\n\n…'], pass: ['## Timeline\n\n…'] },
  check({ doc }) {
    const findings = [];
    const seen = new Set<string>();
    for (const { section, key } of effectiveSections(doc)) {
      if (!key) continue;
      if (seen.has(key)) {
        findings.push({
          message: `Duplicate section "## ${sectionHeading(key)}"; merge its content into the first one.`,
          span: section.heading.span,
          section: key,
          actual: key,
        });
      }
      seen.add(key);
    }
    return findings;
  },
});
