// buildLiveSources (issue 7): the configured sources in the contract's order, a selection, the
// injected HTTP factory reaching every source, and a clear failure for a selected unconfigured one.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config.js';
import { buildLiveSources } from '../../../../src/timeline/live/index.js';
import { depsOf, windowOf } from './helpers.js';

const full = loadConfig({
  LOKI_URL: 'http://127.0.0.1:1',
  PROMETHEUS_URL: 'http://127.0.0.1:1',
  ALERTMANAGER_URL: 'http://127.0.0.1:1',
  GRAFANA_URL: 'http://127.0.0.1:1',
  WOODPECKER_URL: 'http://127.0.0.1:1',
  WOODPECKER_TOKEN: 'x',
  WOODPECKER_REPO: 'a/b',
  KUBECONFIG: '/nonexistent/kubeconfig',
});

describe('buildLiveSources', () => {
  it('returns every configured source in the contract order', () => {
    expect(buildLiveSources(full).map((s) => s.system)).toEqual(['kubernetes', 'loki', 'prometheus', 'alertmanager', 'grafana', 'woodpecker']);
    expect(buildLiveSources(loadConfig({ LOKI_URL: 'http://l' })).map((s) => s.system)).toEqual(['loki']);
  });

  it('honours a selection and fails a selected but unconfigured source with the variable to set', async () => {
    const only = buildLiveSources(loadConfig({ LOKI_URL: 'http://l' }), { sources: ['grafana', 'loki'] });
    expect(only.map((s) => s.system)).toEqual(['loki', 'grafana']);
    await expect(only[1]!.fetch(windowOf('2026-03-05T14:00:00Z', '2026-03-05T15:00:00Z'), {}, depsOf())).rejects.toThrow(/GRAFANA_URL/);
  });

  it('passes the HTTP factory to every source', async () => {
    const systems: string[] = [];
    const sources = buildLiveSources(full, (o) => {
      systems.push(o.system);
      throw new Error('no network in this test');
    });
    const w = windowOf('2026-03-05T14:00:00Z', '2026-03-05T15:00:00Z');
    const results = await Promise.allSettled(sources.map((s) => s.fetch(w, {}, depsOf())));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // Kubernetes fails earlier, on the missing kubeconfig, naming KUBECONFIG.
    expect(String((results[0] as PromiseRejectedResult).reason.message)).toMatch(/KUBECONFIG/);
    expect(systems.sort()).toEqual(['alertmanager', 'grafana', 'loki', 'prometheus', 'woodpecker']);
  });
});
