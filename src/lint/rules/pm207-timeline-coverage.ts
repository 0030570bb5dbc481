import { defineRule } from '../rule-kit.js';
import { isDetection, isResolution } from '../timeline-kit.js';
import type { Finding } from '../types.js';

export default defineRule({
  id: 'PM207',
  alias: 'timeline-coverage',
  description: 'Timeline rows mention detection (alert, page, reported) and resolution (resolved, recovered, rolled back)',
  rationale: 'Time to detect and time to resolve are the two numbers every postmortem review asks for; without those rows neither can be read from the document.',
  tags: ['timeline'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['| 14:00 | Deploy started |\n| 14:10 | Deploy finished |'],
    pass: ['| 14:05 | Alert "checkout 5xx > 2%" fired |\n| 14:52 | Error rate back to baseline; incident resolved |'],
  },
  check({ doc }) {
    const table = doc.timelineTable;
    if (!table || doc.timeline.length === 0) return [];
    const findings: Finding[] = [];
    const text = (i: number): string => doc.timeline[i]?.event.text ?? '';
    if (!doc.timeline.some((_, i) => isDetection(text(i)))) {
      findings.push({ message: 'No timeline row records detection; add when and how the incident was noticed (alert, page, report).', span: table.headerSpan, section: 'timeline', actual: 'detection' });
    }
    if (!doc.timeline.some((_, i) => isResolution(text(i)))) {
      findings.push({ message: 'No timeline row records resolution; add when service was restored and confirmed stable.', span: table.headerSpan, section: 'timeline', actual: 'resolution' });
    }
    return findings;
  },
});
