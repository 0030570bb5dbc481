import { defineRule, effectiveSections, sectionHeading } from '../rule-kit.js';

export default defineRule({
  id: 'PM003',
  alias: 'section-heading-canonical',
  description: 'Section headings use the exact template wording (near misses are normalised)',
  rationale:
    'Tools that read postmortems (search, dashboards, this linter) find sections by their exact heading. "Root cause analysis" or "Summary" mean a template section but are not found as one.',
  tags: ['structure'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['## Root cause analysis', '## Summary'], pass: ['## Root Cause', '## Executive Summary'] },
  check({ doc }) {
    const findings = [];
    for (const { section, key } of effectiveSections(doc)) {
      if (!key) continue;
      const canonical = sectionHeading(key);
      if (section.heading.raw === canonical) continue;
      const h = section.heading.span;
      findings.push({
        message: `Unexpected heading "${section.heading.text}", expected "${canonical}".`,
        span: h,
        section: key,
        actual: section.heading.text,
        fix: { description: `Rename to "${canonical}"`, edits: [{ start: h.start.offset, end: h.end.offset, newText: canonical }] },
      });
    }
    return findings;
  },
});
