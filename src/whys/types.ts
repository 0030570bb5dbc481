/**
 * The five_whys model. Input is a flat list; `parent` makes the tree (contributing causes are normal,
 * a single chain is often too simple). The tool file declares the zod schemas; these are the plain
 * shapes the domain works with.
 */
import type { GapType } from './gaps.js';

export type Severity = 'error' | 'warning' | 'info';

export interface WhyInput {
  id?: string;
  answer: string;
  /** The id this answers; absent = the previous why (the first answers the problem); null or "problem" = the problem. */
  parent?: string | null;
  evidence?: string[] | string;
}

export interface WhysInput {
  problem: string;
  whys: WhyInput[];
  /** A chain shorter than this is "not sufficiently deep" (default 3). */
  minDepth?: number;
}

export interface WhyNode {
  id: string;
  /** Position in the input list (0-based). */
  index: number;
  answer: string;
  /** Parent id, or null when it answers the problem. */
  parent: string | null;
  evidence: string[];
  /** 1 for an answer to the problem. */
  depth: number;
  children: string[];
}

export interface WhyTree {
  problem: string;
  nodes: WhyNode[];
  byId: Map<string, WhyNode>;
  /** Leaves in input order. */
  leaves: WhyNode[];
  depth: number;
}

export interface WhyFinding {
  whyId: string;
  ruleId: string;
  alias: string;
  severity: Severity;
  message: string;
  suggestion?: string;
}

export interface RootCause {
  whyId: string;
  statement: string;
  gapType: GapType;
  reason: string;
  /** The leaf blames a person (or "human error") instead of naming a condition; never ready. */
  personShaped: boolean;
  depth: number;
}

export interface ActionHint {
  whyId: string;
  gapType: GapType;
  hint: string;
}

export interface WhysAnalysis {
  verdict: 'ready' | 'needs_work';
  problem: string;
  depth: number;
  branches: number;
  minDepth: number;
  summary: { errors: number; warnings: number; infos: number };
  findings: WhyFinding[];
  rootCauses: RootCause[];
  nextQuestion?: string;
  /** The id the answer to nextQuestion should name as its parent ("problem" for the problem). */
  nextQuestionFor?: string;
  rootCauseSection?: string;
  contributingFactors?: string[];
  actionHints: ActionHint[];
  /** The tree, flat; answers cut to 300 characters (answerChars has the full length). */
  nodes: Array<{ id: string; parent: string | null; depth: number; leaf: boolean; answer: string; answerChars: number; evidence: string[] }>;
  /** How many secrets were masked in the outputs. */
  redactions: number;
}
