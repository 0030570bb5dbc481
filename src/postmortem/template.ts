/**
 * The skill's document template as data. The template itself is declared once, in
 * skills/writing-postmortem/references/template.md; test/unit/postmortem/template.test.ts checks that
 * these constants match it, so render, parse and the lint structure rules cannot drift from the skill.
 */

export const TITLE_PREFIX = 'Postmortem: ';
export const TITLE_PLACEHOLDER = '[Incident Title]';

export type HeaderKey = 'date' | 'duration' | 'severity' | 'status' | 'authors' | 'reviewers';

export const HEADER_FIELDS: ReadonlyArray<{ key: HeaderKey; label: string; placeholder: string }> = [
  { key: 'date', label: 'Date', placeholder: 'YYYY-MM-DD' },
  { key: 'duration', label: 'Duration', placeholder: 'HH:MM (detection to resolution)' },
  { key: 'severity', label: 'Severity', placeholder: 'P1 / P2 / P3 / P4' },
  { key: 'status', label: 'Status', placeholder: 'Resolved / Ongoing' },
  { key: 'authors', label: 'Author(s)', placeholder: '[names]' },
  { key: 'reviewers', label: 'Reviewers', placeholder: '[names — work context]' },
];

export type SectionKey =
  | 'summary'
  | 'timeline'
  | 'impact'
  | 'rootCause'
  | 'contributingFactors'
  | 'wentWell'
  | 'wentPoorly'
  | 'actionItems'
  | 'lessons';

export const SECTIONS: ReadonlyArray<{ key: SectionKey; heading: string; placeholder: string }> = [
  {
    key: 'summary',
    heading: 'Executive Summary',
    placeholder: '[2-3 sentences. What broke, how long, what was the user/business impact. Written for non-technical stakeholders.]',
  },
  { key: 'timeline', heading: 'Timeline', placeholder: '' },
  { key: 'impact', heading: 'Impact', placeholder: '' },
  {
    key: 'rootCause',
    heading: 'Root Cause',
    placeholder: '[1-2 paragraphs. The actual technical cause. Not "human error" — go deeper: what condition made the error possible?]',
  },
  { key: 'contributingFactors', heading: 'Contributing Factors', placeholder: '[e.g., no alerting on X metric]' },
  { key: 'wentWell', heading: 'What Went Well', placeholder: '[e.g., monitoring caught it within 5 minutes]' },
  { key: 'wentPoorly', heading: 'What Went Poorly', placeholder: '[e.g., 45 minutes to identify root cause due to missing logs]' },
  { key: 'actionItems', heading: 'Action Items', placeholder: '' },
  {
    key: 'lessons',
    heading: 'Lessons Learned',
    placeholder: "[2-3 sentences. The key insight(s) that will change how things are done. If nothing changed, the postmortem wasn't honest enough.]",
  },
];

export const TIMELINE_HEADER = ['Time (UTC)', 'Event'] as const;
export const TIMELINE_PLACEHOLDER_ROW = { time: 'HH:MM', event: 'First symptom / alert fired' } as const;

export type ImpactKey = 'services' | 'users' | 'dataLoss' | 'revenueSla';

export const IMPACT_FIELDS: ReadonlyArray<{ key: ImpactKey; label: string; placeholder: string }> = [
  { key: 'services', label: 'Services affected', placeholder: '[list]' },
  { key: 'users', label: 'Users affected', placeholder: '[number, "all users", or "internal only"]' },
  { key: 'dataLoss', label: 'Data loss', placeholder: '[yes/no — if yes, describe]' },
  { key: 'revenueSla', label: 'Revenue/SLA impact', placeholder: '[if applicable]' },
];

export const ACTION_HEADER = ['Action', 'Owner', 'Due Date', 'Priority'] as const;
export const ACTION_PLACEHOLDER_ROW = { action: '[Specific action]', owner: '[name/team]', due: 'YYYY-MM-DD', priority: 'P1/P2/P3' } as const;

/** Suffix that carries a timeline row's evidence inside the Event cell, keeping the template's two columns. */
export const SOURCE_SUFFIX = /\s\(source: ((?:[^()\\]|\\.)*)\)$/;

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const STATUSES = ['Resolved', 'Ongoing'] as const;
export const ACTION_TYPES = ['mitigate', 'prevent', 'detect', 'process'] as const;

export function pageNameFor(date: string, title: string): string {
  return `Postmortem ${date}: ${title}`;
}
