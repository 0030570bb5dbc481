// Live Loki source against the local Loki simulator (issue 7): paging with boundary duplicates,
// the server's entry and query-length limits, tenant and token headers, the volume guard with the
// patterns fast path, and faults (401, 429, 5xx, slow answers, cancellation).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../../src/config.js';
import { CancelledError, UpstreamError } from '../../../../src/errors.js';
import { gatherTimeline } from '../../../../src/timeline/gather.js';
import { buildSelector, createLokiSource, selectorOf } from '../../../../src/timeline/live/loki.js';
import type { LiveSourceResult } from '../../../../src/timeline/types.js';
import { startLokiSim, type LokiSim, type LokiStream } from '../../../sim/loki.js';
import { countingHttp, depsOf, nsOf, windowOf } from './helpers.js';

const W = windowOf('2026-03-05T14:00:00Z', '2026-03-05T16:00:00Z');
const sims: LokiSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** `n` lines spread over the window in three streams, with clusters of equal timestamps. */
function makeStreams(n: number, seed = 7): LokiStream[] {
  const r = rng(seed);
  const streams: LokiStream[] = [
    { stream: { namespace: 'shop', app: 'api', level: 'error' }, values: [] },
    { stream: { namespace: 'shop', app: 'web', level: 'info' }, values: [] },
    { stream: { namespace: 'infra', app: 'db', level: 'warn' }, values: [] },
  ];
  const span = Number(W.endNs - W.startNs);
  for (let i = 0; i < n; i++) {
    const s = streams[i % 3]!;
    // Every 50th line shares its predecessor's instant, in another stream, to force boundary ties.
    const ts = i % 50 === 1 ? BigInt(s.values.length ? streams[(i - 1) % 3]!.values.at(-1)![0] : W.startNs.toString()) : W.startNs + BigInt(Math.floor(r() * span));
    s.values.push([ts.toString(), `request ${i} took ${Math.floor(r() * 900)}ms status=${i % 7 === 0 ? 500 : 200}`]);
  }
  return streams;
}

const logLines = (r: LiveSourceResult) => r.logs ?? [];

function lineKeys(r: LiveSourceResult): string[] {
  return logLines(r).map((l) => `${l.tsNs}|${l.line}`);
}

