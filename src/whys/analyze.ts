/**
 * five_whys end to end: build and validate the tree, run the checks, classify the leaves, pick the
 * weakest branch and its next question, or, when nothing blocks, word the Root Cause section,
 * contributing factors and action hints. Pure: same input, same output.
 */
import { redact } from '../redact/index.js';
import { assessLeaf, evidenceFindings, hygieneFindings, structureFindings, wordingFindings, type LeafAssessment } from './checks.js';
import { findPhrases, truncate } from './language.js';
import { COUNTERFACTUAL } from '../lint/data/phrases.js';
import { personQuestion, whyQuestion } from './questions.js';
import { renderActionHint, renderContributingFactors, renderRootCauseSection } from './render.js';
import { PROBLEM_ID, buildTree, pathTo } from './tree.js';
import type { PersonHit } from './people.js';
import type { WhyFinding, WhyNode, WhyTree, WhysAnalysis, WhysInput } from './types.js';

export const DEFAULT_MIN_DEPTH = 3;
const NODE_ANSWER_CHARS = 300;

const SKIP_IN_DOCUMENT = new Set(['W101', 'W102', 'W103', 'W104', 'W105', 'W201', 'W202', 'W203']);

const RULE_ORDER = (id: string) => Number(id.slice(1));

function redactTree(tree: WhyTree): number {
  let count = 0;
  const mask = (text: string) => {
    const r = redact(text);
    count += r.count;
    return r.text;
  };
  tree.problem = mask(tree.problem);
  for (const node of tree.nodes) {
    node.answer = mask(node.answer);
    node.evidence = node.evidence.map(mask);
  }
  return count;
}

export function analyzeWhys(input: WhysInput): WhysAnalysis {
  const minDepth = input.minDepth ?? DEFAULT_MIN_DEPTH;
  const tree = buildTree(input.problem, input.whys);
  const findings: WhyFinding[] = [];
  // Secrets are reported on the raw text, then masked before anything is quoted back.
  for (const node of tree.nodes) findings.push(...hygieneFindings(node));
  const redactions = redactTree(tree);

  const leafIds = new Set(tree.leaves.map((l) => l.id));
  const persons = new Map<string, { person: PersonHit | undefined; humanError: boolean }>();
  for (const node of tree.nodes) {
    const wording = wordingFindings(node, leafIds.has(node.id));
    findings.push(...wording.findings, ...evidenceFindings(node));
    persons.set(node.id, { person: wording.person, humanError: wording.humanError });
  }
  findings.push(...structureFindings(tree));
  const leaves: LeafAssessment[] = tree.leaves.map((leaf) => {
    const p = persons.get(leaf.id)!;
    return assessLeaf(tree, leaf, minDepth, p.person, p.humanError);
  });
  for (const leaf of leaves) findings.push(...leaf.findings);

  const order = new Map(tree.nodes.map((n) => [n.id, n.index]));
  findings.sort((a, b) => (order.get(a.whyId) ?? 0) - (order.get(b.whyId) ?? 0) || RULE_ORDER(a.ruleId) - RULE_ORDER(b.ruleId));

  const summary = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
  const verdict = summary.errors === 0 ? 'ready' : 'needs_work';
  const rootCauses = leaves.map((l) => l.rootCause);
  const leafErrors = (id: string) => findings.some((f) => f.whyId === id && f.severity === 'error');

  const analysis: WhysAnalysis = {
    verdict,
    problem: tree.problem,
    depth: tree.depth,
    branches: tree.leaves.length,
    minDepth,
    summary,
    findings,
    rootCauses,
    actionHints: rootCauses.filter((r) => !r.personShaped && !leafErrors(r.whyId)).map(renderActionHint),
    nodes: tree.nodes.map((n) => ({
      id: n.id,
      parent: n.parent,
      depth: n.depth,
      leaf: n.children.length === 0,
      answer: truncate(n.answer, NODE_ANSWER_CHARS),
      answerChars: n.answer.length,
      evidence: n.evidence,
    })),
    redactions,
  };

  if (verdict === 'needs_work') {
    const next = nextQuestion(tree, findings, leaves);
    analysis.nextQuestion = next.question;
    analysis.nextQuestionFor = next.parent;
  } else {
    const skip = new Set(findings.filter((f) => SKIP_IN_DOCUMENT.has(f.ruleId)).map((f) => f.whyId));
    const primary = primaryLeaf(tree);
    const primaryPath = pathTo(tree, primary.id);
    const used = new Set(primaryPath.map((n) => n.id));
    const otherBranches: WhyNode[][] = [];
    for (const leaf of tree.leaves) {
      if (leaf.id === primary.id) continue;
      const own = pathTo(tree, leaf.id).filter((n) => !used.has(n.id));
      own.forEach((n) => used.add(n.id));
      otherBranches.push(own);
    }
    const primaryRoot = rootCauses.find((r) => r.whyId === primary.id)!;
    analysis.rootCauseSection = renderRootCauseSection({
      problem: tree.problem,
      primaryPath,
      otherBranches,
      rootCauses: [primaryRoot, ...rootCauses.filter((r) => r.whyId !== primary.id)],
      depth: tree.depth,
      skip,
    });
    analysis.contributingFactors = renderContributingFactors(
      primary,
      tree.leaves.filter((l) => l.id !== primary.id),
      tree.nodes.filter((n) => n.children.length > 0),
      skip,
    );
  }
  return analysis;
}

