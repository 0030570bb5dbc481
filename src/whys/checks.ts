/**
 * The five_whys checks. Wording rules (person as cause, human error, hindsight, judgement, named
 * individuals) are errors on a leaf, because the leaf becomes the root cause, and warnings higher
 * up, where an action can be a fact on the way to the real gap. Structure rules catch chains that
 * go in circles or stop too early; leaf rules check that the chain ends at a system or process gap.
 */
import { COUNTERFACTUAL, HUMAN_ERROR, JUDGEMENTAL, MINIMISER_FOLLOWERS, PERSON_ROLES } from '../lint/data/phrases.js';
import { findSecrets } from '../redact/index.js';
import { classifyGap, type GapClassification } from './gaps.js';
import { collapseSpace, dice, findPhrases, leadSentences, novelty, proseOnly, splitSentences, tokenSet, truncate } from './language.js';
import { findPersonSubjects } from './lint-bridge.js';
import { findNamedPeople, findPersonCauses, findPersonOpeners, findPersonStates, type PersonHit } from './people.js';
import { baseForm } from './questions.js';
import type { RootCause, Severity, WhyFinding, WhyNode, WhyTree } from './types.js';
import { PROBLEM_ID } from './tree.js';

export interface WhyRule {
  id: string;
  alias: string;
  /** Severity on a leaf; inner whys may get a lower one (see the rule). */
  severity: Severity;
  description: string;
}

export const WHY_RULES: readonly WhyRule[] = [
  { id: 'W101', alias: 'person-as-cause', severity: 'error', description: 'A role, a name or an @handle is the acting subject of the cause (error on a leaf, warning above it).' },
  { id: 'W102', alias: 'human-error', severity: 'error', description: '"Human error" and its synonyms name no condition that can be fixed (error on a leaf, warning above it).' },
  { id: 'W103', alias: 'hindsight-counterfactual', severity: 'error', description: '"Should have", "failed to", "forgot to": hindsight instead of what the system did (error on a leaf, warning above it).' },
  { id: 'W104', alias: 'judgemental-language', severity: 'warning', description: 'Judgement or minimising words ("careless", "obviously", "just") add blame and no fact.' },
  { id: 'W105', alias: 'named-individual', severity: 'warning', description: 'A personal name or @handle in an answer; use a role so the analysis stays on the system.' },
  { id: 'W201', alias: 'circular-chain', severity: 'error', description: 'The answer repeats an earlier answer on its own chain, so the chain goes in circles.' },
  { id: 'W202', alias: 'restates-question', severity: 'error', description: 'The answer restates the question it answers (its parent, or the problem) instead of giving a cause.' },
  { id: 'W203', alias: 'duplicate-answer', severity: 'warning', description: 'The answer repeats an answer on another branch.' },
  { id: 'W301', alias: 'missing-evidence', severity: 'warning', description: 'The answer cites no evidence (gather_timeline event ids, dashboards, tickets, log queries).' },
  { id: 'W401', alias: 'chain-too-shallow', severity: 'error', description: 'A chain shorter than the minimum depth (3) is not deep enough (warning for a side branch when another chain is deep enough).' },
  { id: 'W501', alias: 'leaf-is-person', severity: 'error', description: 'The chain ends at a person, not at a system or process gap.' },
  { id: 'W502', alias: 'leaf-not-a-gap', severity: 'error', description: 'The last answer reads as an event, not as a missing guardrail, alert, process step, capacity limit, dependency or knowledge.' },
  { id: 'W503', alias: 'gap-unclassified', severity: 'warning', description: 'The last answer names an absent condition but no recognisable gap type.' },
  { id: 'W601', alias: 'secret-in-answer', severity: 'warning', description: 'An answer contains what looks like a secret; it is masked in every output.' },
  { id: 'W602', alias: 'long-answer', severity: 'info', description: 'A very long answer; keep the cause short and move logs to evidence.' },
];

const RULES = new Map(WHY_RULES.map((r) => [r.id, r]));

function finding(whyId: string, id: string, severity: Severity, message: string, suggestion?: string): WhyFinding {
  const rule = RULES.get(id)!;
  return { whyId, ruleId: rule.id, alias: rule.alias, severity, message, ...(suggestion ? { suggestion } : {}) };
}

const LONG_ANSWER = 2000;
const ROLE_SET = new Set(PERSON_ROLES.map((r) => r.toLowerCase()));

