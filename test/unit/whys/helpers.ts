/** Shared by the five_whys tests: a Root Cause section and its factors placed in a draft the way draft_postmortem does, then linted. */
import { lintMarkdown } from '../../../src/lint/engine.js';
import { renderPostmortem } from '../../../src/postmortem/render.js';
import { PostmortemSchema } from '../../../src/postmortem/schema.js';

export const ROOT_CAUSE_RULES = ['PM401', 'PM402', 'PM403', 'PM406'];

export function lintRootCause(section: string, factors: string[]) {
  const md = renderPostmortem(PostmortemSchema.parse({ title: 'Fixture incident', date: '2026-11-28', rootCause: section, contributingFactors: factors }));
  return lintMarkdown(md).diagnostics.filter((d) => d.section === 'rootCause' || d.section === 'contributingFactors');
}
