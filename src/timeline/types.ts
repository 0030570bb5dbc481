/**
 * The normalized timeline event (design/timeline.md §1) and the types shared by exported-evidence
 * parsers, the merge pipeline and the live fetchers (src/timeline/live/). The zod schema is the one
 * declaration of the event; the tool's output schema reuses it.
 */
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

export const LIVE_SYSTEMS = ['kubernetes', 'loki', 'prometheus', 'alertmanager', 'grafana', 'woodpecker'] as const;
export type LiveSystem = (typeof LIVE_SYSTEMS)[number];

export const INPUT_FORMATS = [
  'auto',
  'kubectl-events',
  'loki',
  'prometheus',
  'alertmanager',
  'grafana-annotations',
  'slack',
  'matrix',
  'mattermost',
  'discord',
  'transcript',
  'journald',
  'syslog',
  'jsonl',
  'logfmt',
  'text',
  'woodpecker',
] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export type ConcreteFormat = Exclude<InputFormat, 'auto'>;

export const EVENT_KINDS = [
  'k8s_event',
  'log',
  'log_pattern',
  'alert',
  'alert_state',
  'annotation',
  'chat',
  'deploy',
  'journald',
  'syslog',
] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'debug', 'unknown'] as const;
export const CATEGORIES = [
  'symptom',
  'alert_firing',
  'alert_resolved',
  'deploy',
  'rollback',
  'config_change',
  'k8s_warning',
  'k8s_normal',
  'human',
  'bot',
  'recovery',
  'other',
] as const;
export const KEY_MOMENTS = [
  'firstSymptom',
  'detection',
  'investigation',
  'rootCauseIdentified',
  'mitigation',
  'restored',
  'resolved',
] as const;
export const PRECISIONS = ['ns', 'us', 'ms', 's', 'min', 'bucket'] as const;
export const TS_SOURCES = ['source', 'received', 'derived', 'assumed_tz'] as const;

export type EventKind = (typeof EVENT_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Category = (typeof CATEGORIES)[number];
export type KeyMoment = (typeof KEY_MOMENTS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type TsSource = (typeof TS_SOURCES)[number];

export const EntitySchema = z.object({
  cluster: z.string().optional(),
  namespace: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  container: z.string().optional(),
  node: z.string().optional(),
  service: z.string().optional(),
  host: z.string().optional(),
  unit: z.string().optional(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const PatternSchema = z.object({
  template: z.string(),
  examples: z.array(z.string()),
  templateId: z.string().optional(),
  params: z
    .array(z.object({ slot: z.number().int(), values: z.array(z.object({ value: z.string(), count: z.number().int() })) }))
    .optional(),
  histogram: z.object({ bucketSeconds: z.number().int(), counts: z.array(z.number().int()) }).optional(),
  novel: z.boolean().optional(),
});

export const TimelineEventSchema = z.object({
  id: z.string().describe('<system>:<nativeId> or a hash of canonical fields; stable across runs'),
  ts: z.string().describe('ISO 8601 UTC with Z, ms precision; first occurrence or interval start'),
  endTs: z.string().optional(),
  source: z.object({
    system: z.string(),
    kind: z.enum(EVENT_KINDS),
    ref: z.string().describe('what the author cites: query, selector, channel+ts, repo#number, uid, file:line'),
    url: z.string().optional(),
  }),
  severity: z.enum(SEVERITIES),
  category: z.enum(CATEGORIES),
  title: z.string(),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  entity: EntitySchema.optional(),
  actor: z.string().optional(),
  pattern: PatternSchema.optional(),
  phaseHints: z.array(z.enum(KEY_MOMENTS)).optional(),
  tsNs: z.string().optional().describe('epoch nanoseconds as a decimal string; the sort key'),
  precision: z.enum(PRECISIONS).optional(),
  tsSource: z.enum(TS_SOURCES).optional(),
  startedBeforeWindow: z.boolean().optional(),
  openEnded: z.boolean().optional(),
  body: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  corroboratedBy: z.array(z.string()).optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const KeyMomentEntrySchema = z.object({ eventId: z.string(), ts: z.string(), reason: z.string() });
export type KeyMomentEntry = z.infer<typeof KeyMomentEntrySchema>;

export const SourceRowSchema = z.object({
  system: z.string(),
  ok: z.boolean(),
  fetched: z.number().int(),
  kept: z.number().int(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
  note: z.string().optional(),
  input: z.string().optional().describe('the input label or inputs[i] this row is about'),
  format: z.string().optional(),
});
export type SourceRow = z.infer<typeof SourceRowSchema>;

export interface TimeWindow {
  start: string;
  end: string;
  startNs: bigint;
  endNs: bigint;
}

export interface TimelineFilters {
  namespaces?: string[];
  services?: string[];
  logql?: string;
  alertnames?: string[];
}

export type ProgressFn = (done: number, total?: number, message?: string) => void;

export interface LiveSourceDeps {
  config: Config;
  signal: AbortSignal;
  progress: ProgressFn;
  log: Logger;
}

/**
 * What a live fetcher returns. Events of kind `log` are not shown one by one: gather routes them
 * through the log grouper like exported log lines, so a fetcher may return raw lines as `log` events.
 */
export interface LiveSourceResult {
  events: TimelineEvent[];
  /** Raw log lines for the grouper (preferred over `log` events: no per-line event objects). */
  logs?: LogLine[];
  fetched: number;
  truncated?: boolean;
  note?: string;
  warnings?: string[];
}

export interface LiveSource {
  system: string;
  fetch(window: TimeWindow, filters: TimelineFilters, deps: LiveSourceDeps): Promise<LiveSourceResult>;
}

/** One raw log line on its way to the grouper (loki, journald, syslog, jsonl, logfmt, text). */
export interface LogLine {
  system: string;
  tsNs: bigint;
  line: string;
  level?: string;
  /** namespace/app, unit or service: the partition besides system and level. */
  service?: string;
  ref: string;
  entity?: Entity;
  host?: string;
}

/**
 * What every parser gets. Parsers return finished events for discrete items and hand log lines
 * to `log` for grouping; they never throw on one bad item when the rest is usable (they `warn`).
 */
export interface ParseContext {
  /** The input's label, or `inputs[i]`; used in refs and messages. */
  label: string;
  timezone?: string;
  window: TimeWindow;
  warn(message: string): void;
  log(line: LogLine): void;
}
