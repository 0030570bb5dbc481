import { defineRule, effectiveSections, isBlank, sectionHeading } from '../rule-kit.js';

export default defineRule({
  id: 'PM005',
  alias: 'empty-section',
  description: 'A required section has content (not only whitespace or comments)',
  rationale: 'An empty section reads as "nothing to say", which is rarely true; if a section truly does not apply, say so in a sentence.',
  tags: ['structure'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## What Went Well\n\n## What Went Poorly\n\n- No runbook for this failure mode.'],
    pass: ['## What Went Well\n\n- The 5xx alert fired within 2 minutes.\n\n## What Went Poorly\n\n- No runbook for this failure mode.'],
  },
  check({ doc }) {
    const findings = [];
    const seen = new Set<string>();
    for (const { section, key } of effectiveSections(doc)) {
      if (!key || seen.has(key)) continue;
      seen.add(key);
      if (!isBlank(section.body.raw)) continue;
      findings.push({
        message: `Section "## ${sectionHeading(key)}" is empty; add its content, or one sentence saying why it does not apply.`,
        span: section.heading.span,
        section: key,
        actual: key,
      });
    }
    return findings;
  },
});
