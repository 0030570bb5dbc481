/**
 * Wording for the document: the Root Cause section (blameless, past tense, systems as subjects),
 * the Contributing Factors bullets and the action hints. Every sentence taken from an answer is
 * re-checked with the same detectors as the checks, and dropped when it would blame a person, use
 * hindsight or say "human error"; hints are kept only when they pass the linter's action checks.
 */
import { COUNTERFACTUAL, HUMAN_ERROR, JUDGEMENTAL } from '../lint/data/phrases.js';
import { personCauses } from './checks.js';
import { GAP_LABELS, classifyGap, type GapClassification, type GapType } from './gaps.js';
import { dice, findPhrases, leadSentences, proseOnly, splitSentences, tokenSet, truncate } from './language.js';
import { checkActionText } from './lint-bridge.js';
import { findNamedPeople } from './people.js';
import { baseForm, mainClause, subjectOf } from './questions.js';
import type { ActionHint, RootCause, WhyNode } from './types.js';

const PRESENT_TO_PAST: Array<[RegExp, string]> = [
  [/\bthere's\b/gi, 'there was'],
  [/\bisn't\b/gi, "wasn't"],
  [/\baren't\b/gi, "weren't"],
  [/\bdoesn't\b/gi, "didn't"],
  [/\bdon't\b/gi, "didn't"],
  [/\bcan't\b|\bcannot\b/gi, 'could not'],
  [/\bwon't\b/gi, 'would not'],
  [/\bis\b/gi, 'was'],
  [/\bare\b/gi, 'were'],
  [/\bhas\b/gi, 'had'],
  [/\bdoes\b/gi, 'did'],
  [/\bdo not\b/gi, 'did not'],
  [/\bcan\b/gi, 'could'],
];

function keepCase(replacement: string, original: string): string {
  return /^\p{Lu}/u.test(original) ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
}

/** Simple present auxiliaries to past, outside code spans ("has no guard" -> "had no guard"). */
export function toPastTense(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = part;
      for (const [re, replacement] of PRESENT_TO_PAST) out = out.replace(re, (m) => keepCase(replacement, m));
      // "have" as a main verb ("the pods have no limit"), not after a modal.
      out = out.replace(/(?<!\b(?:would|could|should|might|must|may|will|to)\s)\bhave\b/gi, (m) => keepCase('had', m));
      return out;
    })
    .join('');
}

const MINIMISERS = new Set(['just', 'simply', 'obviously', 'clearly']);

function stripMinimisers(text: string): string {
  const hits = findPhrases(text, JUDGEMENTAL.phrases).filter((h) => MINIMISERS.has(h.phrase));
  let out = text;
  for (const h of [...hits].reverse()) out = `${out.slice(0, h.index)}${out.slice(h.end).replace(/^,?\s*/, '')}`;
  return out.replace(/\s{2,}/g, ' ');
}

function replaceNames(text: string): string {
  const named = findNamedPeople(text).sort((a, b) => b.index - a.index);
  let out = text;
  for (const n of named) {
    const at = out.indexOf(n.who, n.index);
    if (at < 0) continue;
    out = `${out.slice(0, at)}a responder${out.slice(at + n.who.length)}`;
  }
  return out.replace(/\bonly a responder\b/gi, (m) => (m.startsWith('O') ? 'Only one responder' : 'only one responder'));
}

function capitalise(text: string): string {
  return text.replace(/^(\s*)(\p{Ll})/u, (_m, ws: string, c: string) => ws + c.toUpperCase());
}

/** An answer as a document sentence: no leading "Because", past tense, capitalised, full stop. */
export function documentSentence(answer: string): string {
  let s = leadSentences(answer).replace(/^(?:because|since|as|due\s+to\s+the\s+fact\s+that)\s*,?\s+/i, '');
  s = replaceNames(stripMinimisers(toPastTense(s)));
  s = capitalise(s.trim());
  if (!/[.!?]["')\]]?$/.test(s)) s = `${s}.`;
  return s;
}

/** True when the sentence would trip the Root Cause rules (PM401 human error, PM402 person, PM403 hindsight). */
export function blamesSomeone(sentence: string): boolean {
  const prose = proseOnly(sentence);
  return personCauses(sentence).length > 0 || findPhrases(prose, HUMAN_ERROR.phrases).length > 0 || findPhrases(prose, COUNTERFACTUAL.phrases).length > 0;
}

function cleanSentences(answer: string): string[] {
  const sentence = documentSentence(answer);
  return splitSentences(sentence)
    .map((s) => s.text)
    .filter((s) => !blamesSomeone(s));
}

function joinLabels(types: GapType[]): string {
  const labels = [...new Set(types)].map((t) => GAP_LABELS[t]);
  if (labels.length <= 1) return labels[0] ?? GAP_LABELS.other;
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

export interface SectionInput {
  problem: string;
  /** The primary chain, from the first why down to the primary root cause. */
  primaryPath: WhyNode[];
  /** Further branches: the nodes each adds below the point where it leaves the primary chain. */
  otherBranches: WhyNode[][];
  rootCauses: RootCause[];
  depth: number;
  /** Whys whose wording or structure was flagged; their text stays out of the document. */
  skip: ReadonlySet<string>;
}

export function renderRootCauseSection(input: SectionInput): string {
  const pick = (nodes: WhyNode[]) => nodes.filter((n) => !input.skip.has(n.id)).flatMap((n) => cleanSentences(n.answer));
  const problem = blamesSomeone(input.problem) ? [] : cleanSentences(input.problem);
  const first = [...problem, ...pick(input.primaryPath)];
  const further = input.otherBranches.map(pick).filter((s) => s.length > 0);
  const roots = input.rootCauses.length;
  const levels = input.depth === 1 ? '1 level' : `${input.depth} levels`;
  const closing = `The five whys analysis traced the incident through ${levels} of cause to ${roots > 1 ? `${roots} root causes: ` : ''}${joinLabels(input.rootCauses.map((r) => r.gapType))}.`;
  const paragraphs = [first.join(' ')];
  if (further.length > 0) paragraphs.push(`Separate lines of cause contributed as well. ${further.map((s) => s.join(' ')).join(' ')}`);
  paragraphs[paragraphs.length - 1] = `${paragraphs[paragraphs.length - 1]} ${closing}`.trim();
  return paragraphs.filter((p) => p.trim()).join('\n\n');
}

function bullet(answer: string): string | undefined {
  const sentences = cleanSentences(answer);
  if (sentences.length === 0) return undefined;
  return sentences.join(' ').replace(/[.]$/, '');
}

/** Other root causes, then conditions found along the way (depth ≥ 2, a clear gap match), without repeats. */
export function renderContributingFactors(primary: WhyNode | undefined, otherLeaves: WhyNode[], inner: WhyNode[], skip: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen: Array<Set<string>> = primary ? [tokenSet(primary.answer)] : [];
  const add = (node: WhyNode) => {
    if (skip.has(node.id)) return;
    const text = bullet(node.answer);
    if (!text) return;
    const tokens = tokenSet(text);
    if (seen.some((s) => dice(s, tokens) >= 0.8)) return;
    seen.push(tokens);
    out.push(text);
  };
  for (const leaf of otherLeaves) add(leaf);
  for (const node of inner) {
    if (node.depth < 2) continue;
    const c = classifyGap(node.answer);
    if (c.gapType !== 'other' && (c.match?.weight ?? 0) >= 2) add(node);
  }
  return out;
}

const LEADING = /^(?:(?:on|for|of|in|against|to|that|which|when|was|were|existed|fired|configured|set\s+up|in\s+place|covering|covered|step|steps|stage|stages|job|rule|rules)\s+)+/i;
/** "No alert or probe covered X", "no check compared X": the object follows the verb. */
const CONNECTED_VERB =
  /^(?:(?:or|and)\s+(?:\S+\s+){1,3}?)?(?:compared|prevented|checked|validated|blocked|caught|covered|fired|existed|watched|tracked|alerted|enforced|verified|tested|stopped|limited|rejected|flagged|measured|guarded|protected)\s+/i;
const LACK_OPENER = /^(?:no|without|missing|lacked|nothing|nobody|no one)\b/i;

const PAST_WORD = /(?<![-\p{L}])\p{L}+ed(?![-\p{L}])/u;

function nounPhrase(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 12) return false;
  if (/\b(?:was|were|is|are|had|has|did|does|could|would)\b/i.test(text)) return false;
  if (baseForm(words[0]!)) return false;
  return !PAST_WORD.test(text);
}

/** "ran EXPLAIN on new queries" -> "runs EXPLAIN on new queries"; "every host was covered" -> "every host is covered". */
export function presentClause(text: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 16) return undefined;
  let out = text
    .replace(/\bwas\b/g, 'is')
    .replace(/\bwere\b/g, 'are')
    .replace(/\bhad\s+not\b/g, 'has not')
    .replace(/\bdid\s+not\b/g, 'does not')
    .replace(/\bdidn't\b/g, "doesn't");
  const first = words[0]!;
  const base = baseForm(first);
  if (base) out = `${/(?:s|sh|ch|x|z)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`}${out.slice(first.length)}`;
  // Any other past form left (not a participle after is/are/been) means the clause is too complex to rewrite.
  const rest = out.split(/\s+/);
  for (let i = 1; i < rest.length; i += 1) {
    if (PAST_WORD.test(rest[i]!) && !/^(?:is|are|be|been|being|not|get|gets)$/i.test(rest[i - 1]!)) return undefined;
  }
  return out;
}

interface GapTail {
  /** Object of a "no X for Y" gap ("disk usage for /var/lib/postgresql"). */
  object?: string;
  /** Clause after "no check that …", in the present ("runs EXPLAIN on new queries"). */
  clause?: string;
}

/** What follows the missing control in "no X for Y" / "no X that Y". */
export function gapTail(statement: string, classification: GapClassification): GapTail {
  const match = classification.match;
  if (!match || !LACK_OPENER.test(match.text)) return {};
  const after = (statement.slice(match.end).split(/[.;!?]|,\s|\s(?:because|so|which\s+(?!\w+ed)|and\s+then|but)\s/)[0] ?? '').trim();
  const that = /^(?:that|which)\s+(.+)$/i.exec(after);
  if (that) {
    const clause = presentClause(that[1]!);
    return clause ? { clause } : {};
  }
  const object = after.replace(CONNECTED_VERB, '').replace(LEADING, '').trim();
  return nounPhrase(object) ? { object } : {};
}

/** The object of a "no X for Y" gap, when there is one. */
export function gapObject(statement: string, classification: GapClassification): string | undefined {
  return gapTail(statement, classification).object;
}

interface HintParts {
  /** Object of a "no X for Y" gap. */
  object?: string;
  /** Clause after "no check that …", in the present. */
  clause?: string;
  /** Noun phrase before the verb ("the connection pool limit of 20"). */
  subject?: string;
  /** "<doc> did not include <step>". */
  include?: { doc: string; step: string };
  /** A quoted reference to the statement, always present. */
  ref: string;
}

function templates(gapType: GapType, p: HintParts): string[] {
  const { object: o, subject: s, include, ref, clause } = p;
  const out: string[] = [];
  switch (gapType) {
    case 'guardrail':
      if (clause) out.push(`Add a blocking check${s ? ` to ${s}` : ''} that ${clause}, with a test that reproduces this incident`);
      if (o) out.push(`Add a blocking check for ${o}${s ? ` to ${s}` : ''}, with a test that reproduces this incident`);
      out.push(`Add a blocking check, with a test that reproduces this incident, for the condition ${ref}`);
      break;
    case 'detection':
      if (clause) out.push(`Add an alert${s ? ` for ${s}` : ''} that ${clause}, with an explicit threshold and a 5-minute evaluation window, routed to the on-call rotation`);
      if (o) out.push(`Add an alert on ${o} with an explicit threshold and a 5-minute evaluation window, routed to the on-call rotation`);
      if (s) out.push(`Add an alert on ${s} with an explicit threshold and a 5-minute evaluation window, routed to the on-call rotation`);
      out.push(`Add an alert with an explicit threshold and a 5-minute evaluation window for ${ref}, routed to the on-call rotation`);
      break;
    case 'process':
      if (include) out.push(`Add ${include.step} to ${include.doc} as a required, checkable step, and name the step's owner`);
      if (o) out.push(`Add a required, checkable step for ${o} to the runbook or change checklist, and name the step's owner`);
      if (s) out.push(`Add a required, checkable step for ${s} to the runbook or change checklist, and name the step's owner`);
      out.push(`Add a required, checkable step to the runbook or change checklist for ${ref}, and name the step's owner`);
      break;
    case 'capacity':
      if (s) out.push(`Add an alert at 80% of ${s} and record the headroom target in the capacity plan`);
      out.push(`Add an alert at 80% of the limit behind ${ref} and record the headroom target in the capacity plan`);
      break;
    case 'dependency':
      out.push(`Add a timeout, a fallback and a 5-minute synthetic check for the dependency behind ${ref}`);
      break;
    case 'knowledge':
      if (s) out.push(`Update ${s}, link it from the on-call runbook and set a review date 90 days after this incident`);
      out.push(`Update the documentation behind ${ref}, link it from the on-call runbook and set a review date 90 days after this incident`);
      break;
    case 'other':
      out.push(`Create a ticket that names the missing control behind ${ref}, with an acceptance test that reproduces this incident`);
      break;
  }
  return out;
}

const INCLUDE = /^(.{3,80}?)\s+(?:did\s+not|didn't|does\s+not|doesn't)\s+(?:include|cover|mention|list|contain|describe|document)\s+(.{3,100}?)[.!]?$/i;

function includeParts(statement: string): HintParts['include'] {
  const clause = mainClause(documentSentence(statement).replace(/[.]$/, ''));
  const m = INCLUDE.exec(clause);
  if (!m || /,/.test(m[1]!)) return undefined;
  const doc = m[1]!.replace(/^The\b/, 'the');
  if (!/\b(?:runbook|playbook|checklist|procedure|process|template|guide|documentation|docs|wiki|page|steps?)\b/i.test(doc)) return undefined;
  return { doc, step: m[2]! };
}

function passes(hint: string): boolean {
  return checkActionText(hint).every((issue) => issue.severity === 'info');
}

/** One hint per root cause, worded to pass the linter's action-item checks (PM502–PM505). */
export function renderActionHint(root: RootCause): ActionHint {
  const classification = classifyGap(root.statement);
  const ref = `"${truncate(mainClause(documentSentence(root.statement).replace(/[.]$/, '')), 80).replace(/"/g, "'")}"`;
  const subject = subjectOf(root.statement);
  const parts: HintParts = {
    ref,
    ...gapTail(root.statement, classification),
    ...(subject && subject.split(/\s+/).length >= 2 ? { subject } : {}),
    ...(includeParts(root.statement) ? { include: includeParts(root.statement)! } : {}),
  };
  const candidates = [...templates(root.gapType, parts), ...templates(root.gapType, { ref: `the condition in ${root.whyId}` })];
  const hint = candidates.find(passes) ?? candidates[candidates.length - 1]!;
  return { whyId: root.whyId, gapType: root.gapType, hint: `${hint}.` };
}
