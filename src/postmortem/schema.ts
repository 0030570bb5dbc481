/**
 * The postmortem document model: what render() writes and parse() reads back. Strings are
 * normalised here (trimmed; one-line fields have their line breaks folded) so that
 * parse(render(doc)) === doc holds for every document this schema accepts.
 */
import { z } from 'zod';
import { ACTION_TYPES } from './template.js';

const oneLine = z.string().transform((s) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim());
const block = z.string().transform((s) => s.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim());

export const TimelineRowSchema = z.object({
  time: oneLine,
  event: oneLine,
  source: oneLine.optional(),
});

export const ActionItemSchema = z.object({
  action: oneLine,
  owner: oneLine,
  due: oneLine,
  priority: oneLine,
  type: z.enum(ACTION_TYPES).optional(),
});

export const ImpactSchema = z.object({
  services: oneLine.optional(),
  users: oneLine.optional(),
  dataLoss: oneLine.optional(),
  revenueSla: oneLine.optional(),
});

export const PostmortemSchema = z.object({
  title: oneLine,
  date: oneLine.optional(),
  duration: oneLine.optional(),
  severity: oneLine.optional(),
  status: oneLine.optional(),
  authors: z.array(oneLine).default([]),
  reviewers: z.array(oneLine).default([]),
  summary: block.optional(),
  timeline: z.array(TimelineRowSchema).default([]),
  impact: ImpactSchema.default({}),
  rootCause: block.optional(),
  contributingFactors: z.array(oneLine).default([]),
  wentWell: z.array(oneLine).default([]),
  wentPoorly: z.array(oneLine).default([]),
  actionItems: z.array(ActionItemSchema).default([]),
  lessons: block.optional(),
});

export type TimelineRow = z.output<typeof TimelineRowSchema>;
export type ActionItem = z.output<typeof ActionItemSchema>;
export type Impact = z.output<typeof ImpactSchema>;
export type Postmortem = z.output<typeof PostmortemSchema>;