describe('live loki', () => {
  it('reads every line exactly once across pages, including ties at page boundaries', async () => {
    const streams = makeStreams(12_345);
    const sim = await startLokiSim({ streams });
    sims.push(sim);
    const http = countingHttp();
    const source = createLokiSource({ url: sim.url }, { http: http.factory });
    const result = await source.fetch(W, { logql: '{namespace=~"shop|infra"}' }, depsOf());
    const keys = lineKeys(result);
    expect(keys.length).toBe(12_345);
    expect(new Set(keys).size).toBe(12_345);
    expect(result.truncated).toBeFalsy();
    const ranges = sim.requests.filter((r) => r.path === '/loki/api/v1/query_range');
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    for (const r of ranges) {
      expect(r.query.get('direction')).toBe('forward');
      expect(Number(r.query.get('limit'))).toBeLessThanOrEqual(5000);
    }
    expect(http.requests).toBe(sim.requests.length);
  });

  it('keeps ties when more entries share the boundary instant than fit the rest of a page', async () => {
    const ts = nsOf('2026-03-05T15:00:00Z').toString();
    const values: Array<[string, string]> = [];
    for (let i = 0; i < 30; i++) values.push([ts, `same instant line ${i}`]);
    for (let i = 0; i < 30; i++) values.push([(nsOf('2026-03-05T14:10:00Z') + BigInt(i)).toString(), `early ${i}`]);
    const sim = await startLokiSim({ streams: [{ stream: { app: 'api' }, values }] });
    sims.push(sim);
    const source = createLokiSource({ url: sim.url }, { http: countingHttp().factory, loki: { pageLimit: 40 } });
    const result = await source.fetch(W, { logql: '{app="api"}' }, depsOf());
    const keys = lineKeys(result);
    expect(new Set(keys).size).toBe(60);
    expect(keys.length).toBe(60);
  });

  it('steps past an instant holding more entries than a page, with a warning, instead of looping', async () => {
    const ts = nsOf('2026-03-05T15:00:00Z');
    const values: Array<[string, string]> = [];
    for (let i = 0; i < 30; i++) values.push([ts.toString(), `same instant line ${i}`]);
    values.push([(ts + 5n).toString(), 'after the crowd']);
    const sim = await startLokiSim({ streams: [{ stream: { app: 'api' }, values }] });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, loki: { pageLimit: 20 } }).fetch(W, { logql: '{app="api"}' }, depsOf());
    const titles = logLines(result).map((l) => l.line);
    expect(titles).toContain('after the crowd');
    expect(new Set(titles).size).toBe(titles.length);
    expect(result.warnings?.join(' ')).toMatch(/more than 20 entries at one instant/);
  });

  it('includes an entry exactly at the window end and asks with end = windowEnd + 1ns', async () => {
    const sim = await startLokiSim({
      streams: [{ stream: { app: 'api' }, values: [[W.endNs.toString(), 'at the end'], [W.startNs.toString(), 'at the start'], [(W.startNs - 1n).toString(), 'before']] }],
    });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { logql: '{app="api"}' }, depsOf());
    const inWin = logLines(result).filter((l) => l.tsNs >= W.startNs);
    expect(inWin.map((l) => l.line).sort()).toEqual(['at the end', 'at the start']);
    const req = sim.requests.find((r) => r.path === '/loki/api/v1/query_range')!;
    expect(req.query.get('end')).toBe((W.endNs + 1n).toString());
    expect(req.query.get('start')).toBe(W.startNs.toString());
  });

  it('adapts to a lower max_entries_limit_per_query from the 400 the server sends', async () => {
    const sim = await startLokiSim({ streams: makeStreams(2500), maxEntriesPerQuery: 1000 });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    expect(new Set(lineKeys(result)).size).toBe(2500);
    const limits = sim.requests.filter((r) => r.path.endsWith('query_range')).map((r) => Number(r.query.get('limit')));
    expect(limits[0]).toBe(5000);
    expect(limits.slice(1).every((l) => l <= 1000)).toBe(true);
  });

  it('reads the limit from a JSON error body too', async () => {
    const sim = await startLokiSim({ streams: makeStreams(300) });
    sims.push(sim);
    sim.fault({ match: /query_range/, status: 400, json: { status: 'error', errorType: 'bad_data', error: 'max entries limit per query exceeded, limit > max_entries_limit_per_query (5000 > 200)' } });
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    expect(new Set(lineKeys(result)).size).toBe(300);
    const limits = sim.requests.filter((r) => r.path.endsWith('query_range')).map((r) => Number(r.query.get('limit')));
    expect(limits.slice(1).every((l) => l === 200)).toBe(true);
  });

  it('splits the window when it is longer than the max query length', async () => {
    const sim = await startLokiSim({ streams: makeStreams(900), maxQueryLengthNs: 30n * 60n * 1_000_000_000n });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    expect(new Set(lineKeys(result)).size).toBe(900);
    const ok = sim.requests.filter((r) => r.path.endsWith('query_range')).slice(1);
    for (const r of ok) expect(BigInt(r.query.get('end')!) - BigInt(r.query.get('start')!)).toBeLessThanOrEqual(30n * 60n * 1_000_000_000n);
  });

  it('sends LOKI_TENANT as X-Scope-OrgID and LOKI_TOKEN as a bearer token', async () => {
    const sim = await startLokiSim({ streams: makeStreams(30), tenant: 'team-a', token: 'loki-secret-token' });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url, tenant: 'team-a', token: 'loki-secret-token' }, { http: countingHttp().factory }).fetch(W, { namespaces: ['shop'] }, depsOf());
    expect(logLines(result).length).toBe(20);
    for (const r of sim.requests) {
      expect(r.headers['x-scope-orgid']).toBe('team-a');
      expect(r.headers.authorization).toBe('Bearer loki-secret-token');
    }
  });

  it('fails with an actionable error naming LOKI_TOKEN on 401, without the token', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10), token: 'right-token' });
    sims.push(sim);
    const err = await createLokiSource({ url: sim.url, token: 'wrong-token-value' }, { http: countingHttp().factory })
      .fetch(W, { logql: '{app="api"}' }, depsOf())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/LOKI_TOKEN/);
    expect((err as Error).message).not.toMatch(/wrong-token-value/);
  });

  it('retries a 429 and a 503 and still returns every line', async () => {
    const sim = await startLokiSim({ streams: makeStreams(100) });
    sims.push(sim);
    sim.fault({ match: /query_range/, status: 429, text: 'too many outstanding requests', headers: { 'retry-after': '0' } });
    sim.fault({ match: /query_range/, status: 503, text: 'unavailable' });
    const http = countingHttp();
    const result = await createLokiSource({ url: sim.url }, { http: http.factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    expect(logLines(result).length).toBe(100);
    expect(http.retries).toBe(2);
  });

  it('reports a persistent 500 as an upstream failure', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10) });
    sims.push(sim);
    sim.fault({ match: /query_range/, status: 500, text: 'internal', times: Infinity });
    const err = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, maxRetries: 1 })
      .fetch(W, { logql: '{app=~".+"}' }, depsOf())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).transient).toBe(true);
  });

  it('gives up on a slow answer after the request timeout', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10) });
    sims.push(sim);
    sim.fault({ match: /query_range/, delayMs: 3000, times: Infinity });
    const err = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, requestTimeoutMs: 300, maxRetries: 0 })
      .fetch(W, { logql: '{app=~".+"}' }, depsOf())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/did not answer|did not finish/);
  });

  it('reports the source deadline, not a cancellation, when the whole fetch takes too long', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10) });
    sims.push(sim);
    sim.fault({ match: /query_range/, delayMs: 3000, times: Infinity });
    const err = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, requestTimeoutMs: 10_000, sourceTimeoutMs: 400 })
      .fetch(W, { logql: '{app=~".+"}' }, depsOf())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/did not finish within 0.4 s; narrow the window/);
  });

  it('stops with a CancelledError when the request is cancelled', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10) });
    sims.push(sim);
    sim.fault({ match: /query_range/, delayMs: 2000 });
    const ac = new AbortController();
    const p = createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf(ac.signal));
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it('uses the patterns endpoint when the volume is over the line budget', async () => {
    const sim = await startLokiSim({ streams: makeStreams(600), patterns: 'enabled' });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, loki: { maxLines: 100 } }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    const patterns = result.events.filter((e) => e.source.kind === 'log_pattern');
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.reduce((n, e) => n + e.count, 0)).toBe(600);
    expect(logLines(result)).toHaveLength(0);
    expect(result.note).toMatch(/pattern/);
    expect(sim.requests.some((r) => r.path.endsWith('query_range'))).toBe(false);
  });

  it('reads up to the budget and warns when over it without a pattern ingester', async () => {
    const sim = await startLokiSim({ streams: makeStreams(600), patterns: 'disabled' });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, loki: { maxLines: 250, pageLimit: 100 } }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
    expect(logLines(result)).toHaveLength(250);
    expect(result.truncated).toBe(true);
    expect(result.warnings?.join(' ')).toMatch(/250-line budget/);
  });

  it('builds a selector from services and namespaces with the labels Loki has', async () => {
    const sim = await startLokiSim({ streams: makeStreams(90) });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory }).fetch(W, { services: ['api'], namespaces: ['shop'] }, depsOf());
    expect(logLines(result)).toHaveLength(30);
    const q = sim.requests.find((r) => r.path.endsWith('query_range'))!.query.get('query');
    expect(q).toBe('{namespace=~"shop", app=~"api"}');
  });

  it('refuses a metric query in filters.logql with a message naming the field', async () => {
    const sim = await startLokiSim({ streams: makeStreams(10) });
    sims.push(sim);
    const err = await createLokiSource({ url: sim.url }, { http: countingHttp().factory })
      .fetch(W, { logql: 'sum(rate({app="api"}[1m]))' }, depsOf())
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/filters\.logql/);
  });
});

