// Live Grafana and Woodpecker sources against their simulators (issue 7): Grafana's annotation
// `limit` without a cursor (window splitting, the warning when a page stays full), state history in
// seconds and its absence; Woodpecker repo lookup, perPage-50 paging, the created-based window with a
// lookback, deploy/rollback markers, and auth/fault errors.
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../src/errors.js';
import { createGrafanaSource } from '../../../../src/timeline/live/grafana.js';
import { createWoodpeckerSource } from '../../../../src/timeline/live/woodpecker.js';
import type { Sim } from '../../../sim/live-base.js';
import { startGrafanaSim, type GrafanaAnnotation } from '../../../sim/grafana.js';
import { startWoodpeckerSim, type WoodpeckerPipeline } from '../../../sim/woodpecker.js';
import { countingHttp, depsOf, windowOf } from './helpers.js';

const W = windowOf('2026-03-05T14:00:00Z', '2026-03-05T16:00:00Z');
const startMs = Date.parse(W.start);
const sims: Sim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function annotations(n: number): GrafanaAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 1000 + i,
    dashboardUID: 'svc',
    panelId: 2,
    time: startMs + i * 60_000,
    text: `deploy api v2.${i}`,
    tags: ['deploy'],
    data: {},
  }));
}

describe('live grafana', () => {
  it('reads annotations and state history with ms and s windows and the bearer token', async () => {
    const sim = await startGrafanaSim({
      annotations: [...annotations(3), { id: 1, time: startMs - 3_600_000, text: 'old', tags: [] }],
      history: [{ time: startMs + 300_000, line: { schemaVersion: 1, previous: 'Normal', current: 'Alerting', ruleTitle: 'High CPU', ruleUID: 'r1', labels: { alertname: 'High CPU', instance: 'node1' } }, labels: { from: 'state-history' } }],
      token: 'glsa_secret',
    });
    sims.push(sim);
    const result = await createGrafanaSource({ url: sim.url, token: 'glsa_secret' }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events.filter((e) => e.source.kind === 'annotation')).toHaveLength(3);
    const state = result.events.find((e) => e.source.kind === 'alert_state')!;
    expect(state.category).toBe('alert_firing');
    expect(state.ts).toBe('2026-03-05T14:05:00.000Z');
    const ann = sim.requests.find((r) => r.path === '/api/annotations')!;
    expect(ann.query.get('from')).toBe(String(startMs));
    expect(ann.headers.authorization).toBe('Bearer glsa_secret');
    const hist = sim.requests.find((r) => r.path === '/api/v1/rules/history')!;
    expect(hist.query.get('from')).toBe(String(startMs / 1000));
    expect(result.warnings ?? []).toHaveLength(0);
  });

  it('keeps one event when a transition is both an alert annotation and a state-history row', async () => {
    const t = startMs + 600_000;
    const sim = await startGrafanaSim({
      annotations: [{ id: 77, alertId: 5, newState: 'Alerting', prevState: 'Normal', time: t, timeEnd: t, text: '', tags: [], data: { labels: { alertname: 'High CPU' } } }],
      history: [{ time: t, line: { previous: 'Normal', current: 'Alerting', ruleTitle: 'High CPU', ruleUID: 'r1', labels: { alertname: 'High CPU' } }, labels: {} }],
    });
    sims.push(sim);
    const result = await createGrafanaSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.source.ref).toBe('grafana rule r1');
  });

  it('splits the window when a page comes back full, so nothing is lost', async () => {
    const sim = await startGrafanaSim({ annotations: annotations(100) });
    sims.push(sim);
    const result = await createGrafanaSource({ url: sim.url }, { http: countingHttp().factory, grafana: { annotationLimit: 40 } }).fetch(W, {}, depsOf());
    expect(result.events.filter((e) => e.source.kind === 'annotation')).toHaveLength(100);
    expect(result.truncated).toBeFalsy();
    expect(sim.requests.filter((r) => r.path === '/api/annotations').length).toBeGreaterThan(1);
  });

  it('warns when pages stay full after splitting', async () => {
    const crowd = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, time: startMs + 1000, text: `same ${i}`, tags: [] }));
    const sim = await startGrafanaSim({ annotations: crowd });
    sims.push(sim);
    const result = await createGrafanaSource({ url: sim.url }, { http: countingHttp().factory, grafana: { annotationLimit: 10 } }).fetch(W, {}, depsOf());
    expect(result.truncated).toBe(true);
    expect(result.warnings?.join(' ')).toMatch(/exactly 10 annotations/);
  });

  it('notes when alert state history is not available and still returns annotations', async () => {
    const sim = await startGrafanaSim({ annotations: annotations(2), history: 'unsupported' });
    sims.push(sim);
    const result = await createGrafanaSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events).toHaveLength(2);
    expect(result.note).toMatch(/state history unavailable/);
  });

  it('names GRAFANA_TOKEN on 401 without echoing it', async () => {
    const sim = await startGrafanaSim({ annotations: [], token: 'right' });
    sims.push(sim);
    const err = await createGrafanaSource({ url: sim.url, token: 'glsa_wrong_value' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/GRAFANA_TOKEN/);
    expect((err as Error).message).not.toContain('glsa_wrong_value');
  });
});

