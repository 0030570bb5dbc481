// Live Prometheus and Alertmanager sources against small local stubs that answer the recorded
// payload shapes (shared/data/sources/prometheus.json, alertmanager.json) (issue 7): the range-query
// step and grid, auth headers, ALERTS_FOR_STATE being optional, alertname filters, the resolved-alerts
// note, silences in the window, and errors naming the variable to fix. The real servers are exercised
// in test/integration/timeline-live-prometheus.test.ts.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../src/errors.js';
import { createAlertmanagerSource } from '../../../../src/timeline/live/alertmanager.js';
import { alertStepSeconds, createPrometheusSource } from '../../../../src/timeline/live/prometheus.js';
import { startSim, type Sim, type SimReply, type SimRequest } from '../../../sim/live-base.js';
import { countingHttp, depsOf, windowOf } from './helpers.js';

const recordedProm = JSON.parse(readFileSync('/work/shared/data/sources/prometheus.json', 'utf8')) as Record<string, unknown>;
const recordedAm = JSON.parse(readFileSync('/work/shared/data/sources/alertmanager.json', 'utf8')) as Record<string, unknown>;

const sims: Sim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function stub(handler: (req: SimRequest) => SimReply): Promise<Sim> {
  const sim = await startSim(handler);
  sims.push(sim);
  return sim;
}

