/** Output formats of the linter: stylish (default, and the MCP text block), json, github, sarif. */
import type { LintResult } from '../types.js';

export interface FileResult {
  /** Path as given on the command line (repo-relative in CI), or a label such as "postmortem". */
  file: string;
  /** The linted text, for formats that need positions of fix edits (SARIF). */
  source: string;
  result: LintResult;
}

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export { formatStylish } from './stylish.js';
export { formatJson } from './json.js';
export { formatGithub } from './github.js';
export { formatSarif } from './sarif.js';