/** The deepest leaf; the first one in input order on a tie. */
function primaryLeaf(tree: WhyTree): WhyNode {
  return tree.leaves.reduce((best, leaf) => (leaf.depth > best.depth ? leaf : best), tree.leaves[0]!);
}

interface Next {
  question: string;
  parent: string;
}

const CIRCULAR = new Set(['W201', 'W202']);

/**
 * The weakest branch is the one with the most errors (then warnings) on its path; on a tie the
 * shallower one, then the earlier one. Its question depends on what is wrong with it.
 */
function nextQuestion(tree: WhyTree, findings: WhyFinding[], leaves: LeafAssessment[]): Next {
  let best: { leaf: LeafAssessment; path: WhyNode[]; score: number } | undefined;
  for (const leaf of leaves) {
    const path = pathTo(tree, leaf.node.id);
    const ids = new Set(path.map((n) => n.id));
    const onPath = findings.filter((f) => ids.has(f.whyId));
    const score = onPath.filter((f) => f.severity === 'error').length * 100 + onPath.filter((f) => f.severity === 'warning').length;
    if (!best || score > best.score || (score === best.score && leaf.node.depth < best.leaf.node.depth)) best = { leaf, path, score };
  }
  const { leaf, path } = best!;
  const node = leaf.node;
  const errorsOn = (id: string) => findings.filter((f) => f.whyId === id && f.severity === 'error');

  for (const step of path) {
    const circular = errorsOn(step.id).find((f) => CIRCULAR.has(f.ruleId));
    if (!circular) continue;
    const parent = step.parent === null ? undefined : tree.byId.get(step.parent);
    return { question: whyQuestion(parent ? parent.answer : tree.problem), parent: parent ? parent.id : PROBLEM_ID };
  }
  const leafErrors = errorsOn(node.id);
  if (leafErrors.some((f) => f.ruleId === 'W501')) {
    return { question: personQuestion(leaf.person, node.answer), parent: node.id };
  }
  if (leafErrors.some((f) => f.ruleId === 'W103')) {
    const phrase = findPhrases(node.answer, COUNTERFACTUAL.phrases)[0]?.text ?? 'should have';
    const parent = node.parent === null ? undefined : tree.byId.get(node.parent);
    const question = whyQuestion(parent ? parent.answer : tree.problem).replace(/\?$/, '');
    return {
      question: `${question}? Answer with what the system did or lacked at the time, without "${phrase}", and send it in place of ${node.id}.`,
      parent: parent ? parent.id : PROBLEM_ID,
    };
  }
  return { question: whyQuestion(node.answer), parent: node.id };
}
