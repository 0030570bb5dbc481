// gather_timeline over the four simulated live sources at once (issue 7): configuration from the
// environment, every configured source answering, the result equal (modulo refs and ids) to the same
// evidence given as exports, a failing source reported as its own row while the others still
// answer, and `sources` selecting among the configured ones.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { gatherTimeline } from '../../src/timeline/gather.js';
import { buildLiveSources } from '../../src/timeline/live/index.js';
import { startGrafanaSim } from '../sim/grafana.js';
import { startKubeSim } from '../sim/kubernetes.js';
import type { Sim } from '../sim/live-base.js';
import { startLokiSim } from '../sim/loki.js';
import { startWoodpeckerSim } from '../sim/woodpecker.js';
import { countingHttp } from '../unit/timeline/live/helpers.js';
import { buildIncident, project, writeExports, type Incident } from './timeline-live-incident.js';

const START = '2026-03-05T14:00:00Z';
const END = '2026-03-05T14:20:00Z';

describe('gather_timeline from the simulated live sources', () => {
  let dir: string;
  let incident: Incident;
  let sims: Sim[] = [];
  let config: Config;
  let grafana: Sim;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pm-live-sims-'));
    incident = buildIncident(Date.parse(START), Date.parse(END), 4000);
    const loki = await startLokiSim({ streams: incident.loki, tenant: 'shop', token: 'loki-token' });
    const kube = await startKubeSim({ events: incident.k8s, token: 'kube-token', allowedNamespaces: '*' });
    grafana = await startGrafanaSim({ annotations: incident.annotations, history: incident.history, token: 'glsa_token' });
    const woodpecker = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: incident.pipelines, token: 'wp-token' });
    sims = [loki, kube, grafana, woodpecker];
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: sim
clusters:
  - name: sim
    cluster:
      server: ${kube.url}
contexts:
  - name: sim
    context: {cluster: sim, user: sa, namespace: shop}
users:
  - name: sa
    user:
      token: kube-token
`,
    );
    config = loadConfig(
      {
        LOKI_URL: loki.url,
        LOKI_TOKEN: 'loki-token',
        LOKI_TENANT: 'shop',
        GRAFANA_URL: grafana.url,
        GRAFANA_TOKEN: 'glsa_token',
        WOODPECKER_URL: woodpecker.url,
        WOODPECKER_TOKEN: 'wp-token',
        WOODPECKER_REPO: 'alice/shop',
        KUBECONFIG: kubeconfig,
        POSTMORTEM_INPUT_ROOTS: dir,
      },
      { cwd: dir },
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (sources = buildLiveSources(config, countingHttp().factory)) => ({
    config,
    signal: new AbortController().signal,
    progress: () => {},
    log: silentLogger,
    liveSources: sources,
  });

  it('gathers from every configured source with only start and end, equal to the exports', async () => {
    const live = await gatherTimeline({ start: START, end: END, maxEvents: 500 }, deps());
    const rows = live.structured.sources;
    expect(rows.map((r) => r.system).sort()).toEqual(['grafana', 'kubernetes', 'loki', 'woodpecker']);
    expect(rows.every((r) => r.ok), JSON.stringify(rows)).toBe(true);
    expect(rows.find((r) => r.system === 'loki')!.fetched).toBe(4000);

    const exports = writeExports(incident, dir);
    const exported = await gatherTimeline(
      { start: START, end: END, maxEvents: 500, sources: [], inputs: exports.map((e) => ({ format: e.format as 'loki', path: e.path, label: e.label })) },
      deps([]),
    );
    expect(exported.structured.sources.every((r) => r.ok)).toBe(true);
    expect(project(live.structured.events)).toEqual(project(exported.structured.events));
    expect(Object.keys(live.structured.keyMoments).sort()).toEqual(Object.keys(exported.structured.keyMoments).sort());

    const titles = live.structured.events.map((e) => e.title).join('\n');
    expect(titles).toMatch(/BackOff/);
    expect(titles).toMatch(/Pipeline #89 manual to production success/);
    expect(titles).toMatch(/connection refused/);
    expect(live.text).toMatch(/\| Time \(UTC\) \| Event \|/);
  });

  it('reports a failing source as its own row and still returns the others', async () => {
    grafana.fault({ match: /annotations/, status: 500, text: 'database is locked', times: Infinity });
    try {
      const res = await gatherTimeline({ start: START, end: END }, deps(buildLiveSources(config, { http: countingHttp().factory, maxRetries: 1 })));
      const row = res.structured.sources.find((r) => r.system === 'grafana')!;
      expect(row.ok).toBe(false);
      expect(row.error).toMatch(/grafana/);
      expect(row.error).not.toMatch(/database is locked|glsa_token/);
      expect(res.structured.sources.filter((r) => r.ok).map((r) => r.system).sort()).toEqual(['kubernetes', 'loki', 'woodpecker']);
    } finally {
      grafana.clearFaults();
    }
  });

  it('queries only the sources asked for, and says which variable an unconfigured one needs', async () => {
    const res = await gatherTimeline({ start: START, end: END, sources: ['woodpecker', 'prometheus'] }, deps());
    const rows = res.structured.sources;
    expect(rows.map((r) => r.system).sort()).toEqual(['prometheus', 'woodpecker']);
    expect(rows.find((r) => r.system === 'prometheus')!.error).toMatch(/PROMETHEUS_URL/);
    expect(res.structured.events.every((e) => e.source.system === 'woodpecker')).toBe(true);
  });
});
