import { defineRule, fieldsOf, parseClock } from '../rule-kit.js';
import { detectionIndex, resolutionIndex } from '../timeline-kit.js';

export default defineRule({
  id: 'PM108',
  alias: 'duration-matches-timeline',
  description: 'Duration matches the detection-to-resolution span of the timeline (±5 minutes by default)',
  rationale: 'The Duration is read by people who never open the timeline; when the two disagree, one of them is wrong, and the reader cannot tell which.',
  tags: ['fields'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['**Duration:** 00:47 with timeline rows 13:58 (alert fired) … 16:10 (service recovered)'],
    pass: ['**Duration:** 00:47 with timeline rows 14:05 (alert fired) … 14:52 (error rate back to baseline)'],
  },
  check({ doc, options }) {
    const field = fieldsOf(doc, 'duration')[0];
    if (!field) return [];
    const m = /^(\d{2,}):([0-5]\d)\b/.exec(field.value.text.trim());
    if (!m) return [];
    const stated = Number(m[1]) * 60 + Number(m[2]);
    const rows = doc.timeline;
    const d = detectionIndex(rows);
    const r = resolutionIndex(rows);
    if (d < 0 || r < 0 || r <= d) return [];
    const a = parseClock(rows[d]?.time.text ?? '');
    const b = parseClock(rows[r]?.time.text ?? '');
    if (!a || !b) return [];
    let span = b.minutes - a.minutes;
    if (a.day !== null && b.day !== null) span += (b.day - a.day) * 1440;
    else if (span < 0) span += 1440;
    const tolerance = typeof options.toleranceMinutes === 'number' ? options.toleranceMinutes : 5;
    if (Math.abs(Math.round(span) - stated) <= tolerance) return [];
    const hh = String(Math.floor(span / 60)).padStart(2, '0');
    const mm = String(Math.round(span % 60)).padStart(2, '0');
    return [
      {
        message: `Duration ${m[1]}:${m[2]} does not match the timeline (${rows[d]?.time.text} to ${rows[r]?.time.text} is ${hh}:${mm}); correct one of them.`,
        span: field.value.span,
        section: null,
        actual: `${stated}/${Math.round(span)}`,
      },
    ];
  },
});
