/**
 * The lint result as a zod schema, declared once for lint_postmortem's outputSchema and for tools
 * that embed a lint result (draft_postmortem). Flat objects only (no recursion, so no $ref/$defs);
 * the edit schema is built per use so JSON Schema generation inlines it.
 */
import { z } from 'zod';

const textEdit = () => z.object({ start: z.number().int(), end: z.number().int(), newText: z.string() });

export const DiagnosticSchema = z.object({
  ruleId: z.string(),
  alias: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  url: z.string().optional(),
  fix: z.object({ description: z.string(), edits: z.array(textEdit()) }).optional(),
  suggestion: z.object({ description: z.string(), edits: z.array(textEdit()).optional() }).optional(),
  category: z.string().optional(),
  section: z.string().nullable().optional(),
  offset: z.number().int().optional(),
  endOffset: z.number().int().optional(),
  fingerprint: z.string().optional(),
  suppressed: z.object({ kind: z.literal('inSource'), justification: z.string().optional() }).optional(),
});

export const LintSummarySchema = z.object({
  errors: z.number().int(),
  warnings: z.number().int(),
  infos: z.number().int(),
  fixable: z.number().int(),
});

export const LintChecklistSchema = z.object({
  timelineEvidence: z.boolean().describe('Every timeline row cites a source.'),
  impactQuantified: z.boolean().describe('Impact bullets complete, quantified and explicit (PM301-PM303).'),
  rootCauseSystemic: z.boolean().describe('Root cause names a system gap, not a person (PM401-PM403, PM406).'),
  actionItemsActionable: z.boolean().describe('Action items are specific, owned and dated (PM502-PM508, PM510).'),
  reviewersListed: z.boolean().describe('At least one reviewer who is not an author (PM107).'),
});

export const LintResultShape = {
  ready: z.boolean().describe('No error-severity finding remains.'),
  summary: LintSummarySchema,
  diagnostics: z.array(DiagnosticSchema).describe('Sorted by position, then rule id.'),
  fixed: z.string().optional().describe('The document with every safe fix applied (when fix was asked).'),
  checklist: LintChecklistSchema,
};

export const LintResultSchema = z.object(LintResultShape);