describe('loki over TLS', () => {
  it('trusts the server through LOKI_CA_FILE and refuses it without', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-loki-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'ca.pem'), '-days', '2', '-subj', '/CN=loki-sim', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const tls = { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'ca.pem'), 'utf8') };
      const sim = await startLokiSim({ streams: makeStreams(12), tls });
      sims.push(sim);
      expect(sim.url.startsWith('https://')).toBe(true);
      const ok = await createLokiSource({ url: sim.url, caFile: path.join(dir, 'ca.pem') }, { http: countingHttp().factory }).fetch(W, { logql: '{app=~".+"}' }, depsOf());
      expect(logLines(ok)).toHaveLength(12);
      const err = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, maxRetries: 0 }).fetch(W, { logql: '{app=~".+"}' }, depsOf()).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/CA_FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loki baseline', () => {
  it('reads an equal-length baseline before the window so new patterns are marked novel', async () => {
    const values: Array<[string, string]> = [];
    for (let i = 0; i < 40; i++) values.push([(W.startNs - 3_600_000_000_000n + BigInt(i) * 60_000_000_000n).toString(), `GET /orders/${i} 200 in ${i}ms`]);
    for (let i = 0; i < 40; i++) values.push([(W.startNs + BigInt(i) * 60_000_000_000n).toString(), `GET /orders/${i + 100} 200 in ${i}ms`]);
    for (let i = 0; i < 10; i++) values.push([(W.startNs + 600_000_000_000n + BigInt(i) * 1_000_000_000n).toString(), `connection refused to db-0:5432 attempt ${i}`]);
    const sim = await startLokiSim({ streams: [{ stream: { app: 'api' }, values }] });
    sims.push(sim);
    const config = { loki: { url: sim.url } } as unknown as Config;
    const live = [createLokiSource({ url: sim.url }, { http: countingHttp().factory })];
    const res = await gatherTimeline({ start: W.start, end: W.end, maxEvents: 100 }, { ...depsOf(), config: { ...config, inputRoots: [], storeDir: '', logLevel: 'error', bookstackTarget: { bookId: 1 }, http: { allowedOrigins: [] } }, liveSources: live });
    const patterns = res.structured.events.filter((e) => e.source.kind === 'log_pattern');
    const refused = patterns.find((p) => p.pattern?.template.includes('connection refused'));
    const orders = patterns.find((p) => p.pattern?.template.includes('GET /orders'));
    expect(refused?.pattern?.novel).toBe(true);
    expect(orders?.pattern?.novel).toBe(false);
    expect(orders?.count).toBe(40);
    expect(res.structured.sources[0]!.note).toMatch(/40 baseline lines/);
  });

  it('skips the baseline when asked to', async () => {
    const sim = await startLokiSim({ streams: [{ stream: { app: 'api' }, values: [[(W.startNs - 10n).toString(), 'before'], [W.startNs.toString(), 'inside']] }] });
    sims.push(sim);
    const result = await createLokiSource({ url: sim.url }, { http: countingHttp().factory, loki: { baseline: false } }).fetch(W, { logql: '{app="api"}' }, depsOf());
    expect(logLines(result).map((l) => l.line)).toEqual(['inside']);
  });
});

describe('loki selectors', () => {
  it('extracts the stream selector, braces inside quotes included', () => {
    expect(selectorOf('{app="a}b"} |= "x"')).toBe('{app="a}b"}');
    expect(selectorOf('rate({app="a"}[1m])')).toBeUndefined();
  });
  it('escapes regex metacharacters in service names', () => {
    expect(buildSelector({ services: ['a.b'] }, ['service_name']).query).toBe('{service_name=~"a\\\\.b"}');
  });
  it('falls back to a broad selector with a note when no filter is given', () => {
    const s = buildSelector({}, ['job', 'namespace']);
    expect(s.query).toBe('{namespace=~".+"}');
    expect(s.note).toMatch(/filters/);
  });
});
