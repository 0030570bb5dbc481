/**
 * The gather_timeline input and output schemas (design/tools.md), declared once here so the tool
 * file, the CLI and tests share them. Flat objects only: no recursion, so no $ref/$defs.
 */
import { z } from 'zod';
import { INPUT_FORMATS, KeyMomentEntrySchema, LIVE_SYSTEMS, SourceRowSchema, TimelineEventSchema } from './types.js';

export const DEFAULT_MAX_EVENTS = 60;
export const MAX_MAX_EVENTS = 500;

export const TimelineInputSchema = z.object({
  format: z.enum(INPUT_FORMATS).default('auto').describe('export format; auto detects it and says which it chose in sources[].note'),
  content: z.string().optional().describe('the pasted export (give content or path, not both)'),
  path: z.string().optional().describe('a file under POSTMORTEM_INPUT_ROOTS (for slack also the workspace export ZIP)'),
  timezone: z.string().optional().describe('IANA zone (Europe/Berlin) for timestamps without a zone; UTC with a warning when absent'),
  label: z.string().max(200).optional().describe('a name for this input, used in refs and messages'),
});

export const TimelineFiltersSchema = z.object({
  namespaces: z.array(z.string()).optional(),
  services: z.array(z.string()).optional(),
  logql: z.string().optional().describe('a Loki stream selector for the live loki source'),
  alertnames: z.array(z.string()).optional(),
});

export const GatherTimelineInputSchema = z.object({
  start: z.string().describe('ISO 8601 instant with a zone, e.g. 2026-03-05T14:00:00Z'),
  end: z.string().describe('ISO 8601 instant with a zone, after start'),
  sources: z.array(z.enum(LIVE_SYSTEMS)).optional().describe('live sources to query; default every configured one'),
  inputs: z.array(TimelineInputSchema).max(50).optional().describe('exported evidence: files or pasted content'),
  filters: TimelineFiltersSchema.optional(),
  maxEvents: z.number().int().min(1).max(MAX_MAX_EVENTS).default(DEFAULT_MAX_EVENTS).describe('budget of returned events (default 60, at most 500)'),
});
export type GatherTimelineInput = z.input<typeof GatherTimelineInputSchema>;

export const KeyMomentsSchema = z.object({
  firstSymptom: KeyMomentEntrySchema.optional(),
  detection: KeyMomentEntrySchema.optional(),
  investigation: KeyMomentEntrySchema.optional(),
  rootCauseIdentified: KeyMomentEntrySchema.optional(),
  mitigation: KeyMomentEntrySchema.optional(),
  restored: KeyMomentEntrySchema.optional(),
  resolved: KeyMomentEntrySchema.optional(),
});

export const GatherTimelineOutputSchema = z.object({
  window: z.object({ start: z.string(), end: z.string() }),
  events: z.array(TimelineEventSchema),
  keyMoments: KeyMomentsSchema,
  durations: z.object({ detectionToResolution: z.string().optional(), impact: z.string().optional() }),
  sources: z.array(SourceRowSchema),
  omitted: z.object({
    events: z.number().int(),
    logLines: z.number().int(),
    patterns: z.number().int(),
    outsideWindow: z.number().int().optional().describe('items read but outside [start, end) or the filters (the novelty baseline before start excluded)'),
    note: z.string().optional(),
  }),
  warnings: z.array(z.string()),
});
export type GatherTimelineOutput = z.infer<typeof GatherTimelineOutputSchema>;
