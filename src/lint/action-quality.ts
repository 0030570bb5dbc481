/**
 * Action-item quality checks as plain functions over strings, shared by the PM5xx rules and by
 * five_whys (which verifies that the action hints it proposes pass them). Offsets are relative to
 * the text given; rules add the cell's offset.
 */
import { distance } from 'fastest-levenshtein';
import { COLLECTIVE_OWNERS, MISSING_OWNERS, PEOPLE_TARGETED, VAGUE_ACTION_VERBS, VAGUE_OBJECTS } from './data/phrases.js';
import { IMPERATIVE_VERBS, MODAL_CHAINS, NON_IMPERATIVE_OPENERS } from './data/verbs.js';
import type { ParsedActionRow, ParsedPostmortem, ParsedText } from '../postmortem/parsed.js';
import { ACTION_PLACEHOLDER_ROW } from '../postmortem/template.js';
import { redact } from '../redact/index.js';
import { findPassives, findPhrases, maskedSlice, spanOf, words } from './text.js';
import type { Finding, Severity } from './types.js';
import { isCalendarDate } from '../postmortem/dates.js';

export interface ActionIssue {
  ruleId: string;
  message: string;
  severity: Severity;
  /** Range in the checked text, end exclusive. */
  start: number;
  end: number;
  /** Replacement text for [start, end) offered as a suggestion, when there is an obvious one. */
  replacement?: string;
}

