/**
 * The linter pieces five_whys relies on, in one place: action hints must pass the same PM502–PM506
 * checks as action items, and a why worded so that PM402 would flag it in a Root Cause section is
 * flagged here too. Keeping the imports here means one file to adapt if the linter's API moves.
 */
export { checkActionText } from '../lint/action-quality.js';
export { findPersonSubjects, findPhrases as findLintPhrases } from '../lint/text.js';
