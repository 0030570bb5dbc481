import { z } from 'zod';
import { GAP_TYPES, MAX_WHYS } from '../whys/constants.js';
import { defineTool } from './define.js';

const severity = z.enum(['error', 'warning', 'info']);
const gapType = z.enum(GAP_TYPES);

const inputSchema = z.object({
  problem: z.string().describe('The problem statement: what broke, for how long, e.g. "Checkout returned HTTP 502 for 47 minutes".'),
  whys: z
    .array(
      z.object({
        id: z.string().optional().describe('Short id such as "w1"; defaults to w1, w2, … by position.'),
        answer: z.string().max(50_000).describe('Why the parent happened, as a sentence with the system as subject.'),
        // null is accepted (as "answers the problem") but not advertised: single-typed schemas are portable.
        parent: z
          .preprocess((v) => (v === null ? 'problem' : v), z.string())
          .optional()
          .describe('Id of the why this answers; leave out to answer the previous why (the first answers the problem); "problem" answers the problem directly. Parents make branches.'),
        evidence: z
          .union([z.string().max(2_000), z.array(z.string().max(2_000)).max(50)])
          .optional()
          .describe('gather_timeline event ids (e.g. "loki:3f2a9c") or references: dashboard, ticket, log query.'),
      }),
    )
    .min(1)
    .max(MAX_WHYS)
    .describe('The answers as a flat list; parent ids make a tree of contributing causes.'),
  minDepth: z.number().int().min(1).max(10).optional().describe('Minimum chain depth for "deep enough" (default 3).'),
});

const outputSchema = z.object({
  verdict: z.enum(['ready', 'needs_work']),
  problem: z.string(),
  depth: z.number().int().describe('Longest chain.'),
  branches: z.number().int().describe('Number of leaves (root causes).'),
  minDepth: z.number().int(),
  summary: z.object({ errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
  findings: z.array(
    z.object({
      whyId: z.string(),
      ruleId: z.string(),
      alias: z.string(),
      severity,
      message: z.string(),
      suggestion: z.string().optional(),
    }),
  ),
  rootCauses: z.array(
    z.object({
      whyId: z.string(),
      statement: z.string(),
      gapType,
      reason: z.string(),
      personShaped: z.boolean(),
      depth: z.number().int(),
    }),
  ),
  nextQuestion: z.string().optional().describe('When needs_work: the next why to ask on the weakest branch.'),
  nextQuestionFor: z.string().optional().describe('The parent id for the answer to nextQuestion ("problem" for the problem).'),
  rootCauseSection: z.string().optional().describe('When ready: markdown for draft_postmortem rootCause.'),
  contributingFactors: z.array(z.string()).optional().describe('When ready: bullets for draft_postmortem contributingFactors.'),
  actionHints: z.array(z.object({ whyId: z.string(), gapType, hint: z.string() })),
  nodes: z.array(
    z.object({
      id: z.string(),
      parent: z.string().nullable(),
      depth: z.number().int(),
      leaf: z.boolean(),
      answer: z.string(),
      answerChars: z.number().int(),
      evidence: z.array(z.string()),
    }),
  ),
  redactions: z.number().int(),
});

export const fiveWhysTool = defineTool({
  name: 'five_whys',
  title: 'Check a five-whys analysis',
  description: `Check a 5-whys root-cause analysis, as a chain or a tree (parent ids make branches), so it ends at a system or process gap, not a person. Reports blame, hindsight, circular or shallow chains and missing evidence, classifies each root cause (guardrail, detection, process, capacity, dependency, knowledge), and returns the next question to ask, or, when ready, the Root Cause section, contributing factors and action hints. Cite gather_timeline event ids as evidence. Next: draft_postmortem.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema,
  outputSchema,
  async handler(input) {
    // The checks load on the first call, so serving starts fast (bench/cold-start).
    const { analyzeWhys, renderWhysText } = await import('../whys/index.js');
    const analysis = analyzeWhys(input);
    return { structured: analysis, text: renderWhysText(analysis) };
  },
});
