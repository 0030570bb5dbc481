// One incident gathered from all six live sources at once (issue 7): Loki, Kubernetes, Grafana and
// Woodpecker simulators plus a real Prometheus and Alertmanager whose rule fires during the test.
// The live result must equal (modulo refs and ids) the same evidence given as exports, including
// the Prometheus and Alertmanager answers saved from their APIs. Skipped only without the binaries.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { gatherTimeline, type GatherResult } from '../../src/timeline/gather.js';
import { buildLiveSources } from '../../src/timeline/live/index.js';
import { alertStepSeconds } from '../../src/timeline/live/prometheus.js';
import { startGrafanaSim } from '../sim/grafana.js';
import { startKubeSim } from '../sim/kubernetes.js';
import type { Sim } from '../sim/live-base.js';
import { startLokiSim } from '../sim/loki.js';
import { startWoodpeckerSim } from '../sim/woodpecker.js';
import { findPromBinaries, promInstant, startPromStack, type PromStack } from '../support/prometheus.js';
import { buildIncident, project, writeExports } from './timeline-live-incident.js';

const binaries = findPromBinaries();
const missing = 'missing' in binaries ? binaries.missing : undefined;
if (missing) process.stderr.write(`${missing}\n`);

describe.skipIf(missing !== undefined)('gather_timeline from all six live sources', () => {
  let dir: string;
  let stack: PromStack | undefined;
  let sims: Sim[] = [];
  let config: Config;
  let start: string;
  let end: string;
  let live: GatherResult;
  let exported: GatherResult;

  beforeAll(async () => {
    if ('missing' in binaries) return;
    dir = mkdtempSync(path.join(tmpdir(), 'pm-live-e2e-'));
    stack = await startPromStack({ binaries });
    stack.setGauge('incident_errors', 0, { service: 'api' });
    await stack.waitFor('the first scrape', async () => ((await promInstant(stack!.prometheusUrl, 'incident_errors')).length > 0 ? true : undefined), 90_000);
    stack.setGauge('incident_errors', 5, { service: 'api' });
    await stack.waitFor('ALERTS firing', async () => ((await promInstant(stack!.prometheusUrl, 'ALERTS{alertstate="firing"}')).length > 0 ? true : undefined), 90_000);
    await stack.waitFor('the alert in Alertmanager', async () => {
      const body = (await (await fetch(`${stack!.alertmanagerUrl}/api/v2/alerts`)).json()) as unknown[];
      return body.length > 0 ? true : undefined;
    }, 90_000);
    // The window ends just after a full range-query step of firing, and lies in the past so both
    // gathers see the same Prometheus data.
    await new Promise((r) => setTimeout(r, 16_000));
    const endMs = Date.now() - 500;
    const startMs = endMs - 20 * 60_000;
    start = new Date(startMs).toISOString();
    end = new Date(endMs).toISOString();

    const incident = buildIncident(startMs, endMs, 3000, 7);
    const loki = await startLokiSim({ streams: incident.loki });
    const kube = await startKubeSim({ events: incident.k8s, token: 'kube-token', allowedNamespaces: '*' });
    const grafana = await startGrafanaSim({ annotations: incident.annotations, history: incident.history, token: 'glsa_token' });
    const woodpecker = await startWoodpeckerSim({ repo: { id: 17, owner: 'alice', name: 'shop' }, pipelines: incident.pipelines, token: 'wp-token' });
    sims = [loki, kube, grafana, woodpecker];
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify({ 'current-context': 'sim', clusters: [{ name: 'sim', cluster: { server: kube.url } }], contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'sa', namespace: 'shop' } }], users: [{ name: 'sa', user: { token: 'kube-token' } }] }));
    config = loadConfig(
      {
        LOKI_URL: loki.url,
        PROMETHEUS_URL: stack.prometheusUrl,
        ALERTMANAGER_URL: stack.alertmanagerUrl,
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
    const deps = { config, signal: new AbortController().signal, progress: () => {}, log: silentLogger, liveSources: buildLiveSources(config) };
    live = await gatherTimeline({ start, end, maxEvents: 500 }, deps);

    // The exports an author would save: the same API answers, written to files.
    const files = writeExports(incident, dir);
    const step = alertStepSeconds({ startNs: BigInt(startMs) * 1_000_000n, endNs: BigInt(endMs) * 1_000_000n });
    const endS = endMs / 1000 - 0.001;
    const gridStart = endS - Math.ceil((endS - startMs / 1000) / step) * step;
    for (const q of ['ALERTS', 'ALERTS_FOR_STATE']) {
      const url = `${stack.prometheusUrl}/api/v1/query_range?query=${q}&start=${gridStart.toFixed(3)}&end=${endS.toFixed(3)}&step=${step}s`;
      const body = (await (await fetch(url)).json()) as Record<string, unknown>;
      const file = path.join(dir, `${q}.json`);
      writeFileSync(file, JSON.stringify({ ...body, _request: `GET /api/v1/query_range?query=${q}&step=${step}s` }));
      files.push({ format: 'prometheus', path: file, label: q });
    }
    const am = await (await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`)).json();
    writeFileSync(path.join(dir, 'am.json'), JSON.stringify(am));
    files.push({ format: 'alertmanager', path: path.join(dir, 'am.json'), label: 'alertmanager' });
    exported = await gatherTimeline(
      { start, end, maxEvents: 500, sources: [], inputs: files.map((f) => ({ format: f.format as 'loki', path: f.path, label: f.label })) },
      { ...deps, liveSources: [] },
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every one of the six configured sources answers', () => {
    const rows = live.structured.sources;
    expect(rows.map((r) => r.system).sort()).toEqual(['alertmanager', 'grafana', 'kubernetes', 'loki', 'prometheus', 'woodpecker']);
    expect(rows.filter((r) => !r.ok), JSON.stringify(rows)).toEqual([]);
  });

  it('the live timeline equals the one built from the same evidence as exports', () => {
    expect(exported.structured.sources.every((r) => r.ok), JSON.stringify(exported.structured.sources)).toBe(true);
    expect(project(live.structured.events)).toEqual(project(exported.structured.events));
    expect(live.structured.keyMoments.detection?.ts).toBe(exported.structured.keyMoments.detection?.ts);
  });

  it('the real alert is one event, corroborated by the other alerting system', () => {
    const alerts = live.structured.events.filter((e) => e.category === 'alert_firing' && e.labels?.alertname === 'ApiErrorRateHigh');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.corroboratedBy?.length).toBeGreaterThanOrEqual(1);
    const systems = new Set([alerts[0]!.source.system, ...(alerts[0]!.corroboratedBy ?? []).map((id) => id.split(':')[0])]);
    expect([...systems].sort()).toEqual(['alertmanager', 'prometheus']);
  });

  it('the text block carries rows from the simulated sources and the real alert', () => {
    expect(live.text).toMatch(/ApiErrorRateHigh/);
    expect(live.text).toMatch(/woodpecker/);
    expect(live.text).toMatch(/connection refused/);
  });
});
