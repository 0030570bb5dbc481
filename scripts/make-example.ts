/**
 * Writes the bundled sample incident under examples/sample-incident/: exports from several
 * sources telling one consistent story (a config change in catalog-api v2.14.0 removed the
 * database pool limit; PostgreSQL ran out of connections; rollback fixed it). Deterministic, so
 * the committed files can be regenerated: `npx tsx scripts/make-example.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/sample-incident');
mkdirSync(out, { recursive: true });

let seed = 20261118;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

const day = '2026-11-18';
const at = (hms: string) => Date.parse(`${day}T${hms}Z`);
const sec = (ms: number) => Math.floor(ms / 1000);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

// --- Loki: catalog-api and postgres streams, 13:30-15:10 -------------------------------------
const paths = ['/api/products', '/api/products/42', '/api/categories', '/api/cart', '/api/search?q=lamp'];
const api: Array<[string, string]> = [];
const pg: Array<[string, string]> = [];
const ns = (ms: number) => `${BigInt(ms) * 1_000_000n + BigInt(Math.floor(rand() * 999_999))}`;
for (let t = at('13:30:00'); t < at('15:10:00'); t += 4000 + Math.floor(rand() * 3000)) {
  const broken = t >= at('14:04:50') && t < at('14:41:40');
  const p = pick(paths);
  const id = hex(12);
  if (broken && rand() < 0.8) {
    api.push([ns(t), `level=error ts=${iso(t)} msg="query failed" path=${p} req_id=${id} err="pq: sorry, too many clients already"`]);
    api.push([ns(t + 3), `level=error ts=${iso(t + 3)} msg="request failed" status=500 path=${p} req_id=${id} duration=${(2 + rand() * 3).toFixed(2)}s`]);
    if (rand() < 0.3) pg.push([ns(t + 1), `FATAL:  sorry, too many clients already`]);
  } else {
    api.push([ns(t), `level=info ts=${iso(t)} msg="request served" status=200 path=${p} req_id=${id} duration=${Math.floor(5 + rand() * 40)}ms`]);
  }
  if (!broken && rand() < 0.05) pg.push([ns(t + 2), `LOG:  checkpoint complete: wrote ${Math.floor(rand() * 900)} buffers (${(rand() * 5).toFixed(1)}%)`]);
}
api.push([ns(at('14:04:41')), `level=info ts=${iso(at('14:04:41'))} msg="starting catalog-api" version=v2.14.0 db_pool_max=0`]);
api.push([ns(at('14:40:31')), `level=info ts=${iso(at('14:40:31'))} msg="starting catalog-api" version=v2.13.2 db_pool_max=20`]);
pg.push([ns(at('14:19:30')), 'LOG:  connection stats: 100 of 100 connections in use (98 from catalog-api)']);
const byTime = (a: [string, string], b: [string, string]) => (BigInt(a[0]) < BigInt(b[0]) ? 1 : -1); // Loki default: backward
writeFileSync(
  path.join(out, 'loki-catalog.json'),
  `${JSON.stringify(
    {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [
          { stream: { namespace: 'shop', app: 'catalog-api', container: 'api' }, values: api.sort(byTime) },
          { stream: { namespace: 'shop', app: 'postgres', container: 'postgres' }, values: pg.sort(byTime) },
        ],
        stats: {},
      },
    },
    null,
    1,
  )}\n`,
);

// --- Kubernetes events (kubectl get events -n shop -o json) ----------------------------------
const event = (o: { reason: string; message: string; type: string; kind: string; name: string; first: string; last?: string; count?: number; component: string }) => ({
  kind: 'Event',
  apiVersion: 'v1',
  metadata: { name: `${o.name}.${hex(16)}`, namespace: 'shop', uid: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, resourceVersion: String(900000 + Math.floor(rand() * 9999)), creationTimestamp: iso(at(o.first)) },
  involvedObject: { kind: o.kind, namespace: 'shop', name: o.name, apiVersion: o.kind === 'Pod' ? 'v1' : 'apps/v1' },
  reason: o.reason,
  message: o.message,
  source: { component: o.component },
  firstTimestamp: iso(at(o.first)),
  lastTimestamp: iso(at(o.last ?? o.first)),
  count: o.count ?? 1,
  type: o.type,
  eventTime: null,
  reportingComponent: '',
  reportingInstance: '',
});
const events = [
  event({ reason: 'ScalingReplicaSet', message: 'Scaled up replica set catalog-api-6f7d8b9c5d to 3', type: 'Normal', kind: 'Deployment', name: 'catalog-api', first: '14:04:35', component: 'deployment-controller' }),
  event({ reason: 'Pulled', message: 'Container image "harbor.home.arpa/library/catalog-api:v2.14.0" already present on machine', type: 'Normal', kind: 'Pod', name: 'catalog-api-6f7d8b9c5d-x2kq9', first: '14:04:38', component: 'kubelet' }),
  event({ reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning', kind: 'Pod', name: 'catalog-api-6f7d8b9c5d-x2kq9', first: '14:06:12', last: '14:40:02', count: 41, component: 'kubelet' }),
  event({ reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning', kind: 'Pod', name: 'catalog-api-6f7d8b9c5d-m8z4t', first: '14:06:20', last: '14:39:58', count: 39, component: 'kubelet' }),
  event({ reason: 'ScalingReplicaSet', message: 'Scaled up replica set catalog-api-5c9f7b6d4f to 3', type: 'Normal', kind: 'Deployment', name: 'catalog-api', first: '14:40:21', component: 'deployment-controller' }),
  event({ reason: 'Killing', message: 'Stopping container api', type: 'Normal', kind: 'Pod', name: 'catalog-api-6f7d8b9c5d-x2kq9', first: '14:41:05', component: 'kubelet' }),
  event({ reason: 'ScalingReplicaSet', message: 'Scaled down replica set catalog-api-6f7d8b9c5d to 0 from 3', type: 'Normal', kind: 'Deployment', name: 'catalog-api', first: '14:41:30', component: 'deployment-controller' }),
];
writeFileSync(path.join(out, 'kubectl-events.json'), `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: events, metadata: { resourceVersion: '' } }, null, 1)}\n`);

// --- Prometheus ALERTS range query (step 15s) ------------------------------------------------
const labels = { alertname: 'CatalogAPIHighErrorRate', namespace: 'shop', service: 'catalog-api', severity: 'critical' };
const series = (state: string, from: string, to: string) => {
  const values: Array<[number, string]> = [];
  for (let t = at(from); t <= at(to); t += 15_000) values.push([t / 1000, '1']);
  return { metric: { __name__: 'ALERTS', ...labels, alertstate: state }, values };
};
writeFileSync(
  path.join(out, 'prometheus-alerts.json'),
  `${JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [series('pending', '14:06:00', '14:07:45'), series('firing', '14:08:00', '14:47:45')] } }, null, 1)}\n`,
);

// --- Alertmanager webhook (the resolved notification carries both ends) ----------------------
const alert = {
  status: 'resolved',
  labels,
  annotations: { summary: 'catalog-api 5xx ratio above 5% for 2 minutes', runbook_url: 'https://wiki.home.arpa/books/runbooks/page/catalog-api' },
  startsAt: '2026-11-18T14:08:00.000Z',
  endsAt: '2026-11-18T14:47:50.000Z',
  generatorURL: 'http://prometheus.home.arpa/graph?g0.expr=catalog_5xx_ratio+%3E+0.05',
  fingerprint: 'b7c1e2f3a4d5c6e7',
};
writeFileSync(
  path.join(out, 'alertmanager-webhook.json'),
  `${JSON.stringify({ version: '4', groupKey: '{}:{alertname="CatalogAPIHighErrorRate"}', truncatedAlerts: 0, status: 'resolved', receiver: 'matrix-incidents', groupLabels: { alertname: labels.alertname }, commonLabels: labels, commonAnnotations: alert.annotations, externalURL: 'http://alertmanager.home.arpa', alerts: [alert] }, null, 1)}\n`,
);

// --- Slack export day file (#incidents) -------------------------------------------------------
const msg = (hms: string, user: string, name: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  user,
  text,
  ts: `${sec(at(hms))}.${String(Math.floor(rand() * 999_999)).padStart(6, '0')}`,
  user_profile: { real_name: name, display_name: name.toLowerCase().split(' ')[0] },
  ...extra,
});
writeFileSync(
  path.join(out, 'slack-incidents-2026-11-18.json'),
  `${JSON.stringify(
    [
      { type: 'message', subtype: 'bot_message', bot_id: 'B07ALERT', username: 'Alertmanager', text: '[FIRING:1] CatalogAPIHighErrorRate shop/catalog-api: catalog-api 5xx ratio above 5% for 2 minutes', ts: `${sec(at('14:08:09'))}.000400` },
      msg('14:11:40', 'U02JONAS', 'Jonas Weber', 'ack, looking at catalog-api'),
      msg('14:19:52', 'U02JONAS', 'Jonas Weber', 'postgres is at 100/100 connections, 98 of them from catalog-api pods'),
      msg('14:31:15', 'U03MARIA', 'Maria Santos', 'found it: v2.14.0 renamed db.pool.max to db.pool.maxConnections, our values file still sets the old key, so the pool is unlimited'),
      msg('14:38:02', 'U02JONAS', 'Jonas Weber', 'rolling back catalog-api to v2.13.2'),
      msg('14:51:20', 'U02JONAS', 'Jonas Weber', 'error rate back to baseline for 10 minutes, resolving the incident'),
      { type: 'message', subtype: 'bot_message', bot_id: 'B07ALERT', username: 'Alertmanager', text: '[RESOLVED] CatalogAPIHighErrorRate shop/catalog-api', ts: `${sec(at('14:48:06'))}.000900` },
    ],
    null,
    1,
  )}\n`,
);

// --- A pasted family chat in local time (Europe/Berlin, UTC+1 in November) ---------------------
writeFileSync(
  path.join(out, 'family-chat.txt'),
  ['[15:07] erik: the shop page shows "something went wrong" when I open a product', '[15:09] erik: still broken, tried two browsers', '[15:46] erik: works again, thanks!', ''].join('\n'),
);

// --- Woodpecker pipelines (deploy and rollback) -----------------------------------------------
const pipeline = (number: number, event: string, message: string, started: string, finished: string, author: string, commit: string) => ({
  id: 5000 + number,
  number,
  author,
  parent: 0,
  event,
  status: 'success',
  errors: null,
  created: sec(at(started)) - 4,
  updated: sec(at(finished)),
  started: sec(at(started)),
  finished: sec(at(finished)),
  deploy_to: 'production',
  deploy_task: '',
  commit,
  branch: 'main',
  ref: 'refs/heads/main',
  forge_url: `https://git.home.arpa/homelab/shop/commit/${commit.slice(0, 8)}`,
  message,
  timestamp: sec(at(started)) - 300,
  sender: author,
});
writeFileSync(
  path.join(out, 'woodpecker-pipelines.json'),
  `${JSON.stringify(
    [
      pipeline(88, 'manual', 'rollback catalog-api to v2.13.2\n', '14:38:30', '14:40:12', 'jonas', hex(40)),
      pipeline(87, 'deployment', 'deploy catalog-api v2.14.0\n', '14:02:10', '14:04:30', 'maria', hex(40)),
    ],
    null,
    1,
  )}\n`,
);
process.stderr.write(`wrote ${out} (${api.length} catalog-api lines, ${pg.length} postgres lines)\n`);
