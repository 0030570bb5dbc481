import { TIMELINE_PLACEHOLDER_ROW } from '../../postmortem/template.js';
import { cellText, defineRule, parseClock } from '../rule-kit.js';
import { NON_UTC_ZONE } from './pm204-timeline-utc.js';
import type { Finding } from '../types.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Unambiguous spellings of a UTC clock time -> `HH:MM` (or with date/seconds as written). */
export function normaliseTime(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?:\s*(?:utc|z))?$/i.exec(t);
  if (m) {
    let h = Number(m[1]);
    const min = Number(m[2] ?? 0);
    if (h < 1 || h > 12 || min > 59) return null;
    if ((m[3] ?? '').toLowerCase() === 'p' && h !== 12) h += 12;
    if ((m[3] ?? '').toLowerCase() === 'a' && h === 12) h = 0;
    return `${pad(h)}:${pad(min)}`;
  }
  m = /^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2})[:.h](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:utc|z|\(utc\)|gmt|\+00:?00)?$/i.exec(t);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3]);
    if (h > 23 || min > 59) return null;
    const sec = m[4] !== undefined && m[4] !== '00' ? `:${m[4]}` : '';
    const out = `${m[1] ? `${m[1]} ` : ''}${pad(h)}:${pad(min)}${sec}`;
    return parseClock(out) ? out : null;
  }
  return null;
}

export default defineRule({
  id: 'PM202',
  alias: 'timeline-time-format',
  description: 'Timeline times are `HH:MM` (24 h, `:SS` optional), or `YYYY-MM-DD HH:MM` for multi-day incidents',
  rationale: 'One unambiguous 24-hour UTC format lets readers and tools order events and compute durations; "around 2pm" cannot be ordered.',
  tags: ['timeline'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: { fail: ['| around 2pm | Alert fired |', '| 2:05 PM | Alert fired |'], pass: ['| 14:05 | Alert "checkout 5xx > 2%" fired |', '| 2024-03-06 00:10 | Backfill finished |'] },
  check({ doc }) {
    const findings: Finding[] = [];
    doc.timeline.forEach((row, i) => {
      const v = cellText(row.time);
      if (v === TIMELINE_PLACEHOLDER_ROW.time || parseClock(v)) return;
      if (NON_UTC_ZONE.test(v)) return; // PM204 reports the zone
      const fixed = normaliseTime(v);
      const s = row.time.span;
      findings.push({
        message: v === '' ? 'Timeline row has no time, expected HH:MM (UTC).' : `Unexpected time "${v}", expected HH:MM in UTC${fixed ? ` (${fixed})` : ''}.`,
        span: v === '' ? row.span : s,
        section: 'timeline',
        actual: `${i}:${v}`,
        ...(fixed && row.time.raw === row.time.text ? { fix: { description: `Write ${fixed}`, edits: [{ start: s.start.offset, end: s.end.offset, newText: fixed }] } } : {}),
      });
    });
    return findings;
  },
});
