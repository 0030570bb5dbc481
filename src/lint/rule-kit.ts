/**
 * Small shared helpers for the structure, field, timeline and impact rules (PM0xx-PM3xx): spans from
 * offsets, calendar checks by round trip, clock times, and the near-miss heading mapping that PM001,
 * PM002, PM003 and PM005 must agree on.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeHeading, sectionKeyFor } from '../postmortem/parse.js';
import type { ParsedPostmortem, ParsedSection, ParsedText, Span } from '../postmortem/parsed.js';
import { HEADER_FIELDS, SECTIONS, type HeaderKey, type SectionKey } from '../postmortem/template.js';
import { sectionSentences, spanOf } from './text.js';
import type { Rule } from './types.js';
import { isCalendarDate } from '../postmortem/dates.js';

export function defineRule(rule: Rule): Rule {
  return rule;
}

export function span(doc: ParsedPostmortem, start: number, end: number = start): Span {
  return spanOf(doc, { start, end });
}

export { isCalendarDate };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch for a strict, valid `YYYY-MM-DD`, else null. */
export function isoDay(text: string): number | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDate(y, mo, d)) return null;
  return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
}

export function fieldsOf(doc: ParsedPostmortem, key: HeaderKey) {
  return doc.fields.filter((f) => f.key === key);
}

export function fieldLabel(key: HeaderKey): string {
  return HEADER_FIELDS.find((f) => f.key === key)?.label ?? key;
}

export function headerPlaceholder(key: HeaderKey): string {
  return HEADER_FIELDS.find((f) => f.key === key)?.placeholder ?? '';
}

/** The document's own date (the reference for every date rule), as days since the epoch. */
export function documentDay(doc: ParsedPostmortem): number | null {
  const field = fieldsOf(doc, 'date')[0];
  return field ? isoDay(field.value.text) : null;
}

const SYNONYMS: Record<string, SectionKey> = {
  summary: 'summary',
  overview: 'summary',
  'tl;dr': 'summary',
  tldr: 'summary',
  'incident summary': 'summary',
  'executive overview': 'summary',
  'timeline of events': 'timeline',
  'incident timeline': 'timeline',
  chronology: 'timeline',
  'sequence of events': 'timeline',
  'customer impact': 'impact',
  'impact assessment': 'impact',
  'business impact': 'impact',
  'user impact': 'impact',
  'root cause analysis': 'rootCause',
  'root causes': 'rootCause',
  rca: 'rootCause',
  cause: 'rootCause',
  causes: 'rootCause',
  'contributing causes': 'contributingFactors',
  'contributing factor': 'contributingFactors',
  'other factors': 'contributingFactors',
  'what went right': 'wentWell',
  'things that went well': 'wentWell',
  'what worked': 'wentWell',
  'went well': 'wentWell',
  'what went wrong': 'wentPoorly',
  'things that went poorly': 'wentPoorly',
  'what didnt go well': 'wentPoorly',
  "what didn't go well": 'wentPoorly',
  'what did not go well': 'wentPoorly',
  'went poorly': 'wentPoorly',
  'where we got lucky': 'wentPoorly',
  'action item': 'actionItems',
  'follow-ups': 'actionItems',
  'follow ups': 'actionItems',
  'follow-up actions': 'actionItems',
  'next steps': 'actionItems',
  'action plan': 'actionItems',
  remediation: 'actionItems',
  'remediation items': 'actionItems',
  lessons: 'lessons',
  'lessons learnt': 'lessons',
  learnings: 'lessons',
  takeaways: 'lessons',
  'key takeaways': 'lessons',
};

