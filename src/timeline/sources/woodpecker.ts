/**
 * Woodpecker CI pipelines as deploy markers (design/timeline.md §3.6). Times are epoch seconds and
 * 0 means "not yet"; the Drone-era `*_at` names of the extension docs are not the model.
 */
import { inputError, isObject, makeEvent, nonEmpty, str } from '../event.js';
import { NS_PER_S } from '../time.js';
import type { Category, KeyMoment, ParseContext, Severity, TimelineEvent } from '../types.js';

const FAILED = new Set(['failure', 'killed', 'error']);

function secs(value: unknown): bigint | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? BigInt(Math.floor(n)) * NS_PER_S : undefined;
}

export interface WoodpeckerOptions {
  /** owner/name, for refs; defaults to the input label. */
  repo?: string;
}

export function parseWoodpeckerPipelines(json: unknown, ctx: ParseContext, options: WoodpeckerOptions = {}): TimelineEvent[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.pipelines) ? json.pipelines : isObject(json) && json.number !== undefined ? [json] : undefined;
  if (!list) throw inputError(ctx, 'woodpecker', '$', 'expected an array of pipelines (GET /api/repos/{id}/pipelines)');
  const repo = options.repo ?? ctx.label;
  const out = new Map<string, TimelineEvent>();
  let unstarted = 0;
  list.forEach((p, i) => {
    if (!isObject(p)) throw inputError(ctx, 'woodpecker', `$[${i}]`, 'expected a pipeline object');
    if (p.created_at !== undefined && p.created === undefined) {
      throw inputError(ctx, 'woodpecker', `$[${i}].created_at`, 'this is the outdated Drone-era shape; export pipelines from the Woodpecker API (fields created/started/finished)');
    }
    const started = secs(p.started);
    const created = secs(p.created);
    const finished = secs(p.finished);
    const at = started ?? created;
    if (at === undefined) {
      unstarted++;
      return;
    }
    const number = str(p.number) ?? str(p.id) ?? String(i);
    const event = str(p.event) ?? 'push';
    const status = str(p.status) ?? 'unknown';
    const message = (str(p.message) ?? str(p.title) ?? '').trim();
    const rollback = /\b(revert|roll[ -]?back)/i.test(message) || /rollback/i.test(str(p.deploy_task) ?? '');
    const deployish = ['deployment', 'manual', 'tag', 'release', 'push', 'cron'].includes(event) || Boolean(nonEmpty(p.deploy_to));
    const category: Category = rollback ? 'rollback' : deployish ? 'deploy' : 'other';
    const failed = FAILED.has(status);
    const severity: Severity = failed ? 'warning' : 'info';
    const hints: KeyMoment[] = rollback || event === 'deployment' || event === 'manual' ? ['mitigation'] : [];
    const target = nonEmpty(p.deploy_to);
    const commit = nonEmpty(p.commit)?.slice(0, 8);
    const title = `Pipeline #${number} ${event}${target ? ` to ${target}` : ''} ${status}${commit ? ` (${commit})` : ''}${message ? `: ${message.split('\n')[0]}` : ''}`;
    const ev = makeEvent({
      system: 'woodpecker',
      kind: 'deploy',
      ref: `${repo}#${number}`,
      url: nonEmpty(p.forge_url),
      nativeId: `${repo}#${number}`,
      tsNs: at,
      endNs: finished,
      precision: 's',
      tsSource: 'source',
      severity,
      category,
      title,
      body: message.includes('\n') && message.trim().split('\n').length > 1 ? message : undefined,
      actor: nonEmpty(p.author) ?? nonEmpty(p.sender),
      entity: { service: repo },
      labels: { event, status, ...(nonEmpty(p.branch) ? { branch: str(p.branch)! } : {}) },
      openEnded: finished === undefined && (status === 'running' || status === 'pending'),
      phaseHints: hints,
    });
    out.set(ev.id, ev);
  });
  if (unstarted > 0) ctx.warn(`${ctx.label}: ${unstarted} pipeline(s) with no created/started time (0 = unset) were skipped.`);
  return [...out.values()];
}
