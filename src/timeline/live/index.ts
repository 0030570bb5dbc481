/**
 * The configured live sources, in the contract's order (kubernetes, loki, prometheus, alertmanager,
 * grafana, woodpecker). A source asked for in `input.sources` but not configured is still returned,
 * as one whose fetch fails with the variable to set, so the caller sees a `sources[]` row saying so.
 */
import type { Config } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import { LIVE_SYSTEMS, type LiveSource, type LiveSystem } from '../types.js';
import { createAlertmanagerSource } from './alertmanager.js';
import type { HttpFactory, LiveOptions } from './common.js';
import { createGrafanaSource } from './grafana.js';
import { createKubernetesSource } from './kubernetes.js';
import { createLokiSource } from './loki.js';
import { createPrometheusSource } from './prometheus.js';
import { createWoodpeckerSource } from './woodpecker.js';

export type { HttpFactory, LiveOptions, LokiTuning } from './common.js';
export { alertStepSeconds } from './prometheus.js';
export { buildSelector, selectorOf } from './loki.js';
export { resolveKubeAccess } from './kubernetes.js';

const SETUP: Record<LiveSystem, string> = {
  kubernetes: 'set KUBECONFIG or run in a pod with a service account',
  loki: 'set LOKI_URL (and LOKI_TOKEN / LOKI_TENANT when Loki needs them)',
  prometheus: 'set PROMETHEUS_URL',
  alertmanager: 'set ALERTMANAGER_URL',
  grafana: 'set GRAFANA_URL and GRAFANA_TOKEN',
  woodpecker: 'set WOODPECKER_URL, WOODPECKER_TOKEN and WOODPECKER_REPO',
};

function create(system: LiveSystem, config: Config, options: LiveOptions): LiveSource | undefined {
  switch (system) {
    case 'kubernetes':
      return config.kubernetes ? createKubernetesSource(config.kubernetes, options) : undefined;
    case 'loki':
      return config.loki ? createLokiSource(config.loki, options) : undefined;
    case 'prometheus':
      return config.prometheus ? createPrometheusSource(config.prometheus, options) : undefined;
    case 'alertmanager':
      return config.alertmanager ? createAlertmanagerSource(config.alertmanager, options) : undefined;
    case 'grafana':
      return config.grafana ? createGrafanaSource(config.grafana, options) : undefined;
    case 'woodpecker':
      return config.woodpecker ? createWoodpeckerSource(config.woodpecker, options) : undefined;
  }
}

function notConfigured(system: LiveSystem): LiveSource {
  return {
    system,
    async fetch() {
      throw new UpstreamError(system, `${system} was asked for in sources but is not configured; ${SETUP[system]}, or leave it out of sources.`, { field: 'sources' });
    },
  };
}

export interface BuildLiveOptions extends LiveOptions {
  /** `input.sources`: only these; undefined = every configured source. */
  sources?: readonly string[];
}

/**
 * `buildLiveSources(config)` = every configured source; `buildLiveSources(config, httpFactory)` or
 * `(config, {sources, http, ...})` for a selection or an injected HTTP client.
 */
export function buildLiveSources(config: Config, http?: HttpFactory | BuildLiveOptions): LiveSource[] {
  const options: BuildLiveOptions = typeof http === 'function' ? { http } : (http ?? {});
  const requested = options.sources ? new Set(options.sources) : undefined;
  const out: LiveSource[] = [];
  for (const system of LIVE_SYSTEMS) {
    if (requested && !requested.has(system)) continue;
    const source = create(system, config, options);
    if (source) out.push(source);
    else if (requested) out.push(notConfigured(system));
  }
  return out;
}
