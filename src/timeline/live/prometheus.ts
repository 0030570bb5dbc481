/**
 * Live Prometheus (design/timeline.md §3.3): `ALERTS` over the window as a range query, firing and
 * pending runs becoming intervals in the exported-evidence parser, plus `ALERTS_FOR_STATE` for the
 * exact pending start. The step keeps every series under the 11,000-point limit.
 */
import type { Config } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { parsePrometheusAlerts } from '../sources/prometheus.js';
import type { LiveSource, LiveSourceResult, TimeWindow, TimelineEvent, TimelineFilters } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, inWindow, makeClient, nsToSeconds, sourceFailure, sourceSignal, type LiveOptions } from './common.js';

type PromConfig = NonNullable<Config['prometheus']>;

/** step = max(15 s, ceil((end - start) / 10000)) in whole seconds. */
export function alertStepSeconds(window: Pick<TimeWindow, 'startNs' | 'endNs'>): number {
  const spanS = Number((window.endNs - window.startNs) / 1_000_000_000n);
  return Math.max(15, Math.ceil(spanS / 10_000));
}

function matcher(filters: TimelineFilters): string {
  if (!filters.alertnames || filters.alertnames.length === 0) return '';
  const re = filters.alertnames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return `alertname=~${JSON.stringify(re)}`;
}

interface PromJson {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown[] };
}

export function createPrometheusSource(config: PromConfig, options: LiveOptions = {}): LiveSource {
  return {
    system: 'prometheus',
    async fetch(window, filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      const client = makeClient({ system: 'prometheus', endpoint: config, urlVariable: 'PROMETHEUS_URL', options });
      try {
        return await fetchAlerts(client, window, filters, guard.signal);
      } catch (error) {
        throw sourceFailure('prometheus', error, {
          urlVariable: 'PROMETHEUS_URL',
          tokenVariable: config.token ? 'PROMETHEUS_TOKEN' : config.username ? 'PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD' : 'PROMETHEUS_TOKEN (or PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD)',
          timeoutMs,
          expired: guard.expired(),
        });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'prometheus', requests: client.stats.requests, retries: client.stats.retries, durationMs: Date.now() - started });
        await client.close();
      }
    },
  };
}

async function rangeQuery(client: HttpClient, query: string, window: TimeWindow, step: number, signal: AbortSignal): Promise<PromJson> {
  // Evaluation points are start + k*step: anchor the grid on the last millisecond inside the
  // (end-exclusive) window so an alert that began in the final step is still seen.
  const endS = nsToSeconds(window.endNs) - 0.001;
  const startS = endS - Math.ceil((endS - nsToSeconds(window.startNs)) / step) * step;
  const res = await client.request<PromJson>({
    path: '/api/v1/query_range',
    query: { query, start: startS.toFixed(3), end: endS.toFixed(3), step: `${step}s` },
    signal,
    accept: [400, 422],
  });
  if (res.status !== 200 || res.body?.status !== 'success') {
    const reason = typeof res.body?.error === 'string' ? res.body.error.replace(/[\u0000-\u001f]/g, ' ').slice(0, 160) : `HTTP ${res.status}`;
    throw new UpstreamError('prometheus', `Prometheus refused the ALERTS range query (${reason}); check filters.alertnames or narrow the window.`, { status: res.status });
  }
  return res.body;
}

async function fetchAlerts(client: HttpClient, window: TimeWindow, filters: TimelineFilters, signal: AbortSignal): Promise<LiveSourceResult> {
  const step = alertStepSeconds(window);
  const m = matcher(filters);
  const alertsQuery = `ALERTS${m ? `{${m}}` : ''}`;
  const forStateQuery = `ALERTS_FOR_STATE${m ? `{${m}}` : ''}`;
  const col = collector(`prometheus ${alertsQuery}`, window);
  const alerts = await rangeQuery(client, alertsQuery, window, step, signal);
  const events: TimelineEvent[] = [];
  const series = alerts.data?.result?.length ?? 0;
  if (series > 0) events.push(...parsePrometheusAlerts(alerts, col.ctx, { stepSeconds: step }));
  let forState = 0;
  try {
    const fs = await rangeQuery(client, forStateQuery, window, step, signal);
    forState = fs.data?.result?.length ?? 0;
    if (forState > 0) events.push(...parsePrometheusAlerts(fs, col.ctx, { stepSeconds: step }));
  } catch (error) {
    // ALERTS_FOR_STATE only refines pending starts; ALERTS alone is a usable answer.
    if (!(error instanceof UpstreamError) || error.status === undefined) throw error;
  }
  const kept = inWindow(events, window);
  return {
    events: kept,
    fetched: series + forState,
    note: `ALERTS at a ${step}s step: ${series} series${forState ? `, ${forState} ALERTS_FOR_STATE series` : ''}; interval edges are accurate to ±${step}s`,
    ...(col.warnings.length ? { warnings: col.warnings } : {}),
  };
}