function pipelines(n: number, fromS: number, stepS: number): WoodpeckerPipeline[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 500 + i,
    number: i + 1,
    event: i % 10 === 0 ? 'deployment' : 'push',
    status: i % 7 === 0 ? 'failure' : 'success',
    created: fromS + i * stepS,
    started: fromS + i * stepS + 5,
    finished: fromS + i * stepS + 120,
    author: 'alice',
    message: i === 42 ? 'Revert "bump api to v2.3.1"\n' : `change ${i}\n`,
    commit: `${i}`.padStart(40, 'a'),
    branch: 'main',
    deploy_to: i % 10 === 0 ? 'production' : '',
  }));
}

describe('live woodpecker', () => {
  const startS = startMs / 1000;

  it('looks the repo up and follows pages of 50 newest first', async () => {
    const list = pipelines(120, startS, 55);
    // Created before the window but still running in it (lookback), and one far too old.
    list.push({ id: 9, number: 0, event: 'deployment', status: 'success', created: startS - 600, started: startS - 590, finished: startS + 60, deploy_to: 'production' });
    list.push({ id: 8, number: -1, event: 'push', status: 'success', created: startS - 86_400, started: startS - 86_390, finished: startS - 86_000 });
    const sim = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: list, token: 'wp_pat' });
    sims.push(sim);
    const result = await createWoodpeckerSource({ url: sim.url, token: 'wp_pat', repo: 'alice/shop' }, { http: countingHttp().factory }).fetch(W, {}, depsOf());
    expect(result.events).toHaveLength(121);
    const pages = sim.requests.filter((r) => r.path === '/api/repos/17/pipelines');
    expect(pages.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(pages.every((r) => r.query.get('perPage') === '50')).toBe(true);
    const early = result.events.find((e) => e.source.ref === 'alice/shop#0')!;
    expect(early.startedBeforeWindow).toBe(true);
    const revert = result.events.find((e) => e.source.ref === 'alice/shop#43')!;
    expect(revert.category).toBe('rollback');
    expect(revert.phaseHints).toContain('mitigation');
  });

  it('names WOODPECKER_REPO when the repository is unknown', async () => {
    const sim = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: [], token: 'wp_pat' });
    sims.push(sim);
    const err = await createWoodpeckerSource({ url: sim.url, token: 'wp_pat', repo: 'alice/nope' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/WOODPECKER_REPO/);
  });

  it('names WOODPECKER_TOKEN on 401', async () => {
    const sim = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: [], token: 'wp_pat' });
    sims.push(sim);
    const err = await createWoodpeckerSource({ url: sim.url, token: 'wp_expired', repo: 'alice/shop' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/WOODPECKER_TOKEN/);
    expect((err as Error).message).not.toContain('wp_expired');
  });

  it('retries a 502 on a page and a slow first answer within the deadline', async () => {
    const sim = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: pipelines(60, startS, 60), token: 'wp_pat' });
    sims.push(sim);
    sim.fault({ match: /pipelines$/, status: 502, text: 'Bad Gateway' });
    sim.fault({ match: /lookup/, delayMs: 200 });
    const http = countingHttp();
    const result = await createWoodpeckerSource({ url: sim.url, token: 'wp_pat', repo: 'alice/shop' }, { http: http.factory, requestTimeoutMs: 5000 }).fetch(W, {}, depsOf());
    expect(result.events).toHaveLength(60);
    expect(http.retries).toBe(1);
  });

  it('answers 403 with advice about the token user', async () => {
    const sim = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: [], token: 'wp_pat' });
    sims.push(sim);
    sim.fault({ match: /pipelines$/, status: 403, text: 'Forbidden' });
    const err = await createWoodpeckerSource({ url: sim.url, token: 'wp_pat', repo: 'alice/shop' }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/403.*WOODPECKER_TOKEN/);
  });
});
