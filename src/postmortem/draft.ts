/**
 * draft_postmortem's domain: turn loosely shaped input (hand-written rows or gather_timeline events)
 * into the document model, convert instants to UTC, compute the duration from detection to
 * resolution, and render. Pure: the tool file only maps schemas.
 */
import { UserInputError } from '../errors.js';
import { isIsoDate } from './dates.js';
import { renderPostmortem } from './render.js';
import { PostmortemSchema, type Postmortem } from './schema.js';
import { pageNameFor } from './template.js';

export interface DraftTimelineRow {
  time?: string | undefined;
  ts?: string | undefined;
  event?: string | undefined;
  title?: string | undefined;
  source?: string | { system?: string | undefined; kind?: string | undefined; ref?: string | undefined } | undefined;
  phaseHints?: string[] | undefined;
  count?: number | undefined;
}

type Names = string | string[] | undefined;

export interface DraftInput {
  title: string;
  date: string;
  severity?: string | undefined;
  status?: string | undefined;
  authors?: Names;
  reviewers?: Names;
  summary?: string | undefined;
  timeline?: DraftTimelineRow[] | undefined;
  duration?: string | undefined;
  impact?:
    | { services?: Names; users?: string | number | undefined; dataLoss?: string | boolean | undefined; revenueSla?: string | undefined }
    | undefined;
  rootCause?: string | undefined;
  contributingFactors?: Names;
  wentWell?: Names;
  wentPoorly?: Names;
  actionItems?: Array<{ action: string; owner: string; due: string; priority: string; type?: string | undefined }> | undefined;
  lessons?: string | undefined;
}

export interface DraftResult {
  doc: Postmortem;
  markdown: string;
  pageName: string;
  warnings: string[];
  /** How the duration was obtained, when it was computed rather than given. */
  duration?: { value: string; from: string; to: string; basis: string } | undefined;
}

const CLOCK = /^(\d{4}-\d{2}-\d{2} )?([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DETECTION = /\b(alert(ed)?|fired|firing|paged?|detected|noticed|reported|pagerduty|on-?call)\b/i;
const RESOLUTION = /\b(resolved|resolution|recovered|restored|stable|back to (normal|baseline)|closed|all clear)\b/i;

function names(value: Names): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : value.split(/[,;]/);
  return list.map((s) => s.trim()).filter(Boolean);
}

/** Lists given as one string: one item per line, list markers removed. */
function items(value: Names): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : value.split(/\r?\n/);
  return list.map((s) => s.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim()).filter(Boolean);
}

function sourceRef(source: DraftTimelineRow['source']): string | undefined {
  if (source === undefined) return undefined;
  if (typeof source === 'string') return source.trim() || undefined;
  const system = source.system?.trim();
  const ref = source.ref?.trim();
  if (!ref) return system || undefined;
  // Refs usually name their system already ("loki {app=...}" needs no "loki loki").
  return !system || ref.toLowerCase().startsWith(system.toLowerCase()) ? ref : `${system} ${ref}`;
}

interface Row {
  index: number;
  /** Absolute ms when the input was an instant. */
  instantMs?: number;
  /** `HH:MM` or `YYYY-MM-DD HH:MM` as written. */
  clock?: string;
  event: string;
  source?: string | undefined;
  hints: string[];
}

function parseInstant(value: string, field: string, warnings: string[]): number {
  const m = INSTANT.exec(value);
  if (!m) {
    throw new UserInputError(
      `${field} must be HH:MM (UTC) or an ISO 8601 instant such as 2026-03-05T14:05:00Z (got "${value.slice(0, 40)}").`,
      { field },
    );
  }
  const zone = m[8];
  const ms = Date.parse(zone ? value : `${value}Z`);
  if (Number.isNaN(ms) || !isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) {
    throw new UserInputError(`${field} is not a real date and time ("${value.slice(0, 40)}").`, { field });
  }
  if (!zone) warnings.push(`${field} has no time zone ("${value}"); it was read as UTC. Add Z or an offset to be sure.`);
  return ms;
}

function toRows(input: DraftTimelineRow[], warnings: string[]): Row[] {
  return input.map((raw, index) => {
    const field = `timeline[${index}]`;
    const time = (raw.time ?? raw.ts ?? '').trim();
    const event = (raw.event ?? raw.title ?? '').trim();
    if (!time) throw new UserInputError(`${field}.time is missing; give HH:MM (UTC) or an ISO 8601 instant.`, { field: `${field}.time` });
    if (!event) throw new UserInputError(`${field}.event is empty; say what happened at ${time}.`, { field: `${field}.event` });
    const row: Row = {
      index,
      event: raw.count && raw.count > 1 && !/\d\s*×|×\s*\d|\bx\d+\b/.test(event) ? `${event} (×${raw.count})` : event,
      source: sourceRef(raw.source),
      hints: raw.phaseHints ?? [],
    };
    if (CLOCK.test(time)) row.clock = time;
    else row.instantMs = parseInstant(time, `${field}.time`, warnings);
    return row;
  });
}

