import { defineRule, effectiveSections, isBlank, sectionPlaceholder } from '../rule-kit.js';
import { maskedSource } from '../text.js';

export default defineRule({
  id: 'PM009',
  alias: 'summary-quantified',
  description: 'Executive Summary contains a number (duration, percentage, count)',
  rationale: 'Stakeholders judge an incident by how long and how many; "some problems" cannot be compared with the next incident, "47 minutes, 12% of checkouts" can.',
  tags: ['structure'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Executive Summary\n\nThe API had some problems and users were impacted.'],
    pass: ['## Executive Summary\n\nThe checkout API returned errors for 47 minutes (14:05–14:52 UTC), affecting 12% of checkouts.'],
  },
  check({ doc }) {
    const section = effectiveSections(doc).find((s) => s.key === 'summary')?.section;
    if (!section || isBlank(section.body.raw) || section.body.raw.trim() === sectionPlaceholder('summary')) return [];
    const masked = maskedSource(doc).slice(section.body.span.start.offset, section.body.span.end.offset);
    if (/\d/.test(masked)) return [];
    return [
      {
        message: 'Executive Summary has no number; state the duration and how many users or requests were affected.',
        span: section.heading.span,
        section: 'summary',
      },
    ];
  },
});
