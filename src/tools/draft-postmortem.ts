import { z } from 'zod';
import { LintResultSchema } from '../lint/result-schema.js';
import { ACTION_TYPES } from '../postmortem/template.js';
import { defineTool } from './define.js';

const names = z.union([z.string(), z.array(z.string())]);

const timelineRow = z.object({
  time: z.string().optional().describe('HH:MM in UTC, or an ISO 8601 instant (converted to UTC).'),
  event: z.string().optional().describe('What happened, as a fact.'),
  source: z
    .union([z.string(), z.strictObject({ system: z.string().optional(), kind: z.string().optional(), ref: z.string().optional(), url: z.string().optional() })])
    .optional()
    .describe('Where the row comes from (a query, alert, channel, pipeline).'),
  ts: z.string().optional().describe('gather_timeline event time (used when time is absent).'),
  title: z.string().optional().describe('gather_timeline event title (used when event is absent).'),
  phaseHints: z.array(z.string()).optional(),
  count: z.number().int().optional(),
});

const inputSchema = z.object({
  title: z.string().min(1).describe('Short incident title, without the "Postmortem:" prefix.'),
  date: z.string().describe('Incident date, YYYY-MM-DD.'),
  severity: z.enum(['P1', 'P2', 'P3', 'P4']).optional(),
  status: z.enum(['Resolved', 'Ongoing']).optional(),
  authors: names.optional(),
  reviewers: names.optional(),
  summary: z.string().optional().describe('2-3 sentences for non-technical readers: what broke, how long, impact.'),
  timeline: z.array(timelineRow).optional().describe('Rows {time, event, source?}; gather_timeline events are accepted as they come.'),
  duration: z.string().optional().describe('HH:MM detection to resolution; computed from the timeline when absent.'),
  impact: z
    .object({
      services: names.optional(),
      // Numbers and booleans are accepted but the schema stays single-typed for portable clients.
      users: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).optional(),
      dataLoss: z.preprocess((v) => (typeof v === 'boolean' ? (v ? 'Yes' : 'None') : v), z.string()).optional(),
      revenueSla: z.string().optional(),
    })
    .optional(),
  rootCause: z.string().optional().describe('Markdown; five_whys rootCauseSection fits here.'),
  contributingFactors: names.optional().describe('five_whys contributingFactors fit here.'),
  wentWell: names.optional(),
  wentPoorly: names.optional(),
  actionItems: z
    .array(
      z.object({
        action: z.string(),
        owner: z.string(),
        due: z.string().describe('YYYY-MM-DD'),
        priority: z.string().describe('P1-P4'),
        type: z.enum(ACTION_TYPES).optional(),
      }),
    )
    .optional(),
  lessons: z.string().optional(),
});

const outputSchema = z.object({
  markdown: z.string(),
  pageName: z.string(),
  warnings: z.array(z.string()),
  duration: z.object({ value: z.string(), from: z.string(), to: z.string(), basis: z.string() }).optional(),
  lint: LintResultSchema.describe('lint_postmortem result for this markdown: placeholders and other findings to fix next.'),
});

export const draftPostmortemTool = defineTool({
  name: 'draft_postmortem',
  title: 'Draft postmortem',
  description: `Render a postmortem in the skill's exact template from what you know so far: times converted to UTC, duration computed from detection to resolution, missing parts left as visible placeholders. Only title and date are required. Pass gather_timeline events as timeline rows and five_whys rootCauseSection/contributingFactors. Next: lint_postmortem, then save_to_bookstack.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema,
  outputSchema,
  async handler(input) {
    // Domain modules load on first use, so serving starts fast (bench/cold-start).
    const [{ buildDraft }, { lintMarkdown }] = await Promise.all([import('../postmortem/draft.js'), import('../lint/engine.js')]);
    const draft = buildDraft(input);
    const lint = lintMarkdown(draft.markdown);
    const notes = [
      draft.duration ? `Duration ${draft.duration.value} computed ${draft.duration.basis}.` : undefined,
      ...draft.warnings.map((w) => `Warning: ${w}`),
    ].filter(Boolean);
    const s = lint.summary;
    const lintLine = `Lint: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos${lint.ready ? ' (ready for review)' : ''}; fix them with lint_postmortem, then publish with save_to_bookstack.`;
    const findings = lint.diagnostics.filter((d) => d.severity !== 'info').slice(0, 15);
    const findingText = findings.length ? `\n${findings.map((d) => `- line ${d.line}: ${d.severity} ${d.ruleId} ${d.message}`).join('\n')}` : '';
    const text = `Draft for "${draft.pageName}" (${draft.markdown.length} characters).${notes.length ? `\n${notes.join('\n')}` : ''}\n${lintLine}${findingText}\n\n${draft.markdown}`;
    return {
      structured: { markdown: draft.markdown, pageName: draft.pageName, warnings: draft.warnings, duration: draft.duration, lint },
      text,
    };
  },
});
