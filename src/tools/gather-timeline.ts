import type { Config } from '../config.js';
import { GatherTimelineInputSchema, GatherTimelineOutputSchema } from '../timeline/schema.js';
import type { LiveSource } from '../timeline/types.js';
import { defineTool } from './define.js';

export interface GatherTimelineToolOptions {
  /** Live fetchers for the configured sources; tests inject fakes. */
  liveSources?: (config: Config) => LiveSource[] | Promise<LiveSource[]>;
}

export function createGatherTimelineTool(options: GatherTimelineToolOptions = {}) {
  // Parsers, Drain and the live fetchers load on the first call, so serving starts fast (bench/cold-start).
  const live = options.liveSources ?? (async (config: Config) => (await import('../timeline/live/index.js')).buildLiveSources(config));
  return defineTool({
    name: 'gather_timeline',
    title: 'Gather incident timeline',
    description: `Collect the evidence for an incident window into one UTC timeline: exported files or pasted content (kubectl events, Loki, Prometheus ALERTS, Alertmanager, Grafana, Slack/Matrix/Mattermost/Discord, chat transcripts, journald, syslog, JSON/logfmt/plain logs, Woodpecker) and the configured live sources. Timestamps are normalised, duplicates merged, log lines grouped into patterns, key moments suggested, and the result cut to maxEvents. Call it first when writing a postmortem; pass its events to draft_postmortem as timeline rows and use the key moments for five_whys.`,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    inputSchema: GatherTimelineInputSchema,
    outputSchema: GatherTimelineOutputSchema,
    async handler(input, ctx) {
      const { gatherTimeline } = await import('../timeline/gather.js');
      const { structured, text } = await gatherTimeline(input, {
        config: ctx.config,
        signal: ctx.signal,
        progress: (done, total, message) => ctx.progress(done, total, message),
        log: ctx.log,
        liveSources: await live(ctx.config),
      });
      return { structured, text };
    },
  });
}

export const gatherTimelineTool = createGatherTimelineTool();
