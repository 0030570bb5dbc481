/** Public API of the five_whys domain (used by src/tools/five-whys.ts, the CLI and tests). */
export { analyzeWhys, DEFAULT_MIN_DEPTH } from './analyze.js';
export { renderWhysText } from './text.js';
export { buildTree, pathTo, PROBLEM_ID, MAX_WHYS } from './tree.js';
export { classifyGap, GAP_TYPES, GAP_LABELS, type GapType, type GapClassification } from './gaps.js';
export { WHY_RULES, type WhyRule } from './checks.js';
export { whyQuestion, personQuestion } from './questions.js';
export { findPersonCauses } from './people.js';
export { blamesSomeone, documentSentence, renderActionHint } from './render.js';
export type { WhysInput, WhyInput, WhysAnalysis, WhyFinding, RootCause, ActionHint, Severity } from './types.js';
