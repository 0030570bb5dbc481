// A seeded incident spread over the four simulated live sources (Loki, Kubernetes, Grafana,
// Woodpecker), with the same evidence also rendered as the exports an author would save, so a test
// can gather it both ways and compare. Times are relative to the window the caller chooses.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CoreEvent } from '../sim/kubernetes.js';
import type { GrafanaAnnotation, StateHistoryEntry } from '../sim/grafana.js';
import type { LokiStream } from '../sim/loki.js';
import type { WoodpeckerPipeline } from '../sim/woodpecker.js';
import type { TimelineEvent } from '../../src/timeline/types.js';

export interface Incident {
  startMs: number;
  endMs: number;
  loki: LokiStream[];
  k8s: CoreEvent[];
  annotations: GrafanaAnnotation[];
  history: StateHistoryEntry[];
  pipelines: WoodpeckerPipeline[];
}

function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

/** `lines` Loki lines over the window: steady traffic plus an error burst from minute 5 to 12 of 20. */
export function buildIncident(startMs: number, endMs: number, lines: number, seed = 42): Incident {
  const r = rng(seed);
  const span = endMs - startMs;
  const at = (fraction: number) => Math.round(startMs + span * fraction);
  const api: LokiStream = { stream: { namespace: 'shop', app: 'api', pod: 'api-7d9f8-x2k4q', level: 'info' }, values: [] };
  const apiErr: LokiStream = { stream: { namespace: 'shop', app: 'api', pod: 'api-7d9f8-x2k4q', level: 'error' }, values: [] };
  const db: LokiStream = { stream: { namespace: 'shop', app: 'db', pod: 'db-0', level: 'warn' }, values: [] };
  const startNs = BigInt(startMs) * 1_000_000n;
  const spanNs = BigInt(span) * 1_000_000n;
  for (let i = 0; i < lines; i++) {
    const f = r();
    const ts = (startNs + BigInt(Math.floor(f * Number(spanNs)))).toString();
    const burst = f > 0.25 && f < 0.6;
    const pick = r();
    if (burst && pick < 0.45) apiErr.values.push([ts, `upstream connect error: connection refused to db-0.db:5432 after ${Math.floor(r() * 900)}ms trace=${Math.floor(r() * 1e9).toString(16)}`]);
    else if (burst && pick < 0.6) db.values.push([ts, `too many connections (${90 + Math.floor(r() * 20)} of max 100) from 10.0.${Math.floor(r() * 9)}.${Math.floor(r() * 250)}`]);
    else api.values.push([ts, `GET /orders/${Math.floor(r() * 99999)} 200 in ${Math.floor(r() * 80)}ms`]);
  }
  const pod = { kind: 'Pod', namespace: 'shop', name: 'api-7d9f8-x2k4q', uid: 'pod-api-1', apiVersion: 'v1', fieldPath: 'spec.containers{api}' };
  const k8s: CoreEvent[] = [
    {
      metadata: { name: 'api-7d9f8-x2k4q.backoff', namespace: 'shop', uid: 'ev-backoff', creationTimestamp: iso(at(0.3)) },
      involvedObject: pod,
      reason: 'BackOff',
      message: 'Back-off restarting failed container api in pod api-7d9f8-x2k4q_shop(pod-api-1)',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: iso(at(0.3)),
      lastTimestamp: iso(at(0.55)),
      count: 14,
      type: 'Warning',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    },
    {
      metadata: { name: 'api-7d9f8-x2k4q.unhealthy', namespace: 'shop', uid: 'ev-unhealthy', creationTimestamp: iso(at(0.27)) },
      involvedObject: pod,
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Warning',
      eventTime: micro(at(0.27)),
      series: { count: 9, lastObservedTime: micro(at(0.5)) },
      action: 'Probe',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-2',
    },
    {
      metadata: { name: 'api.scaling', namespace: 'shop', uid: 'ev-scale', creationTimestamp: iso(at(0.62)) },
      involvedObject: { kind: 'Deployment', namespace: 'shop', name: 'api', uid: 'dep-api', apiVersion: 'apps/v1' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set api-6c5b4 to 3',
      source: { component: 'deployment-controller' },
      firstTimestamp: iso(at(0.62)),
      lastTimestamp: iso(at(0.62)),
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    },
    {
      metadata: { name: 'ingress.sync', namespace: 'edge', uid: 'ev-edge', creationTimestamp: iso(at(0.1)) },
      involvedObject: { kind: 'Ingress', namespace: 'edge', name: 'shop', uid: 'ing-1', apiVersion: 'networking.k8s.io/v1' },
      reason: 'Sync',
      message: 'Scheduled for sync',
      source: { component: 'nginx-ingress-controller' },
      firstTimestamp: iso(at(0.1)),
      lastTimestamp: iso(at(0.1)),
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    },
  ];
  const annotations: GrafanaAnnotation[] = [
    { id: 2201, dashboardUID: 'shop-api', panelId: 4, userId: 3, userName: 'alice', time: at(0.1), timeEnd: at(0.1), text: 'deploy api v2.3.1', tags: ['deploy', 'api'], data: {} },
    { id: 2202, dashboardUID: 'shop-api', panelId: 4, userId: 4, userName: 'bob', time: at(0.61), timeEnd: at(0.66), text: 'rollback api to v2.3.0', tags: ['rollback'], data: {} },
  ];
  const history: StateHistoryEntry[] = [
    { time: at(0.32), line: { schemaVersion: 1, previous: 'Normal', current: 'Alerting', values: { B: 2.4, C: 1 }, condition: 'C', ruleTitle: 'ApiLatencyHigh', ruleID: 7, ruleUID: 'lat1', fingerprint: 'aa11bb22cc33dd44', labels: { alertname: 'ApiLatencyHigh', service: 'api' } }, labels: { from: 'state-history', orgID: '1', group: 'api', folderUID: 'f1' } },
    { time: at(0.7), line: { schemaVersion: 1, previous: 'Alerting', current: 'Normal', values: { B: 0.2, C: 0 }, condition: 'C', ruleTitle: 'ApiLatencyHigh', ruleID: 7, ruleUID: 'lat1', fingerprint: 'aa11bb22cc33dd44', labels: { alertname: 'ApiLatencyHigh', service: 'api' } }, labels: { from: 'state-history', orgID: '1', group: 'api', folderUID: 'f1' } },
  ];
  const s = (ms: number) => Math.floor(ms / 1000);
  const pipelines: WoodpeckerPipeline[] = [
    { id: 412, number: 88, event: 'deployment', status: 'success', created: s(at(0.09)), updated: s(at(0.12)), started: s(at(0.095)), finished: s(at(0.12)), deploy_to: 'production', author: 'alice', message: 'bump api to v2.3.1\n', commit: '2fff90f8d288a4640e90f05049fe30e61a14fd50', branch: 'main', ref: 'refs/heads/main', forge_url: 'https://git.example/alice/shop/commit/2fff90f8' },
    { id: 413, number: 89, event: 'manual', status: 'success', created: s(at(0.6)), updated: s(at(0.63)), started: s(at(0.605)), finished: s(at(0.63)), deploy_to: 'production', author: 'bob', message: 'Revert "bump api to v2.3.1"\n', commit: '3aaa90f8d288a4640e90f05049fe30e61a14fd51', branch: 'main', ref: 'refs/heads/main', forge_url: 'https://git.example/alice/shop/commit/3aaa90f8' },
    { id: 414, number: 90, event: 'push', status: 'failure', created: s(at(0.8)), updated: s(at(0.82)), started: s(at(0.805)), finished: s(at(0.82)), author: 'carol', message: 'fix flaky test\n', commit: '4bbb90f8d288a4640e90f05049fe30e61a14fd52', branch: 'main', ref: 'refs/heads/main' },
  ];
  return { startMs, endMs, loki: [api, apiErr, db].filter((x) => x.values.length > 0), k8s, annotations, history, pipelines };
}

/** The evidence as exported files (what an author saves from each system's API), under `dir`. */
export function writeExports(incident: Incident, dir: string): Array<{ format: string; path: string; label: string }> {
  const files: Array<{ format: string; path: string; label: string; body: unknown }> = [
    { format: 'loki', label: 'loki-export', path: 'loki.json', body: { status: 'success', data: { resultType: 'streams', result: incident.loki, stats: {} } } },
    { format: 'kubectl-events', label: 'k8s-export', path: 'events.json', body: { apiVersion: 'v1', kind: 'List', items: incident.k8s, metadata: { resourceVersion: '' } } },
    { format: 'grafana-annotations', label: 'grafana-annotations', path: 'annotations.json', body: incident.annotations },
    {
      format: 'grafana-annotations',
      label: 'grafana-history',
      path: 'history.json',
      body: {
        schema: { name: 'states', fields: [{ name: 'time', type: 'time' }, { name: 'line', type: 'other' }, { name: 'labels', type: 'other' }] },
        data: { values: [incident.history.map((h) => h.time), incident.history.map((h) => h.line), incident.history.map((h) => h.labels)] },
      },
    },
    { format: 'woodpecker', label: 'alice/shop', path: 'pipelines.json', body: incident.pipelines },
  ];
  return files.map((f) => {
    const full = path.join(dir, f.path);
    writeFileSync(full, JSON.stringify(f.body));
    return { format: f.format, path: full, label: f.label };
  });
}

/** What two timelines of the same evidence must share: everything but refs, ids and corroborating ids. */
export function project(events: TimelineEvent[]): string[] {
  return events
    .map((e) =>
      JSON.stringify({
        ts: e.ts,
        endTs: e.endTs,
        system: e.source.system,
        kind: e.source.kind,
        category: e.category,
        severity: e.severity,
        title: e.title,
        count: e.count,
        lastSeen: e.lastSeen,
        template: e.pattern?.template,
        phaseHints: e.phaseHints,
        corroborated: e.corroboratedBy?.length ?? 0,
      }),
    )
    .sort();
}