/** Blanks inline code, links' URLs and markdown markers, keeping offsets. */
export function maskInline(text: string): string {
  return text
    .replace(/`[^`]*`/g, (m) => ' '.repeat(m.length))
    .replace(/\]\([^)\s]*\)/g, (m) => ' '.repeat(m.length))
    .replace(/https?:\/\/\S+/g, (m) => ' '.repeat(m.length))
    .replace(/[*_[\]]/g, ' ');
}

/** Quoted as the messages quote cell text: secrets redacted first, then at most 60 characters. */
export function quote(text: string): string {
  const t = redact(text).text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

const TICKET_PREFIX = /^\s*(?:\[[ xX]\]\s*)?(?:(?:\(?[A-Z][A-Z0-9]{1,9}-\d+\)?|#\d+)\s*[:—–-]?\s*)?/;

interface Opening {
  /** Offset of the first word after ticket prefixes and markup. */
  first: { word: string; start: number; end: number } | undefined;
  /** The verb after a stripped modal chain ("We will add" -> add), if any. */
  chainEnd: number;
  verbWord: { word: string; start: number; end: number } | undefined;
}

const MODAL_CHAIN_RES = MODAL_CHAINS.map((chain) => new RegExp(`^${chain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}\\s+`));

function opening(masked: string): Opening {
  const prefix = TICKET_PREFIX.exec(masked)?.[0].length ?? 0;
  const ws = words(masked.slice(prefix)).map((w) => ({ ...w, start: w.start + prefix, end: w.end + prefix }));
  const first = ws[0];
  let chainEnd = first?.start ?? 0;
  let verbWord = first;
  const lowerRest = masked.slice(first?.start ?? 0).toLowerCase().replace(/’/g, "'");
  for (const re of MODAL_CHAIN_RES) {
    const m = re.exec(lowerRest);
    if (m) {
      chainEnd = (first?.start ?? 0) + m[0].length;
      verbWord = ws.find((w) => w.start >= chainEnd);
      break;
    }
  }
  return { first, chainEnd, verbWord };
}

/** Base form of an -ing/-ed word when it is a known imperative verb: Adding -> Add, Created -> Create. */
export function baseForm(word: string): string | undefined {
  const w = word.toLowerCase();
  const stems: string[] = [];
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (!w.endsWith(suffix) || w.length <= suffix.length + 1) continue;
    const stem = w.slice(0, -suffix.length);
    stems.push(stem, `${stem}e`);
    if (/(.)\1$/.test(stem)) stems.push(stem.slice(0, -1));
    if (suffix === 'ed' && stem.endsWith('i')) stems.push(`${stem.slice(0, -1)}y`);
  }
  const hit = stems.find((s) => IMPERATIVE_VERBS.has(s));
  return hit ? capitalise(hit, word) : undefined;
}

function capitalise(base: string, like: string): string {
  return /^\p{Lu}/u.test(like) ? base[0]!.toUpperCase() + base.slice(1) : base;
}

const NOUN_SUFFIX = /(?:tion|sion|ment|ness|ity|ance|ence|ship|ing|ure)s?$/i;
const STATEMENT = /\b(?:should|must|will|needs? to|has to|have to|is to|are to|ought to)\b/i;

/** PM502: the action starts with an imperative verb. */
export function checkImperative(text: string): ActionIssue[] {
  const masked = maskInline(text);
  const { first, chainEnd, verbWord } = opening(masked);
  if (!first) return [];
  const w = first.word.toLowerCase().replace(/’/g, "'");
  if (IMPERATIVE_VERBS.has(w)) return [];
  const message = `Action "${quote(text)}" does not start with an imperative verb; start with what to do, e.g. "Add …"`;
  const issue: ActionIssue = { ruleId: 'PM502', severity: 'error', message, start: first.start, end: first.end };
  if (NON_IMPERATIVE_OPENERS.has(w)) {
    if (verbWord && chainEnd > first.start && IMPERATIVE_VERBS.has(verbWord.word.toLowerCase())) {
      const verb = verbWord.word[0]!.toUpperCase() + verbWord.word.slice(1);
      return [{ ...issue, end: verbWord.end, replacement: verb }];
    }
    return [issue];
  }
  const base = baseForm(first.word);
  if (base && (w.endsWith('ing') || w.endsWith('ed'))) return [{ ...issue, replacement: base[0]!.toUpperCase() + base.slice(1) }];
  if (/(?:ing|ed)$/.test(w) && w.length > 4) return [issue];
  if (NOUN_SUFFIX.test(w) && w.length > 6) return [issue];
  if (STATEMENT.test(masked)) return [issue];
  return [];
}

/** PM503: the first verb is not a vague one (Improve, Investigate, Look into, Ensure…). */
export function checkVagueVerb(text: string): ActionIssue[] {
  const masked = maskInline(text);
  const { verbWord } = opening(masked);
  if (!verbWord) return [];
  const hit = findPhrases(masked.slice(verbWord.start), VAGUE_ACTION_VERBS.phrases, verbWord.start).find((m) => m.start === verbWord.start);
  if (!hit) return [];
  return [
    {
      ruleId: 'PM503',
      severity: 'error',
      message: `Action starts with the vague verb "${hit.text}"; say what will exist when it is done (e.g. "Add an alert on …")`,
      start: hit.start,
      end: hit.end,
    },
  ];
}

const FIRST_WORD_ONLY = new Set(['double-check', 'double check', 'triple-check']);

/** PM504: the action targets human behaviour instead of the system. */
export function checkTargetsPeople(text: string): ActionIssue[] {
  const masked = maskInline(text);
  const { verbWord } = opening(masked);
  const hits = findPhrases(masked, PEOPLE_TARGETED.phrases).filter((m) => !FIRST_WORD_ONLY.has(m.phrase) || m.start === verbWord?.start);
  const hit = hits[0];
  if (!hit) return [];
  return [
    {
      ruleId: 'PM504',
      severity: 'error',
      message: `Action "${quote(text)}" asks people to behave differently ("${hit.text}"); change the system instead (a guard, a default, automation)`,
      start: hit.start,
      end: hit.end,
    },
  ];
}

/** PM505: no vague objects or hedges (more, better, some, etc., as needed). */
export function checkVagueObject(text: string): ActionIssue[] {
  const masked = maskInline(text);
  const people = findPhrases(masked, PEOPLE_TARGETED.phrases);
  const hit = findPhrases(masked, VAGUE_OBJECTS.phrases).find((m) => {
    if (people.some((p) => m.start < p.end && m.end > p.start)) return false; // "be more careful" is PM504's

    if (m.phrase === 'more') return !/^\s*than\b/i.test(masked.slice(m.end)) && !/\bno\s*$/i.test(masked.slice(0, m.start));
    return true;
  });
  if (!hit) return [];
  return [
    {
      ruleId: 'PM505',
      severity: 'warning',
      message: `Action "${quote(text)}" is vague ("${hit.text}"); name the signal, system and threshold`,
      start: hit.start,
      end: hit.end,
    },
  ];
}

const CONCRETE = [
  /\d/, // threshold, version, count
  /`[^`]+`/, // code span
  /https?:\/\/|\]\(/, // link
  /\b[A-Z][A-Z0-9]{1,9}-\d+\b|#\d+\b/, // ticket
  /[\p{L}\p{N}][/._:][\p{L}\p{N}]/u, // path, file, dotted name, host:port
  /\b[\p{L}\p{N}]+-[\p{L}\p{N}]+\b/u, // kebab-case service name
  /\s[A-Z][\p{L}\p{N}]*[A-Z][\p{L}\p{N}]*/u, // CamelCase or acronym after the first word (PostgreSQL, TLS, API)
  /\s(?:[A-Z][a-z]+)/, // proper noun after the first word (Grafana, Kubernetes)
  /["“][^"”]+["”]/, // quoted name
  /\brunbook\b|\bdashboard\b.*\bfor\b|\bplaybook\b/i,
];

/** PM506 (heuristic): the action names a concrete artifact or threshold. */
export function checkBounded(text: string): ActionIssue[] {
  if (text.trim() === '' || CONCRETE.some((re) => re.test(text))) return [];
  return [
    {
      ruleId: 'PM506',
      severity: 'info',
      message: `Action "${quote(text)}" names no concrete system, file, threshold or ticket; make it checkable`,
      start: 0,
      end: text.length,
    },
  ];
}

/** PM604: the action is not written in the passive ("Alerting should be added"). */
export function checkActionPassive(text: string): ActionIssue[] {
  const masked = maskInline(text);
  const { first } = opening(masked);
  if (!first || IMPERATIVE_VERBS.has(first.word.toLowerCase())) return [];
  const passive = findPassives(masked)[0];
  if (!passive) return [];
  const base = baseForm(passive.participle);
  const hint = base ? `"${base[0]!.toUpperCase()}${base.slice(1)} …"` : 'an imperative';
  return [
    {
      ruleId: 'PM604',
      severity: 'error',
      message: `Action "${quote(text)}" is passive and hides who acts; rewrite it as ${hint}`,
      start: passive.start,
      end: passive.end,
    },
  ];
}

/** Owner with markup removed, lowercased: `**@priya**` -> `@priya`. */
export function normalizeOwner(owner: string): string {
  return owner
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** PM507: an owner is named. */
export function checkOwnerMissing(owner: string | undefined): ActionIssue[] {
  const n = normalizeOwner(owner ?? '');
  const placeholder = /^\[[^\]]*\]$/.test(n) || /^<[^>]*>$/.test(n) || /^\{\{[^}]*\}\}$/.test(n);
  if (!MISSING_OWNERS.includes(n) && !placeholder) return [];
  return [{ ruleId: 'PM507', severity: 'error', message: n === '' ? 'Action has no owner; name one accountable person or team' : `Owner "${quote(owner ?? '')}" is not an owner; name one accountable person or team`, start: 0, end: (owner ?? '').length }];
}

/** PM508: the owner is a person or a team, not a collective ("everyone", "we"). */
export function checkOwnerCollective(owner: string | undefined): ActionIssue[] {
  const n = normalizeOwner(owner ?? '').replace(/^the /, '');
  if (!COLLECTIVE_OWNERS.includes(n) && !COLLECTIVE_OWNERS.includes(`the ${n}`)) return [];
  return [
    {
      ruleId: 'PM508',
      severity: 'error',
      message: `Owner "${quote(owner ?? '')}" is collective, so nobody owns the action; name a person (@handle) or a team ("Team Payments")`,
      start: 0,
      end: (owner ?? '').length,
    },
  ];
}

/** The accountable parties of an owner cell: "Alice, Bob" -> 2; "@org/team" and "Sam Lee (Team Payments)" -> 1. */
export function ownerParts(owner: string): string[] {
  const withoutParens = normalizeOwner(owner).replace(/\([^)]*\)/g, ' ');
  return withoutParens
    .split(/\s*(?:,|;|&|\+|\band\b|(?<!@[\w-]*)\/)\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** PM509: exactly one accountable owner. */
export function checkOwnerSingle(owner: string | undefined): ActionIssue[] {
  if (!owner || normalizeOwner(owner) === '') return [];
  const parts = ownerParts(owner);
  if (parts.length <= 1) return [];
  return [{ ruleId: 'PM509', severity: 'warning', message: `Action has ${parts.length} owners; keep one accountable owner and list helpers in the action text`, start: 0, end: owner.length }];
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export { isCalendarDate };

/** A strict `YYYY-MM-DD` calendar date, else null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(year, month, day) ? { year, month, day } : null;
}

export function formatDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days from a to b (b - a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** PM510: Due Date is YYYY-MM-DD and a real date; `replacement` is the safe fix for ISO variants. */
export function checkDueDate(due: string | undefined): ActionIssue[] {
  const raw = (due ?? '').replace(/[*_`]/g, '').trim();
  if (parseIsoDate(raw)) return [];
  const variant = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw);
  const base = { ruleId: 'PM510', severity: 'error' as const, start: 0, end: (due ?? '').length };
  if (variant) {
    const d = { year: Number(variant[1]), month: Number(variant[2]), day: Number(variant[3]) };
    if (isCalendarDate(d.year, d.month, d.day)) {
      return [{ ...base, message: `Unexpected due date "${quote(due ?? '')}", expected ${formatDate(d)}`, replacement: formatDate(d) }];
    }
    return [{ ...base, message: `Due date "${quote(due ?? '')}" is not a calendar date; use a real YYYY-MM-DD date` }];
  }
  if (raw === '') return [{ ...base, message: 'Action has no due date; set one as YYYY-MM-DD' }];
  return [{ ...base, message: `Due date "${quote(due ?? '')}" is not a date; use YYYY-MM-DD (e.g. ${'2024-03-19'})` }];
}

/** PM511: the due date comes after the document's Date (never compared with the clock). */
export function checkDueAfterDate(due: string | undefined, documentDate: string | undefined): ActionIssue[] {
  const d = parseIsoDate((due ?? '').replace(/[*_`]/g, ''));
  const doc = parseIsoDate(documentDate ?? '');
  if (!d || !doc) return [];
  const days = daysBetween(doc, d);
  if (days > 0) return [];
  const base = { ruleId: 'PM511', start: 0, end: (due ?? '').length };
  if (days === 0) return [{ ...base, severity: 'warning', message: `Due date ${formatDate(d)} is the incident date itself; give the action time to be done` }];
  return [{ ...base, severity: 'error', message: `Due date ${formatDate(d)} is before the document date ${formatDate(doc)}; set a date after it` }];
}

/**
 * Checks on an action's text alone (PM502–PM506, PM604), for five_whys and the rules. PM506 is a
 * heuristic at info level.
 */
export function checkActionText(text: string): Array<{ ruleId: string; message: string; severity: Severity }> {
  return [...checkImperative(text), ...checkVagueVerb(text), ...checkTargetsPeople(text), ...checkVagueObject(text), ...checkBounded(text), ...checkActionPassive(text)].map(
    ({ ruleId, message, severity }) => ({ ruleId, message, severity }),
  );
}

export interface ActionItemInput {
  action: string;
  owner?: string;
  due?: string;
  priority?: string;
}

/** Every row-level check (PM502–PM511, PM604) over one action item. */
export function checkActionItem(item: ActionItemInput, documentDate?: string): Array<{ ruleId: string; message: string; severity: Severity }> {
  const issues = [
    ...checkImperative(item.action),
    ...checkVagueVerb(item.action),
    ...checkTargetsPeople(item.action),
    ...checkVagueObject(item.action),
    ...checkBounded(item.action),
    ...checkActionPassive(item.action),
    ...checkOwnerMissing(item.owner),
    ...(checkOwnerMissing(item.owner).length === 0 ? [...checkOwnerCollective(item.owner), ...checkOwnerSingle(item.owner)] : []),
    ...checkDueDate(item.due),
    ...checkDueAfterDate(item.due, documentDate),
  ];
  return issues.map(({ ruleId, message, severity }) => ({ ruleId, message, severity }));
}

/** Normalised Levenshtein similarity in [0, 1] of two action texts (PM514). */
export function actionSimilarity(a: string, b: string): number {
  const na = a.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const nb = b.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const max = Math.max(na.length, nb.length);
  if (max === 0) return 1;
  return 1 - distance(na, nb) / max;
}

// ---------------------------------------------------------------- document helpers for the PM5xx rules

/** Rows of the Action Items table with their index (1-based as a reader counts rows). */
export function actionRows(doc: ParsedPostmortem): Array<{ row: ParsedActionRow; n: number }> {
  // The template's example row is PM701's to report, cell by cell.
  return doc.actionItems.map((row, i) => ({ row, n: i + 1 })).filter(({ row }) => !isPlaceholderCell(row.action, 'action'));
}

/** True when a cell still holds the template's placeholder (PM701 reports those). */
export function isPlaceholderCell(cell: ParsedText | undefined, key: keyof typeof ACTION_PLACEHOLDER_ROW): boolean {
  return cell !== undefined && cell.text.trim() === ACTION_PLACEHOLDER_ROW[key];
}

/** Maps issues found in a cell's text to findings at the cell's position. */
export function cellFindings(doc: ParsedPostmortem, cell: ParsedText, issues: ActionIssue[], defaultSeverity?: Severity): Finding[] {
  const base = cell.span.start.offset;
  return issues.map((issue) => {
    const f: Finding = {
      message: issue.message,
      span: spanOf(doc, { start: base + issue.start, end: base + Math.max(issue.end, issue.start) }),
      section: 'actionItems',
    };
    if (defaultSeverity && issue.severity !== defaultSeverity) f.severity = issue.severity;
    return f;
  });
}

/** The masked source text of a cell: same offsets as the raw cell, code and URLs blanked. */
export function cellText(doc: ParsedPostmortem, cell: ParsedText): string {
  return maskedSlice(doc, cell.span.start.offset, cell.span.end.offset).text;
}