const PARTICIPLES: Record<string, string> = {
  ran: 'run', run: 'run', runs: 'run', broke: 'broken', breaks: 'broken', made: 'made', wrote: 'written', overwrote: 'overwritten', chose: 'chosen', did: 'done', forgot: 'forgotten',
};

function participle(verb: string): string | undefined {
  if (PARTICIPLES[verb]) return PARTICIPLES[verb];
  if (verb.endsWith('ed')) return verb;
  if (verb.endsWith('s')) {
    const base = verb.endsWith('es') && /(?:sh|ch|x|ss)es$/.test(verb) ? verb.slice(0, -2) : verb.slice(0, -1);
    return base.endsWith('e') ? `${base}d` : `${base}ed`;
  }
  return undefined;
}

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** "Søren ran the migration against production" -> "The migration against production was run". */
export function eventForm(hit: PersonHit): string | undefined {
  if (hit.passive) return hit.rest ? `${capitalise(hit.rest)} was ${hit.verb}` : undefined;
  const p = participle(hit.verb);
  const rest = hit.rest.trim().replace(/\s+(?:instead\s+of|rather\s+than|as\s+part\s+of)\s.*$/i, '');
  if (!p || !rest || /^(?:to|not|that|on|in|at|into|onto|with|without|from|directly|out|up|off|back|over)\b/i.test(rest) || rest.split(/\s+/).length > 12) return undefined;
  // "the config change without running the script" -> "The config change was pushed without running the script"
  const split = /^(.+?)\s+((?:without|before|after|during|while|at|on|in|from|to|into|onto|via|using|through)\s.+)$/i.exec(rest);
  const head = split ? split[1]! : rest;
  const tail = split ? ` ${split[2]}` : '';
  const object = /^(?:the|a|an|this|that|our|its|their)\s/i.test(head) ? head : `the ${head}`;
  return `${capitalise(object)} was ${p}${tail}`;
}

interface PersonCause extends PersonHit {
  source: 'whys' | 'lint';
}

/** Person-as-cause hits from the five_whys detector and from the linter's PM402 detector, merged. */
export function personCauses(text: string): PersonCause[] {
  const ours: PersonCause[] = findPersonCauses(text).map((h) => ({ ...h, source: 'whys' }));
  const prose = proseOnly(text);
  const theirs: PersonCause[] = [];
  for (const sentence of splitSentences(prose)) {
    for (const s of findPersonSubjects(sentence.text, [], sentence.start)) {
      if (ours.some((o) => Math.abs(o.index - s.start) < 40 || (s.start <= o.index && o.index <= s.end))) continue;
      const who = s.subject;
      const lower = who.toLowerCase().replace(/^(?:the|a|an|our|one|another|their|that|this)\s+/, '');
      const kind = who.startsWith('@') ? 'handle' : ROLE_SET.has(lower) || [...ROLE_SET].some((r) => lower.endsWith(r)) ? 'role' : 'name';
      const rest = prose.slice(s.end).replace(/^\s+/, '').split(/[,;:.!?]|\s(?:and|but|because|so|which)\s/)[0] ?? '';
      theirs.push({ kind, who, verb: s.verb.toLowerCase(), rest: rest.trim(), passive: false, index: s.start, source: 'lint' });
    }
  }
  return [...ours, ...theirs].sort((a, b) => a.index - b.index);
}

