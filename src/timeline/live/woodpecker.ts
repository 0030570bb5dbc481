/**
 * Live Woodpecker CI (design/timeline.md §3.6): repo lookup, then pipelines page by page (perPage is
 * capped at 50 server-side) newest first. `after`/`before` compare against `created`, so the lower
 * bound reaches back a lookback before the window to catch a deploy that was still running in it.
 */
import type { Config } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { HttpStatusError } from '../../http/client.js';
import { parseWoodpeckerPipelines } from '../sources/woodpecker.js';
import type { LiveSource, LiveSourceResult, TimeWindow } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, inWindow, makeClient, sourceFailure, sourceSignal, type LiveOptions } from './common.js';

type WoodpeckerConfig = NonNullable<Config['woodpecker']>;

export const PER_PAGE = 50;
export const MAX_PAGES = 40;
const LOOKBACK_S = 6 * 3600;

export function createWoodpeckerSource(config: WoodpeckerConfig, options: LiveOptions = {}): LiveSource {
  return {
    system: 'woodpecker',
    async fetch(window, _filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      const client = makeClient({ system: 'woodpecker', endpoint: config, urlVariable: 'WOODPECKER_URL', options });
      try {
        return await fetchPipelines(client, config.repo, window, guard.signal);
      } catch (error) {
        throw sourceFailure('woodpecker', error, { urlVariable: 'WOODPECKER_URL', tokenVariable: 'WOODPECKER_TOKEN', timeoutMs, expired: guard.expired() });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'woodpecker', requests: client.stats.requests, retries: client.stats.retries, durationMs: Date.now() - started });
        await client.close();
      }
    },
  };
}

function rfc3339Seconds(s: number): string {
  return new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function fetchPipelines(client: HttpClient, repo: string, window: TimeWindow, signal: AbortSignal): Promise<LiveSourceResult> {
  const [owner, name] = repo.split('/') as [string, string];
  let repoId: number;
  try {
    const res = await client.request<{ id?: unknown }>({ path: `/api/repos/lookup/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`, signal });
    if (typeof res.body?.id !== 'number') throw new UpstreamError('woodpecker', `Woodpecker answered the lookup of ${repo} without a repository id; check WOODPECKER_URL.`);
    repoId = res.body.id;
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 404) {
      throw new UpstreamError('woodpecker', `Woodpecker has no repository ${repo} visible to this token; check WOODPECKER_REPO (owner/name) and that the token's user can see it.`, { status: 404, field: 'WOODPECKER_REPO' });
    }
    throw error;
  }
  const startS = Number(window.startNs / 1_000_000_000n);
  const endS = Number((window.endNs + 999_999_999n) / 1_000_000_000n);
  const all: unknown[] = [];
  let pages = 0;
  let truncated = false;
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) {
      truncated = true;
      break;
    }
    pages++;
    const res = await client.request<unknown>({
      path: `/api/repos/${repoId}/pipelines`,
      query: { page, perPage: PER_PAGE, after: rfc3339Seconds(startS - LOOKBACK_S - 1), before: rfc3339Seconds(endS + 1) },
      signal,
    });
    if (!Array.isArray(res.body)) throw new UpstreamError('woodpecker', 'Woodpecker answered the pipeline list with something that is not a list; check WOODPECKER_URL.');
    all.push(...res.body);
    // A server that ignores perPage may send fewer or more; only an empty or short page ends the list.
    if (res.body.length === 0 || res.body.length < PER_PAGE) break;
  }
  const col = collector(repo, window);
  const events = all.length > 0 ? parseWoodpeckerPipelines(all, col.ctx, { repo }) : [];
  const kept = inWindow(events, window);
  const warnings = [...col.warnings];
  if (truncated) warnings.push(`Woodpecker: stopped after ${MAX_PAGES} pages of ${PER_PAGE} pipelines; older pipelines in the window were not read. Narrow the window.`);
  return {
    events: kept,
    fetched: all.length,
    ...(truncated ? { truncated } : {}),
    note: `${all.length} pipeline(s) of ${repo} in ${pages} page(s), created from ${rfc3339Seconds(startS - LOOKBACK_S)} (6 h lookback)`,
    ...(warnings.length ? { warnings } : {}),
  };
}