function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** Minutes since the document date's midnight for each row, with day rollover for bare HH:MM rows. */
function absoluteMinutes(rows: Row[], docDate: string): Array<number | undefined> {
  const base = Date.parse(`${docDate}T00:00:00Z`);
  let dayOffset = 0;
  let previous = -Infinity;
  return rows.map((row) => {
    if (row.instantMs !== undefined) {
      previous = (row.instantMs - base) / 60_000;
      return Math.floor(previous);
    }
    const m = CLOCK.exec(row.clock!);
    if (!m) return undefined;
    const minuteOfDay = Number(m[2]) * 60 + Number(m[3]);
    if (m[1]) {
      const dayMs = Date.parse(`${m[1].trim()}T00:00:00Z`);
      previous = (dayMs - base) / 60_000 + minuteOfDay;
      return previous;
    }
    let value = dayOffset * 1440 + minuteOfDay;
    if (value < previous) {
      dayOffset += 1;
      value += 1440;
    }
    previous = value;
    return value;
  });
}

function computeDuration(rows: Row[], docDate: string): DraftResult['duration'] {
  if (rows.length < 2) return undefined;
  const minutes = absoluteMinutes(rows, docDate);
  const byHint = (hint: string) => rows.findIndex((r) => r.hints.includes(hint));
  let from = byHint('detection');
  let fromBasis = 'the row marked as detection';
  if (from < 0) {
    from = rows.findIndex((r) => DETECTION.test(r.event));
    fromBasis = 'the first alert or report';
  }
  if (from < 0) {
    from = 0;
    fromBasis = 'the first row';
  }
  // Several rows can be resolution candidates (alert resolved, then the confirmation): the last one counts.
  let to = rows.findLastIndex((r) => r.hints.includes('resolved'));
  let toBasis = 'the last row marked as resolved';
  if (to < 0) {
    to = rows.findLastIndex((r) => RESOLUTION.test(r.event));
    toBasis = 'the last resolution or recovery row';
  }
  if (to < 0 || to <= from) return undefined;
  const start = minutes[from];
  const end = minutes[to];
  if (start === undefined || end === undefined || end < start) return undefined;
  return {
    value: hhmm(Math.round(end - start)),
    from: rows[from]!.event,
    to: rows[to]!.event,
    basis: `from ${fromBasis} to ${toBasis}`,
  };
}

function renderTimes(rows: Row[]): Array<{ time: string; event: string; source?: string }> {
  const instants = rows.filter((r) => r.instantMs !== undefined);
  const days = new Set(instants.map((r) => isoDate(r.instantMs!)));
  const showDates = days.size > 1;
  return rows.map((r) => {
    const time = r.instantMs === undefined ? r.clock! : showDates ? `${isoDate(r.instantMs)} ${isoClock(r.instantMs)}` : isoClock(r.instantMs);
    return r.source ? { time, event: r.event, source: r.source } : { time, event: r.event };
  });
}

export function buildDraft(input: DraftInput): DraftResult {
  const warnings: string[] = [];
  const title = input.title.trim();
  if (!title) throw new UserInputError('title is empty; give the incident a short title such as "Checkout API errors after config push".', { field: 'title' });
  const date = input.date.trim();
  if (!isIsoDate(date)) {
    throw new UserInputError(`date must be a real calendar date as YYYY-MM-DD (got "${date.slice(0, 20)}").`, { field: 'date' });
  }

  let rows = toRows(input.timeline ?? [], warnings);
  if (rows.length > 0 && rows.every((r) => r.instantMs !== undefined)) {
    rows = [...rows].sort((a, b) => a.instantMs! - b.instantMs! || a.index - b.index);
  }

  let duration = input.duration?.trim() || undefined;
  let computed: DraftResult['duration'];
  if (duration && !/^\d{2,}:[0-5]\d$/.test(duration)) {
    throw new UserInputError(`duration must be HH:MM from detection to resolution (got "${duration.slice(0, 20)}"), or leave it out to compute it from the timeline.`, {
      field: 'duration',
    });
  }
  if (!duration) {
    computed = computeDuration(rows, date);
    if (computed) duration = computed.value;
    else if (rows.length > 1) warnings.push('duration could not be computed: the timeline needs a detection row before a resolution row; give duration as HH:MM.');
  }

  const impact = input.impact ?? {};
  const dataLoss = typeof impact.dataLoss === 'boolean' ? (impact.dataLoss ? 'Yes' : 'None') : impact.dataLoss;
  const doc = PostmortemSchema.parse({
    title,
    date,
    duration,
    severity: input.severity,
    status: input.status,
    authors: names(input.authors),
    reviewers: names(input.reviewers),
    summary: input.summary,
    timeline: renderTimes(rows),
    impact: {
      services: Array.isArray(impact.services) ? impact.services.join(', ') : impact.services,
      users: impact.users === undefined ? undefined : String(impact.users),
      dataLoss,
      revenueSla: impact.revenueSla,
    },
    rootCause: input.rootCause,
    contributingFactors: items(input.contributingFactors),
    wentWell: items(input.wentWell),
    wentPoorly: items(input.wentPoorly),
    actionItems: (input.actionItems ?? []).map((a) => ({ ...a, type: a.type || undefined })),
    lessons: input.lessons,
  });
  return { doc, markdown: renderPostmortem(doc), pageName: pageNameFor(date, title), warnings, duration: computed };
}