describe('live prometheus', () => {
  // The recorded ALERTS example covers 1700000000..1700003600 at a 30 s step.
  const W = windowOf('2023-11-14T22:13:20Z', '2023-11-14T23:13:20Z');
  const alerts = recordedProm.ILLUSTRATIVE_ALERTS_query_range_response as Record<string, unknown>;

  it('picks the step from the window length', () => {
    expect(alertStepSeconds(windowOf('2026-03-05T14:00:00Z', '2026-03-05T16:00:00Z'))).toBe(15);
    expect(alertStepSeconds(windowOf('2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'))).toBe(18);
  });

  it('queries ALERTS on a grid ending inside the window and turns runs into intervals', async () => {
    const sim = await stub((req) => (req.query.get('query') === 'ALERTS' ? { status: 200, json: alerts } : { status: 200, json: { status: 'success', data: { resultType: 'matrix', result: [] } } }));
    const result = await createPrometheusSource({ url: sim.url, token: 'prom-token' }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    const firing = result.events.filter((e) => e.category === 'alert_firing');
    expect(firing.map((e) => e.ts)).toEqual(['2023-11-14T22:28:20.000Z', '2023-11-14T22:48:20.000Z']);
    expect(result.events.filter((e) => e.category === 'alert_resolved')).toHaveLength(2);
    const req = sim.requests[0]!;
    expect(req.path).toBe('/api/v1/query_range');
    expect(req.query.get('step')).toBe('15s');
    const start = Number(req.query.get('start'));
    const end = Number(req.query.get('end'));
    expect(end).toBeCloseTo(1700003600 - 0.001, 3);
    expect(Number.isInteger(Math.round((end - start) / 15))).toBe(true);
    expect(start).toBeLessThanOrEqual(1700000000);
    expect(req.headers.authorization).toBe('Bearer prom-token');
    expect(sim.requests.map((r) => r.query.get('query'))).toEqual(['ALERTS', 'ALERTS_FOR_STATE']);
  });

  it('sends basic auth and an alertname matcher', async () => {
    const sim = await stub(() => ({ status: 200, json: { status: 'success', data: { resultType: 'matrix', result: [] } } }));
    await createPrometheusSource({ url: sim.url, username: 'grafana', password: 'pw-secret' }, { http: countingHttp().factory }).fetch(W, { alertnames: ['KubePodCrashLooping', 'A.B'] }, depsOf());
    expect(sim.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('grafana:pw-secret').toString('base64')}`);
    expect(sim.requests[0]!.query.get('query')).toBe('ALERTS{alertname=~"KubePodCrashLooping|A\\\\.B"}');
  });

  it('still answers when ALERTS_FOR_STATE is refused', async () => {
    const sim = await stub((req) => (req.query.get('query') === 'ALERTS' ? { status: 200, json: alerts } : { status: 422, json: { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' } }));
    const result = await createPrometheusSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events.some((e) => e.category === 'alert_firing')).toBe(true);
  });

  it('explains a refused ALERTS query and a 401', async () => {
    const bad = await stub(() => ({ status: 400, json: { status: 'error', errorType: 'bad_data', error: 'exceeded maximum resolution of 11,000 points per timeseries' } }));
    const err = await createPrometheusSource({ url: bad.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/11,000 points.*narrow the window/);
    const denied = await stub(() => ({ status: 401, text: 'Unauthorized' }));
    const err2 = await createPrometheusSource({ url: denied.url, token: 'tok-xyz' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/PROMETHEUS_TOKEN/);
    expect((err2 as Error).message).not.toContain('tok-xyz');
  });
});

describe('live alertmanager', () => {
  const B = recordedAm.B_observed_demo_prometheus_io_watchdog as unknown[];
  const A = recordedAm.A_observed_AMP as unknown[];
  const W = windowOf('2026-05-20T04:00:00Z', '2026-05-20T05:00:00Z');
  const silences = [
    { id: 's-in', status: { state: 'expired' }, updatedAt: '2026-05-20T04:40:00Z', comment: 'maintenance', createdBy: 'bob', startsAt: '2026-05-20T04:10:00Z', endsAt: '2026-05-20T04:40:00Z', matchers: [{ name: 'alertname', value: 'Watchdog', isRegex: false, isEqual: true }] },
    { id: 's-out', status: { state: 'expired' }, updatedAt: '2026-05-19T01:00:00Z', comment: 'old', createdBy: 'carol', startsAt: '2026-05-19T00:00:00Z', endsAt: '2026-05-19T01:00:00Z', matchers: [{ name: 'job', value: 'db.*', isRegex: true, isEqual: true }] },
  ];

  it('returns the still-firing alert (started before the window), silences in the window and the resolved note', async () => {
    const sim = await stub((req) => (req.path === '/api/v2/alerts' ? { status: 200, json: [...B, ...A] } : req.path === '/api/v2/silences' ? { status: 200, json: silences } : { status: 404, text: 'not found' }));
    const result = await createAlertmanagerSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    const watchdog = result.events.find((e) => e.labels?.alertname === 'Watchdog' && e.category === 'alert_firing')!;
    expect(watchdog.ts).toBe('2026-05-18T02:01:11.872Z');
    expect(watchdog.startedBeforeWindow).toBe(true);
    expect(watchdog.openEnded).toBe(true);
    // Sample A fired in 2021: not in this window.
    expect(result.events.some((e) => e.labels?.alertname === 'metric:alerting_rule')).toBe(false);
    const silence = result.events.filter((e) => e.source.ref.startsWith('alertmanager silence'));
    expect(silence).toHaveLength(1);
    expect(silence[0]!).toMatchObject({ actor: 'bob', ts: '2026-05-20T04:10:00.000Z', endTs: '2026-05-20T04:40:00.000Z' });
    expect(result.note).toMatch(/drops resolved/);
    const q = sim.requests[0]!.query;
    expect(['active', 'silenced', 'inhibited', 'unprocessed'].map((k) => q.get(k))).toEqual(['true', 'true', 'true', 'true']);
  });

  it('filters by alertname on the server', async () => {
    const sim = await stub((req) => ({ status: 200, json: req.path === '/api/v2/alerts' ? B : [] }));
    await createAlertmanagerSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { alertnames: ['Watchdog'] }, depsOf());
    expect(sim.requests[0]!.query.getAll('filter')).toEqual(['alertname=~"Watchdog"']);
  });

  it('keeps the alerts when silences cannot be listed', async () => {
    const sim = await stub((req) => (req.path === '/api/v2/alerts' ? { status: 200, json: B } : { status: 403, text: 'forbidden' }));
    const result = await createAlertmanagerSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events).toHaveLength(1);
    expect(result.warnings?.join(' ')).toMatch(/silences could not be listed/);
  });

  it('names ALERTMANAGER_URL when the answer is not an alert list, and the token on 401', async () => {
    const html = await stub(() => ({ status: 200, json: { hello: 'world' } }));
    const err = await createAlertmanagerSource({ url: html.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/ALERTMANAGER_URL/);
    const denied = await stub(() => ({ status: 401, text: 'no' }));
    const err2 = await createAlertmanagerSource({ url: denied.url, token: 'am-tok' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/ALERTMANAGER_TOKEN/);
  });
});
