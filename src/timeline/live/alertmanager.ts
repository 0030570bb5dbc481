/**
 * Live Alertmanager (design/timeline.md §3.4): `/api/v2/alerts` is a snapshot of what is active now
 * (the API drops alerts whose endsAt has passed), so it enriches alerts that still fire; firing
 * history comes from Prometheus ALERTS. Silences whose lifetime meets the window become events.
 */
import type { Config } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import { makeEvent, nonEmpty, str } from '../event.js';
import { parseAlertmanager } from '../sources/alertmanager.js';
import { parseRfc3339 } from '../time.js';
import type { LiveSource, LiveSourceResult, TimeWindow, TimelineEvent, TimelineFilters } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, inWindow, makeClient, sourceFailure, sourceSignal, type LiveOptions } from './common.js';

type AmConfig = NonNullable<Config['alertmanager']>;

interface Silence {
  id?: string;
  status?: { state?: string };
  updatedAt?: string;
  comment?: string;
  createdBy?: string;
  startsAt?: string;
  endsAt?: string;
  matchers?: Array<{ name?: string; value?: string; isRegex?: boolean; isEqual?: boolean }>;
}

export const RESOLVED_NOTE = 'Alertmanager lists only alerts active now (it drops resolved ones); firing history comes from Prometheus ALERTS or archived webhooks';

function matcherText(m: NonNullable<Silence['matchers']>[number]): string {
  const op = m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '=';
  return `${m.name ?? '?'}${op}${JSON.stringify(m.value ?? '')}`;
}

export function silenceEvents(silences: Silence[], window: TimeWindow): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const s of silences) {
    const starts = parseRfc3339(s.startsAt ?? '');
    const ends = parseRfc3339(s.endsAt ?? '');
    if (!starts) continue;
    const endNs = ends?.ns ?? starts.ns;
    if (starts.ns >= window.endNs || endNs < window.startNs) continue;
    const matchers = (s.matchers ?? []).map(matcherText).join(', ');
    const alertname = (s.matchers ?? []).find((m) => m.name === 'alertname' && !m.isRegex)?.value;
    const state = s.status?.state ?? 'unknown';
    out.push(
      makeEvent({
        system: 'alertmanager',
        kind: 'annotation',
        ref: `alertmanager silence ${s.id ?? '?'}`,
        nativeId: `silence:${s.id ?? `${starts.ns}`}`,
        tsNs: starts.ns,
        endNs,
        precision: starts.precision,
        tsSource: 'source',
        severity: 'info',
        category: 'human',
        title: `Silence ${state === 'expired' ? '(expired) ' : ''}{${matchers}}${nonEmpty(s.comment) ? `: ${str(s.comment)}` : ''}`,
        actor: nonEmpty(s.createdBy),
        labels: { silence_state: state, ...(alertname ? { alertname } : {}) },
        openEnded: ends !== undefined && ends.ns > window.endNs,
        phaseHints: ['mitigation'],
      }),
    );
  }
  return out;
}

export function createAlertmanagerSource(config: AmConfig, options: LiveOptions = {}): LiveSource {
  return {
    system: 'alertmanager',
    async fetch(window, filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      const client = makeClient({ system: 'alertmanager', endpoint: config, urlVariable: 'ALERTMANAGER_URL', options });
      try {
        return await fetchAm(client, window, filters, guard.signal);
      } catch (error) {
        throw sourceFailure('alertmanager', error, {
          urlVariable: 'ALERTMANAGER_URL',
          tokenVariable: config.token ? 'ALERTMANAGER_TOKEN' : config.username ? 'ALERTMANAGER_USERNAME and ALERTMANAGER_PASSWORD' : 'ALERTMANAGER_TOKEN (or ALERTMANAGER_USERNAME and ALERTMANAGER_PASSWORD)',
          timeoutMs,
          expired: guard.expired(),
        });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'alertmanager', requests: client.stats.requests, retries: client.stats.retries, durationMs: Date.now() - started });
        await client.close();
      }
    },
  };
}

async function fetchAm(client: HttpClient, window: TimeWindow, filters: TimelineFilters, signal: AbortSignal): Promise<LiveSourceResult> {
  const filter: string[] = [];
  if (filters.alertnames && filters.alertnames.length > 0) {
    filter.push(`alertname=~"${filters.alertnames.map((n) => n.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')).join('|')}"`);
  }
  const alerts = await client.request<unknown>({
    path: '/api/v2/alerts',
    query: { active: true, silenced: true, inhibited: true, unprocessed: true, filter },
    signal,
  });
  if (!Array.isArray(alerts.body)) {
    throw new UpstreamError('alertmanager', 'Alertmanager answered /api/v2/alerts with something that is not an alert list; check that ALERTMANAGER_URL points at Alertmanager (API v2).');
  }
  const col = collector('alertmanager /api/v2/alerts', window);
  // endsAt of an active alert is a future expiry; one already past the window start means the alert
  // was over before the window (a server that has not garbage-collected it yet).
  const current = alerts.body.filter((a) => {
    const ends = parseRfc3339(typeof (a as { endsAt?: unknown })?.endsAt === 'string' ? (a as { endsAt: string }).endsAt : '');
    return !ends || ends.ns >= window.startNs;
  });
  const events = current.length > 0 ? parseAlertmanager(current, col.ctx) : [];
  let silences: Silence[] = [];
  const warnings = [...col.warnings];
  try {
    const res = await client.request<unknown>({ path: '/api/v2/silences', query: { filter }, signal });
    if (Array.isArray(res.body)) silences = res.body as Silence[];
  } catch (error) {
    if (!(error instanceof UpstreamError) || error.status === undefined) throw error;
    warnings.push(`Alertmanager silences could not be listed (HTTP ${error.status}); alerts were read without them.`);
  }
  const silenceEvs = silenceEvents(silences, window);
  return {
    events: [...inWindow(events, window), ...silenceEvs],
    fetched: alerts.body.length + silences.length,
    note: RESOLVED_NOTE,
    ...(warnings.length ? { warnings } : {}),
  };
}
