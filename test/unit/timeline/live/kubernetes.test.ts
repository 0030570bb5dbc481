// Live Kubernetes events against the kube-apiserver simulator (issue 7): in-cluster credentials over
// TLS with the service-account CA, KUBECONFIG contexts, continue-token chunking (and an expired
// token), 403 per namespace and at cluster scope, the events.k8s.io/v1 fallback, the client-side
// time filter and the one-hour TTL note.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../src/errors.js';
import { createKubernetesSource, resolveKubeAccess } from '../../../../src/timeline/live/kubernetes.js';
import { startKubeSim, type CoreEvent, type KubeSim } from '../../../sim/kubernetes.js';
import { countingHttp, depsOf, windowOf } from './helpers.js';

const W = windowOf('2026-03-05T14:00:00Z', '2026-03-05T14:40:00Z');
const NOW_SOON = () => Date.parse('2026-03-05T14:45:00Z');
const TOKEN = 'kube-sa-token-value-123';

let dir: string;
let tls: { key: string; cert: string };
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pm-kube-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2',
    '-subj', '/CN=kube-sim', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  tls = { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sims: KubeSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function ev(i: number, ns: string, at: string, extra: Partial<CoreEvent> = {}): CoreEvent {
  return {
    metadata: { name: `pod-${i}.17a${i}`, namespace: ns, uid: `uid-${ns}-${i}`, creationTimestamp: at },
    involvedObject: { kind: 'Pod', namespace: ns, name: `api-${i}`, uid: `pod-uid-${i}`, apiVersion: 'v1' },
    reason: i % 2 ? 'BackOff' : 'Pulled',
    message: `event number ${i} for pod api-${i}`,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type: i % 2 ? 'Warning' : 'Normal',
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
    ...extra,
  };
}

function spread(n: number, ns: string, from = Date.parse(W.start), stepMs = 1000, offset = 0): CoreEvent[] {
  return Array.from({ length: n }, (_, i) => ev(i + offset, ns, new Date(from + i * stepMs).toISOString().replace(/\.\d{3}Z$/, 'Z')));
}

function inCluster(sim: KubeSim) {
  const port = new URL(sim.url).port;
  const files: Record<string, string> = { '/sa/token': `${TOKEN}\n`, '/sa/ca.crt': tls.cert, '/sa/namespace': 'shop' };
  const readFile = (f: string) => {
    if (!(f in files)) throw new Error('ENOENT');
    return files[f]!;
  };
  return {
    config: { mode: 'in-cluster' as const, host: '127.0.0.1', port, tokenFile: '/sa/token', caFile: '/sa/ca.crt', namespaceFile: '/sa/namespace' },
    readFile,
  };
}

function writeKubeconfig(server: string, user: Record<string, unknown>, extraCluster: Record<string, unknown> = {}): string {
  const file = path.join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  const cfg = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'prod',
    clusters: [{ name: 'prod-cluster', cluster: { server, ...extraCluster } }],
    contexts: [
      { name: 'other', context: { cluster: 'nope', user: 'nobody' } },
      { name: 'prod', context: { cluster: 'prod-cluster', user: 'sa', namespace: 'shop' } },
    ],
    users: [{ name: 'sa', user }],
  };
  writeFileSync(file, JSON.stringify(cfg));
  return file;
}