/** Canonical key a non-canonical heading most likely means (synonym or Levenshtein <= 3), else null. */
export function nearMissKey(heading: string): SectionKey | null {
  const exact = sectionKeyFor(heading);
  if (exact) return exact;
  const norm = normalizeHeading(heading).replace(/^\d+[.)]\s*/, '');
  if (norm === '') return null;
  const syn = SYNONYMS[norm];
  if (syn) return syn;
  let best: { key: SectionKey; d: number } | null = null;
  for (const s of SECTIONS) {
    const d = distance(norm, s.heading.toLowerCase());
    if (d <= 3 && (!best || d < best.d)) best = { key: s.key, d };
  }
  return best?.key ?? null;
}

export interface EffectiveSection {
  section: ParsedSection;
  /** The canonical key, exact or through a near miss. */
  key: SectionKey | null;
  exact: boolean;
}

/**
 * Sections with their effective key. A near-miss heading counts as its canonical section unless
 * that canonical heading is also present (then it is an extra section of its own).
 */
export function effectiveSections(doc: ParsedPostmortem): EffectiveSection[] {
  const present = new Set(doc.sections.map((s) => s.key).filter((k): k is SectionKey => k !== null));
  return doc.sections.map((section) => {
    if (section.key) return { section, key: section.key, exact: true };
    const near = nearMissKey(section.heading.text);
    return { section, key: near && !present.has(near) ? near : null, exact: false };
  });
}

export function sectionHeading(key: SectionKey): string {
  return SECTIONS.find((s) => s.key === key)?.heading ?? key;
}

export function sectionPlaceholder(key: SectionKey): string {
  return SECTIONS.find((s) => s.key === key)?.placeholder ?? '';
}

/** True when the text is only whitespace and HTML comments. */
export function isBlank(text: string): boolean {
  return text.replace(/<!--[\s\S]*?-->/g, '').trim() === '';
}

export interface ClockTime {
  /** Minutes since the start of the (row's) day, or since the epoch day when the row carries a date. */
  minutes: number;
  day: number | null;
}

const TIME = /^(?:(\d{4}-\d{2}-\d{2})[ T])?([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** A valid timeline time (`HH:MM`, `HH:MM:SS`, `YYYY-MM-DD HH:MM`), else null. */
export function parseClock(text: string): ClockTime | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  let day: number | null = null;
  if (m[1]) {
    day = isoDay(m[1]);
    if (day === null) return null;
  }
  return { minutes: Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60, day };
}

export function cellText(cell: ParsedText | undefined): string {
  return cell?.text.trim() ?? '';
}

/** PM007 / PM008: a prose section with 2-3 sentences. */
export function sentenceCountRule(meta: {
  id: string;
  alias: string;
  key: SectionKey;
  description: string;
  rationale: string;
  examples: Rule['examples'];
}): Rule {
  return {
    id: meta.id,
    alias: meta.alias,
    description: meta.description,
    rationale: meta.rationale,
    tags: ['structure'],
    defaultSeverity: 'warning',
    recommended: true,
    fixable: 'none',
    examples: meta.examples,
    check({ doc, options }) {
      const section = effectiveSections(doc).find((s) => s.key === meta.key)?.section;
      if (!section || isBlank(section.body.raw)) return [];
      if (section.body.raw.trim() === sectionPlaceholder(meta.key)) return [];
      const min = typeof options.min === 'number' ? options.min : 2;
      const max = typeof options.max === 'number' ? options.max : 3;
      const sentences = sectionSentences(doc, section).filter((s) => /\p{L}/u.test(s.text));
      const n = sentences.length;
      if (n >= min && n <= max) return [];
      const name = sectionHeading(meta.key);
      return [
        {
          message:
            n < min
              ? `${name} has ${n} sentence${n === 1 ? '' : 's'}, expected ${min}–${max}; say what broke, for how long, and the impact.`.replace(
                  'say what broke, for how long, and the impact',
                  meta.key === 'lessons' ? 'state the insight that changes how things are done in full sentences' : 'say what broke, for how long, and the impact',
                )
              : `${name} has ${n} sentences, expected ${min}–${max}; keep the essentials and move detail to the sections below.`,
          span: section.heading.span,
          section: meta.key,
          actual: `${n}`,
        },
      ];
    },
  };
}
