import { defineRule, fieldsOf } from '../rule-kit.js';
import { resolutionIndex, RESOLVED_WORDS } from '../timeline-kit.js';

export default defineRule({
  id: 'PM109',
  alias: 'status-consistency',
  description: 'Status agrees with the timeline (Ongoing with a resolution row, or Resolved without one)',
  rationale: 'A status that contradicts the timeline is usually a header nobody updated; readers trust the header.',
  tags: ['fields'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: { fail: ['**Status:** Ongoing, last timeline row "Service fully recovered"'], pass: ['**Status:** Resolved, last timeline row "Service fully recovered"'] },
  check({ doc }) {
    const field = fieldsOf(doc, 'status')[0];
    if (!field || doc.timeline.length === 0) return [];
    const status = field.value.text.trim().toLowerCase();
    const resolvedRow = resolutionIndex(doc.timeline, true) >= 0;
    if (status === 'ongoing' && resolvedRow && fieldsOf(doc, 'duration')[0]?.value.text.match(/^\d{2,}:\d{2}/)) {
      return [{ message: 'Status is Ongoing but the timeline shows a resolution and a Duration is set; update the Status or the timeline.', span: field.value.span, section: null, actual: 'ongoing' }];
    }
    if (status === 'resolved' && !resolvedRow) {
      return [
        {
          message: `Status is Resolved but no timeline row records the resolution (${RESOLVED_WORDS.slice(0, 3).join(', ')}…); add the row that closes the incident.`,
          span: field.value.span,
          section: null,
          actual: 'resolved',
        },
      ];
    }
    return [];
  },
});