describe('live kubernetes', () => {
  it('lists cluster-wide over TLS with the service-account CA, following continue tokens', async () => {
    const events = [...spread(700, 'shop'), ...spread(500, 'infra', Date.parse(W.start), 1000, 1000)];
    // Outside the window: dropped on the client, the API has no time filter.
    events.push(ev(5000, 'shop', '2026-03-05T13:00:00Z'), ev(5001, 'shop', '2026-03-05T15:30:00Z'));
    const sim = await startKubeSim({ events, token: TOKEN, allowedNamespaces: '*', tls });
    sims.push(sim);
    const { config, readFile } = inCluster(sim);
    const result = await createKubernetesSource(config, { http: countingHttp().factory, readFile, now: NOW_SOON }).fetch(W, {}, depsOf());
    expect(result.fetched).toBe(1202);
    const total = result.events.reduce((n, e) => n + e.count, 0);
    expect(total).toBe(1200);
    const lists = sim.requests.filter((r) => r.path === '/api/v1/events');
    expect(lists).toHaveLength(3);
    expect(lists[1]!.query.get('continue')).toBeTruthy();
    expect(lists.every((r) => r.query.get('limit') === '500')).toBe(true);
    expect(sim.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result.warnings ?? []).toHaveLength(0);
    expect(result.note).toMatch(/1202 event object\(s\) listed \(all namespaces\)/);
  });

  it('refuses a server certificate it was not given the CA for', async () => {
    const sim = await startKubeSim({ events: spread(3, 'shop'), token: TOKEN, allowedNamespaces: '*', tls });
    sims.push(sim);
    const { config, readFile } = inCluster(sim);
    const noCa = (f: string) => (f === '/sa/ca.crt' ? (() => { throw new Error('ENOENT'); })() : readFile(f));
    const err = await createKubernetesSource(config, { http: countingHttp().factory, readFile: noCa, maxRetries: 0 }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/certificate|CA/i);
  });

  it('reports a 403 on one namespace and still returns the others', async () => {
    const sim = await startKubeSim({ events: [...spread(4, 'shop'), ...spread(3, 'secret', Date.parse(W.start), 1000, 100)], token: TOKEN, allowedNamespaces: ['shop'] });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: NOW_SOON }).fetch(W, { namespaces: ['shop', 'secret'] }, depsOf());
    expect(result.events.every((e) => e.entity?.namespace === 'shop')).toBe(true);
    expect(result.events.reduce((n, e) => n + e.count, 0)).toBe(4);
    expect(result.warnings?.join(' ')).toMatch(/namespace "secret".*HTTP 403.*get\/list on events/);
    expect(result.note).toMatch(/refused in secret/);
  });

  it('falls back to the context namespace when cluster-wide listing is forbidden', async () => {
    const sim = await startKubeSim({ events: [...spread(4, 'shop'), ...spread(3, 'infra', Date.parse(W.start), 1000, 100)], token: TOKEN, allowedNamespaces: ['shop'] });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: NOW_SOON }).fetch(W, {}, depsOf());
    expect(result.events.reduce((n, e) => n + e.count, 0)).toBe(4);
    expect(result.warnings?.join(' ')).toMatch(/cluster-wide.*"shop"/);
  });

  it('reads every namespace it may list one by one when cluster-wide listing is forbidden', async () => {
    const events = [...spread(4, 'shop'), ...spread(3, 'edge', Date.parse(W.start), 1000, 100), ...spread(2, 'secret', Date.parse(W.start), 1000, 200)];
    const sim = await startKubeSim({ events, token: TOKEN, allowedNamespaces: ['shop', 'edge'], canListNamespaces: true });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: NOW_SOON }).fetch(W, {}, depsOf());
    expect(result.events.reduce((n, e) => n + e.count, 0)).toBe(7);
    expect(new Set(result.events.map((e) => e.entity?.namespace))).toEqual(new Set(['shop', 'edge']));
    expect(result.note).toMatch(/2 namespace\(s\) one by one, 1 refused/);
    expect(result.warnings?.join(' ')).toMatch(/ClusterRole/);
  });

  it('fails with RBAC advice when no namespace may be read', async () => {
    const sim = await startKubeSim({ events: spread(2, 'shop'), token: TOKEN, allowedNamespaces: [] });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const err = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory }).fetch(W, { namespaces: ['shop'] }, depsOf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/get\/list on events/);
  });

  it('uses events.k8s.io/v1 where RBAC grants only that group', async () => {
    const sim = await startKubeSim({ events: spread(5, 'shop'), token: TOKEN, allowedNamespaces: '*', onlyEventsGroup: true });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: NOW_SOON }).fetch(W, {}, depsOf());
    expect(result.events.reduce((n, e) => n + e.count, 0)).toBe(5);
    expect(sim.requests.some((r) => r.path === '/apis/events.k8s.io/v1/events')).toBe(true);
  });

  it('starts the list again when a continue token has expired', async () => {
    const sim = await startKubeSim({ events: spread(1100, 'shop'), token: TOKEN, allowedNamespaces: '*' });
    sims.push(sim);
    sim.expireContinueTokens();
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: NOW_SOON }).fetch(W, {}, depsOf());
    expect(new Set(result.events.map((e) => e.id)).size).toBe(result.events.length);
    expect(result.events.reduce((n, e) => n + e.count, 0)).toBe(1100);
  });

  it('names the token on 401 and never echoes it', async () => {
    const sim = await startKubeSim({ events: spread(2, 'shop'), token: TOKEN, allowedNamespaces: '*' });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: 'stale-token-abcdef' });
    const err = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory }).fetch(W, {}, depsOf()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/401.*token/);
    expect((err as Error).message).not.toContain('stale-token-abcdef');
  });

  it('warns about the one-hour event TTL when the window starts more than an hour ago', async () => {
    const sim = await startKubeSim({ events: spread(2, 'shop'), token: TOKEN, allowedNamespaces: '*' });
    sims.push(sim);
    const file = writeKubeconfig(sim.url, { token: TOKEN });
    const later = () => Date.parse('2026-03-06T09:00:00Z');
    const result = await createKubernetesSource({ mode: 'kubeconfig', path: file }, { http: countingHttp().factory, now: later }).fetch(W, {}, depsOf());
    expect(result.warnings?.join(' ')).toMatch(/1 hour.*--event-ttl/);
  });
});

describe('kubeconfig resolution', () => {
  it('reads the current context, inline CA data and a token file relative to the kubeconfig', () => {
    writeFileSync(path.join(dir, 'tok'), 'from-file-token\n');
    const file = writeKubeconfig('https://10.0.0.1:6443/', { tokenFile: 'tok' }, { 'certificate-authority-data': Buffer.from('PEM-CA').toString('base64') });
    const a = resolveKubeAccess({ mode: 'kubeconfig', path: file });
    expect(a).toMatchObject({ server: 'https://10.0.0.1:6443', token: 'from-file-token', ca: 'PEM-CA', namespace: 'shop' });
  });

  it('honours KUBECONTEXT over current-context', () => {
    const file = writeKubeconfig('https://x', { token: 't' });
    expect(() => resolveKubeAccess({ mode: 'kubeconfig', path: file, context: 'missing' })).toThrow(/no context named "missing"/);
  });

  it('says plainly that exec plugins are not supported', () => {
    const file = writeKubeconfig('https://x', { exec: { command: 'aws', args: ['eks', 'get-token'] } });
    expect(() => resolveKubeAccess({ mode: 'kubeconfig', path: file })).toThrow(/exec plugin/);
  });

  it('requires both halves of a client certificate', () => {
    const file = writeKubeconfig('https://x', { 'client-certificate-data': Buffer.from('C').toString('base64') });
    expect(() => resolveKubeAccess({ mode: 'kubeconfig', path: file })).toThrow(/client-key/);
  });

  it('names KUBECONFIG when the file is missing', () => {
    expect(() => resolveKubeAccess({ mode: 'kubeconfig', path: path.join(dir, 'nope') })).toThrow(/KUBECONFIG/);
  });
});
