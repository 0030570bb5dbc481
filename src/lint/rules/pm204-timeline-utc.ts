import { cellText, defineRule } from '../rule-kit.js';
import type { Finding } from '../types.js';

/** Zone names and offsets other than UTC; `local` counts. */
export const NON_UTC_ZONE =
  /(?<![\p{L}])(?:PST|PDT|EST|EDT|CST|CDT|MST|MDT|AKST|AKDT|HST|CET|CEST|BST|IST|EET|EEST|WET|WEST|MSK|JST|KST|HKT|SGT|AEST|AEDT|ACST|AWST|NZST|NZDT|BRT|ART|local|local time)(?![\p{L}])|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|(?<=\d)\s*[+-](?!00:?00)\d{2}:?\d{2}\b/iu;

export default defineRule({
  id: 'PM204',
  alias: 'timeline-utc',
  description: 'Timeline times are UTC: no other zone (`PST`, `CET`, `+02:00`, `local`) in the time column or header',
  rationale: 'Responders sit in different zones and evidence comes from systems logging in UTC; one zone is the only way the rows line up with logs, alerts and each other.',
  tags: ['timeline'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: { fail: ['| 09:05 PST | Alert fired |', '| Time (CET) | Event |'], pass: ['| 17:05 | Alert fired |'] },
  check({ doc }) {
    const findings: Finding[] = [];
    const header = doc.timelineTable?.header[0];
    if (header && NON_UTC_ZONE.test(header.text)) {
      findings.push({ message: `Timeline header "${header.text}" names a non-UTC zone; convert every time to UTC and write "Time (UTC)".`, span: header.span, section: 'timeline', actual: header.text });
    }
    doc.timeline.forEach((row, i) => {
      const v = cellText(row.time);
      const m = NON_UTC_ZONE.exec(v);
      if (!m) return;
      findings.push({
        message: `Time "${v}" is not in UTC (${m[0].trim()}); convert it to UTC and drop the zone.`,
        span: row.time.span,
        section: 'timeline',
        actual: `${i}:${v}`,
      });
    });
    return findings;
  },
});