function isMinimiser(text: string, hit: { phrase: string; end: number }): boolean {
  if (hit.phrase !== 'just' && hit.phrase !== 'simply') return true;
  const after = text.slice(hit.end).trimStart().toLowerCase();
  // The linter lists base forms ("restart"); answers are in the past ("just restarted").
  const next = /^[\p{L}'-]+/u.exec(after)?.[0] ?? '';
  const base = baseForm(next);
  const candidates = base ? [after, `${base}${after.slice(next.length)}`] : [after];
  return candidates.some((a) => MINIMISER_FOLLOWERS.some((f) => a.startsWith(`${f} `) || a === f || a.startsWith(`${f}.`) || a.startsWith(`${f},`)));
}

/**
 * The answer with hindsight turned into the fact it implies: "should have been validated" ->
 * "was not validated", "failed to renew" -> "did not renew". Used to classify the gap behind a
 * hindsight-worded leaf and to suggest the rewrite.
 */
export function withoutHindsight(text: string): string {
  return text
    .replace(/\b(?:should|could|would|ought\s+to)\s+have\s+been\b/gi, 'was not')
    .replace(/\b(?:should|could|would)'ve\s+been\b/gi, 'was not')
    .replace(/\b(?:should|could|would|ought\s+to)\s+have\s+had\b/gi, 'did not have')
    .replace(/\b(?:should|could|would|ought\s+to)\s+have\s+([\p{L}-]+)/giu, (m, verb: string) => {
      const base = baseForm(verb);
      return base ? `did not ${base}` : m;
    })
    .replace(/\b(?:failed|forgot|neglected)\s+to\b/gi, 'did not')
    .replace(/\bdid(?:n't|\s+not)\s+bother\s+to\b/gi, 'did not');
}

function hindsightRewrite(text: string, hit: { phrase: string; end: number }): string | undefined {
  const rewritten = withoutHindsight(text);
  if (rewritten !== text && !findPhrases(rewritten, COUNTERFACTUAL.phrases).length && personCauses(rewritten).length === 0) return `"${truncate(collapseSpace(rewritten), 160)}"`;
  const next = /^\s*([\p{L}'-]+)/u.exec(text.slice(hit.end))?.[1];
  if (!next) return undefined;
  if (['should have', 'could have', "should've", "could've", 'would have', 'ought to have'].includes(hit.phrase)) {
    const base = baseForm(next);
    if (next.toLowerCase() === 'been') return `state the condition as it was ("… was not …")`;
    if (base) return `write "did not ${base}" and say what made that step easy to miss`;
  }
  if (['failed to', 'forgot to', 'neglected to', "didn't bother", 'did not bother'].includes(hit.phrase)) {
    return `write "did not ${next.toLowerCase()}" and say what in the process depended on someone remembering it`;
  }
  return undefined;
}

/** Wording checks of one answer. */
export function wordingFindings(node: WhyNode, isLeaf: boolean): { findings: WhyFinding[]; person: PersonHit | undefined; humanError: boolean } {
  const out: WhyFinding[] = [];
  const text = node.answer;
  const prose = proseOnly(text);
  const strong: Severity = isLeaf ? 'error' : 'warning';
  const id = node.id;
  const where = isLeaf ? 'the last answer of its chain, so it would become the root cause' : 'a step in the chain';

  const persons = personCauses(text);
  const firstPerson = persons[0];
  for (const hit of persons.slice(0, 3)) {
    const who = hit.kind === 'role' ? hit.who.replace(/^(?:The|A|An)\s/, (m) => m.toLowerCase()) : hit.who;
    const what = hit.passive ? `"${truncate(`${hit.rest} was ${hit.verb} by ${hit.who}`, 90)}"` : `"${truncate(`${hit.who} ${hit.verb} ${hit.rest}`, 90)}"`;
    const named = hit.kind === 'name' || hit.kind === 'handle' ? ` and names an individual (${hit.who})` : '';
    const event = eventForm(hit);
    out.push(
      finding(
        id,
        'W101',
        strong,
        `${id} makes ${hit.kind === 'role' ? who : 'a person'} the cause (${what})${named}; it is ${where}.`,
        `${event ? `State the action as an event ("${event}") and ` : 'State the action as an event and '}ask what made it possible and what let it cause harm; ${hit.kind === 'role' ? 'the role can stay in facts such as "the on-call engineer was paged at 14:05"' : 'use a role ("a responder", "the deployer") instead of the name'}.`,
      ),
    );
  }

  const humanError = findPhrases(prose, HUMAN_ERROR.phrases);
  if (humanError[0]) {
    out.push(
      finding(
        id,
        'W102',
        strong,
        `${id} gives "${humanError[0].text}" as a cause, which names nothing the system can change.`,
        'Name the condition that made the error possible or harmful: a missing guard, an unsafe default, a missing check or an unclear step.',
      ),
    );
  }

  const hindsight = findPhrases(prose, COUNTERFACTUAL.phrases);
  if (hindsight[0]) {
    const rewrite = hindsightRewrite(text, hindsight[0]);
    out.push(
      finding(
        id,
        'W103',
        strong,
        `${id} uses hindsight ("${hindsight[0].text}"), judging what did not happen instead of what the system did or lacked.`,
        rewrite ? `Rewrite it as a fact${rewrite.startsWith('"') ? ', e.g. ' : ': '}${rewrite}${rewrite.endsWith('"') ? '' : '.'}` : 'Rewrite it as a fact about the system at the time, e.g. "The dashboard did not show replica lag".',
      ),
    );
  }

  const judgement = findPhrases(prose, JUDGEMENTAL.phrases).filter((h) => isMinimiser(prose, h));
  if (judgement[0]) {
    const words = [...new Set(judgement.map((j) => j.text.toLowerCase()))].slice(0, 3).map((w) => `"${w}"`);
    out.push(finding(id, 'W104', 'warning', `${id} uses judgement or minimising words (${words.join(', ')}) that add blame and no fact.`, 'Remove them, or replace them with the measurable fact behind them.'));
  }

  const flaggedWho = new Set(persons.map((p) => p.who));
  const named = findNamedPeople(text).filter((n) => !flaggedWho.has(n.who));
  if (named[0]) {
    const list = [...new Set(named.map((n) => n.who))].slice(0, 3).join(', ');
    out.push(finding(id, 'W105', 'warning', `${id} names an individual (${list}); the document should not.`, 'Use a role ("the on-call engineer", "a responder") or the change id instead of the name.'));
  }

  return { findings: out, person: firstPerson, humanError: humanError.length > 0 };
}

export function evidenceFindings(node: WhyNode): WhyFinding[] {
  if (node.evidence.length > 0) return [];
  return [
    finding(
      node.id,
      'W301',
      'warning',
      `${node.id} cites no evidence.`,
      'Add gather_timeline event ids (e.g. "loki:3f2a9c") or references (dashboard URL, ticket, log query) to its evidence list.',
    ),
  ];
}

export function hygieneFindings(node: WhyNode): WhyFinding[] {
  const out: WhyFinding[] = [];
  const secrets = findSecrets(node.answer);
  if (secrets.length > 0) {
    const kinds = [...new Set(secrets.map((s) => s.label))].slice(0, 3).join(', ');
    out.push(finding(node.id, 'W601', 'warning', `${node.id} contains what looks like a secret (${kinds}); it is masked in every output.`, 'Remove the value from the answer and rotate it if it is real.'));
  }
  if (node.answer.length > LONG_ANSWER) {
    out.push(
      finding(
        node.id,
        'W602',
        'info',
        `${node.id} is ${node.answer.length} characters long.`,
        'Keep the answer to the cause in one or two sentences and move logs or command output to evidence.',
      ),
    );
  }
  return out;
}

const RESTATE_NOVELTY = 0.25;
const RESTATE_DICE = 0.5;
const REPEAT_DICE = 0.8;

function repeats(a: Set<string>, b: Set<string>): boolean {
  const d = dice(a, b);
  return d >= REPEAT_DICE || (novelty(a, b) <= 0.2 && d >= 0.6);
}

function short(text: string): string {
  return truncate(collapseSpace(text), 70);
}

/** What an answer claims: a long answer is compared by its first sentence, not by the logs pasted after it. */
function claim(text: string): string {
  if (text.length <= 300) return text;
  return splitSentences(text)[0]?.text.slice(0, 600) ?? text.slice(0, 300);
}

/** Circular chains, restated questions and duplicates across branches. */
export function structureFindings(tree: WhyTree): WhyFinding[] {
  const out: WhyFinding[] = [];
  const tokens = new Map(tree.nodes.map((n) => [n.id, tokenSet(claim(n.answer))]));
  const problemTokens = tokenSet(claim(tree.problem));
  for (const node of tree.nodes) {
    const own = tokens.get(node.id)!;
    const parent = node.parent === null ? undefined : tree.byId.get(node.parent);
    const question = parent ? tokens.get(parent.id)! : problemTokens;
    const questionId = parent ? parent.id : PROBLEM_ID;
    const questionText = parent ? parent.answer : tree.problem;
    if (own.size === 0) {
      out.push(finding(node.id, 'W202', 'error', `${node.id} has no content words, so it does not answer ${questionId}.`, `Say why "${short(questionText)}" happened, naming the system or condition.`));
      continue;
    }
    if (novelty(own, question) <= RESTATE_NOVELTY && dice(own, question) >= RESTATE_DICE) {
      out.push(
        finding(
          node.id,
          'W202',
          'error',
          `${node.id} restates its question (${questionId}: "${short(questionText)}") instead of saying why it happened.`,
          `Answer why ${questionId} happened with a new condition, and replace ${node.id} with it.`,
        ),
      );
      continue;
    }
    // Ancestors above the parent, and the problem when the parent is a why.
    const ancestors: Array<{ id: string; text: string; tokens: Set<string> }> = [];
    let up = parent?.parent === null || parent === undefined ? undefined : tree.byId.get(parent.parent);
    while (up) {
      ancestors.push({ id: up.id, text: up.answer, tokens: tokens.get(up.id)! });
      up = up.parent === null ? undefined : tree.byId.get(up.parent);
    }
    if (parent) ancestors.push({ id: PROBLEM_ID, text: tree.problem, tokens: problemTokens });
    const circular = ancestors.find((a) => repeats(own, a.tokens));
    if (circular) {
      out.push(
        finding(
          node.id,
          'W201',
          'error',
          `${node.id} repeats ${circular.id} ("${short(circular.text)}"), so the chain goes in circles.`,
          `Replace ${node.id} with a deeper answer to why ${questionId} happened.`,
        ),
      );
      continue;
    }
    const ancestorIds = new Set(ancestors.map((a) => a.id));
    const duplicate = tree.nodes.find((other) => other.index < node.index && other.id !== parent?.id && !ancestorIds.has(other.id) && repeats(own, tokens.get(other.id)!));
    if (duplicate) {
      out.push(
        finding(
          node.id,
          'W203',
          'warning',
          `${node.id} repeats ${duplicate.id} from another branch ("${short(duplicate.answer)}").`,
          `Keep the cause once: drop ${node.id}, or give it a parent that makes the two branches one.`,
        ),
      );
    }
  }
  return out;
}

export interface LeafAssessment {
  node: WhyNode;
  classification: GapClassification;
  rootCause: RootCause;
  person: PersonHit | undefined;
  findings: WhyFinding[];
}

function personOpenerWithHindsight(text: string): PersonHit | undefined {
  for (const opener of findPersonOpeners(text)) {
    const m = /^(?:(?:had|has|then|also|just|simply)\s+)?(should\s+have|should've|could\s+have|failed\s+to|forgot\s+to|neglected\s+to|didn't\s+bother|did\s+not\s+bother|never)\s+(.*)$/i.exec(opener.tail);
    if (m) return { kind: opener.kind, who: opener.who, verb: m[1]!.toLowerCase().replace(/\s+/g, ' '), rest: m[2]!.replace(/[.!?]+$/, ''), passive: false, index: opener.index };
  }
  return undefined;
}

/** Depth, person and gap checks of a leaf, and its root cause record. */
export function assessLeaf(tree: WhyTree, leaf: WhyNode, minDepth: number, person: PersonHit | undefined, humanError: boolean): LeafAssessment {
  const out: WhyFinding[] = [];
  if (leaf.depth < minDepth) {
    const severity: Severity = tree.depth < minDepth ? 'error' : 'warning';
    out.push(
      finding(
        leaf.id,
        'W401',
        severity,
        severity === 'error'
          ? `The chain ending at ${leaf.id} is ${leaf.depth} deep, so the analysis is not deep enough (at least ${minDepth} expected).`
          : `The side branch ending at ${leaf.id} is ${leaf.depth} deep (at least ${minDepth} expected); check whether it goes deeper.`,
        `Ask why ${leaf.id} happened and add the answer with parent "${leaf.id}".`,
      ),
    );
  }
  const classification = classifyGap(leadSentences(withoutHindsight(leaf.answer), 600));
  const blamed = person ?? findPersonStates(leaf.answer)[0] ?? personOpenerWithHindsight(leaf.answer);
  const personShaped = blamed !== undefined || humanError;
  let gapType = classification.gapType;
  let reason = classification.reason;
  if (personShaped) {
    gapType = 'other';
    reason = blamed
      ? `ends at a person (${blamed.who} ${blamed.verb}), not at a system condition`
      : 'ends at "human error", not at a system condition';
    out.push(
      finding(
        leaf.id,
        'W501',
        'error',
        `${leaf.id} ends the chain at a person, not at a system or process gap.`,
        'Ask what made the action possible and what let it cause harm, until an answer names a missing guard, alert, step, limit, dependency or piece of knowledge.',
      ),
    );
  } else if (gapType === 'other' && !classification.gapShaped) {
    out.push(
      finding(
        leaf.id,
        'W502',
        'error',
        `${leaf.id} reads as an event ("${short(leaf.answer)}"), not as a system or process gap.`,
        `Ask why ${leaf.id} happened: what guard, alert, process step, capacity limit, dependency or knowledge was missing?`,
      ),
    );
  } else if (gapType === 'other') {
    out.push(
      finding(
        leaf.id,
        'W503',
        'warning',
        `${leaf.id} names an absent condition but no recognisable gap type.`,
        'Say which control was missing: a guard or validation, an alert, a process step or owner, a capacity limit, a dependency, or documentation.',
      ),
    );
  }
  return {
    node: leaf,
    classification,
    person: blamed,
    findings: out,
    rootCause: { whyId: leaf.id, statement: leadSentences(leaf.answer), gapType, reason, personShaped, depth: leaf.depth },
  };
}
