/**
 * Live Grafana (design/timeline.md §3.5): annotations in the window (epoch ms; `limit` and no cursor,
 * so a full page splits the window in halves a few times before warning) and unified-alerting state
 * history (`/api/v1/rules/history`, epoch seconds; only with a Loki history backend, otherwise noted).
 */
import type { Config } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { parseGrafana } from '../sources/grafana.js';
import type { LiveSource, LiveSourceResult, TimeWindow, TimelineEvent, TimelineFilters } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, inWindow, makeClient, sourceFailure, sourceSignal, type LiveOptions } from './common.js';

type GrafanaConfig = NonNullable<Config['grafana']>;

export const ANNOTATION_LIMIT = 1000;
const MAX_SPLIT_DEPTH = 4;
const HISTORY_LIMIT = 5000;

export interface GrafanaTuning {
  annotationLimit?: number;
}

export function createGrafanaSource(config: GrafanaConfig, options: LiveOptions & { grafana?: GrafanaTuning } = {}): LiveSource {
  return {
    system: 'grafana',
    async fetch(window, filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      const client = makeClient({ system: 'grafana', endpoint: config, urlVariable: 'GRAFANA_URL', options });
      try {
        return await fetchGrafana(client, window, filters, guard.signal, options.grafana?.annotationLimit ?? ANNOTATION_LIMIT, Boolean(config.token));
      } catch (error) {
        throw sourceFailure('grafana', error, { urlVariable: 'GRAFANA_URL', tokenVariable: 'GRAFANA_TOKEN', timeoutMs, expired: guard.expired() });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'grafana', requests: client.stats.requests, retries: client.stats.retries, durationMs: Date.now() - started });
        await client.close();
      }
    },
  };
}

async function fetchGrafana(client: HttpClient, window: TimeWindow, filters: TimelineFilters, signal: AbortSignal, limit: number, hasToken: boolean): Promise<LiveSourceResult> {
  const warnings: string[] = [];
  const notes: string[] = [];
  const fromMs = Number(window.startNs / 1_000_000n);
  const toMs = Number((window.endNs + 999_999n) / 1_000_000n);
  const rows = new Map<string, Record<string, unknown>>();
  let requests = 0;
  let capped = false;

  const page = async (from: number, to: number, depth: number): Promise<void> => {
    requests++;
    const res = await client.request<unknown>({ path: '/api/annotations', query: { from, to, limit }, signal });
    if (!Array.isArray(res.body)) {
      throw new UpstreamError('grafana', 'Grafana answered /api/annotations with something that is not a list; check that GRAFANA_URL is the Grafana base URL.');
    }
    for (const r of res.body) {
      if (r && typeof r === 'object') rows.set(String((r as { id?: unknown }).id ?? rows.size), r as Record<string, unknown>);
    }
    if (res.body.length < limit) return;
    if (depth >= MAX_SPLIT_DEPTH || to - from < 2000) {
      capped = true;
      return;
    }
    // No cursor: a full page may hide rows, so ask again for each half.
    const mid = Math.floor((from + to) / 2);
    await page(from, mid, depth + 1);
    await page(mid + 1, to, depth + 1);
  };
  await page(fromMs, toMs, 0);
  if (capped) {
    warnings.push(`Grafana returned exactly ${limit} annotations for part of the window even after splitting it; some annotations may be missing. Narrow the window.`);
  }

  const col = collector('grafana', window);
  const events: TimelineEvent[] = [];
  if (rows.size > 0) events.push(...parseGrafana([...rows.values()], col.ctx));

  let historyRows = 0;
  const history = await client.request<unknown>({
    path: '/api/v1/rules/history',
    query: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000), limit: HISTORY_LIMIT },
    signal,
    accept: [400, 404, 500, 501],
  });
  if (history.status === 200 && history.body && typeof history.body === 'object') {
    try {
      const hist = parseGrafana(history.body, col.ctx);
      historyRows = hist.length;
      events.push(...hist);
      if (historyRows >= HISTORY_LIMIT) warnings.push(`Grafana state history hit its ${HISTORY_LIMIT}-entry limit; narrow the window for the full history.`);
    } catch {
      notes.push('alert state history answered in an unknown shape and was skipped');
    }
  } else if (history.status !== 200) {
    notes.push(`alert state history unavailable (HTTP ${history.status}; it needs Grafana's Loki state-history backend)`);
  }
  // With the annotation history backend, a transition is both an alert annotation and a history
  // row: keep the history row.
  const seen = new Set(events.filter((e) => e.source.ref.startsWith('grafana rule')).map((e) => `${e.labels?.alertname}|${e.ts}|${e.category}`));
  const unique = seen.size === 0 ? events : events.filter((e) => e.source.kind !== 'alert_state' || e.source.ref.startsWith('grafana rule') || !seen.has(`${e.labels?.alertname}|${e.ts}|${e.category}`));
  let kept = inWindow(unique, window);
  if (filters.alertnames && filters.alertnames.length > 0) {
    const names = new Set(filters.alertnames);
    kept = kept.filter((e) => e.source.kind !== 'alert_state' || names.has(e.labels?.alertname ?? ''));
  }
  notes.unshift(`${rows.size} annotation(s) in ${requests} request(s), ${historyRows} state-history entr${historyRows === 1 ? 'y' : 'ies'}${hasToken ? '' : '; no GRAFANA_TOKEN set, read anonymously'}`);
  warnings.push(...col.warnings);
  return {
    events: kept,
    fetched: rows.size + historyRows,
    ...(capped ? { truncated: true } : {}),
    note: notes.join('; '),
    ...(warnings.length ? { warnings } : {}),
  };
}
