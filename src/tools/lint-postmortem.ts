import { z } from 'zod';
import { UserInputError } from '../errors.js';
import { formatStylish } from '../lint/format/stylish.js';
import { LintResultShape } from '../lint/result-schema.js';
import type { LintChecklist, LintResult } from '../lint/types.js';
import { defineTool } from './define.js';

const inputSchema = z.object({
  markdown: z.string().describe('The postmortem in the template\'s Markdown (draft_postmortem output, or a hand-edited document).'),
  preset: z.enum(['recommended', 'strict']).optional().describe('recommended (default) or strict (every rule).'),
  rules: z
    .record(z.string(), z.enum(['off', 'info', 'warning', 'error']))
    .optional()
    .describe('Severity overrides keyed by rule id (PM401), alias (root-cause-human-error) or category tag (tone).'),
  fix: z.boolean().optional().describe('Also return the document with all safe fixes applied, in `fixed`.'),
});

const outputSchema = z.object(LintResultShape);

const CHECKLIST_LABELS: Record<keyof LintChecklist, string> = {
  timelineEvidence: 'every timeline row cites a source',
  impactQuantified: 'impact is complete and quantified',
  rootCauseSystemic: 'root cause names a system gap, not a person',
  actionItemsActionable: 'action items are specific, owned and dated',
  reviewersListed: 'a reviewer other than the authors is listed',
};

export function lintText(result: LintResult): string {
  const verdict = result.ready
    ? 'Ready for review: no errors.'
    : `Not ready: ${result.summary.errors} error${result.summary.errors === 1 ? '' : 's'} to fix before review or publishing.`;
  const list = formatStylish([{ file: 'postmortem', source: '', result }]);
  const checklist = (Object.keys(CHECKLIST_LABELS) as Array<keyof LintChecklist>)
    .map((k) => `- [${result.checklist[k] ? 'x' : ' '}] ${CHECKLIST_LABELS[k]}`)
    .join('\n');
  const fixed = result.fixed !== undefined ? `\n\nDocument with safe fixes applied:\n\n\`\`\`markdown\n${result.fixed}\n\`\`\`` : '';
  return `${verdict}\n\n${list}\n\nReview checklist:\n${checklist}${fixed}`;
}

export const lintPostmortemTool = defineTool({
  name: 'lint_postmortem',
  title: 'Lint postmortem',
  description: `Check a postmortem in the template's Markdown: structure, header fields, timeline, impact, blameless root cause, action-item quality, tone, leftover placeholders and pasted secrets. Returns diagnostics with line/column, a readiness verdict and review checklist; fix: true also returns the document with safe fixes applied. Call after draft_postmortem or after editing; fix the errors, then save_to_bookstack.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema,
  outputSchema,
  async handler(input) {
    if (typeof input.markdown !== 'string') {
      throw new UserInputError('markdown must be the postmortem as a string of Markdown.', { field: 'markdown' });
    }
    // The engine (parser and 67 rules) loads on the first call, so serving starts fast (bench/cold-start).
    const { MAX_MARKDOWN_BYTES, lintMarkdown } = await import('../lint/engine.js');
    if (Buffer.byteLength(input.markdown, 'utf8') > MAX_MARKDOWN_BYTES) {
      throw new UserInputError('markdown is larger than 5 MB; send the postmortem document only, without attachments or raw logs.', { field: 'markdown' });
    }
    const result = lintMarkdown(input.markdown, {
      ...(input.preset ? { preset: input.preset } : {}),
      ...(input.rules ? { rules: input.rules } : {}),
      ...(input.fix ? { fix: true } : {}),
    });
    return { structured: result, text: lintText(result) };
  },
});
