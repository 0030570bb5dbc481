// Starts a real Prometheus and Alertmanager (Debian packages `prometheus`, `prometheus-alertmanager`)
// as child processes on free loopback ports, with a local /metrics target whose gauges the test flips,
// an alerting rule that fires within seconds, and a webhook receiver that records what Alertmanager
// sends. Everything lives in a temp dir and is torn down by `stop()` (and on process exit as a backstop).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PROMETHEUS_CANDIDATES = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'];
const ALERTMANAGER_CANDIDATES = ['/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager', '/usr/bin/alertmanager'];

export interface PromBinaries {
  prometheus: string;
  alertmanager: string;
}

/** The binaries, or a sentence saying what to install (tests use it as the skip reason). */
export function findPromBinaries(): PromBinaries | { missing: string } {
  const fromEnv = (name: string): string | undefined => {
    const value = process.env[name];
    return value && existsSync(value) ? value : undefined;
  };
  const prometheus = fromEnv('PROMETHEUS_BIN') ?? PROMETHEUS_CANDIDATES.find((p) => existsSync(p));
  const alertmanager = fromEnv('ALERTMANAGER_BIN') ?? ALERTMANAGER_CANDIDATES.find((p) => existsSync(p));
  if (prometheus && alertmanager) return { prometheus, alertmanager };
  const missing = [!prometheus && 'prometheus', !alertmanager && 'prometheus-alertmanager'].filter(Boolean).join(' and ');
  return { missing: `real Prometheus/Alertmanager test skipped: install the Debian package(s) ${missing} (apt-get install -y prometheus prometheus-alertmanager) or set PROMETHEUS_BIN / ALERTMANAGER_BIN` };
}

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayload {
  version: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupKey: string;
  alerts: WebhookAlert[];
  [key: string]: unknown;
}

export interface PromStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Set a gauge exposed on the scraped target: `setGauge('incident_errors', 1, {service: 'api'})`. */
  setGauge(name: string, value: number, labels?: Record<string, string>): void;
  readonly webhooks: WebhookPayload[];
  /** Polls until `check` returns a value (not undefined); rejects after `timeoutMs`. */
  waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs?: number): Promise<T>;
  /** Process output, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export interface PromStackOptions {
  binaries: PromBinaries;
  /** Extra rule groups as YAML under `groups:`; default: one rule firing on `incident_errors > 0`. */
  rulesYaml?: string;
}

export const DEFAULT_RULES = `groups:
  - name: incident
    interval: 1s
    rules:
      - alert: ApiErrorRateHigh
        expr: incident_errors > 0
        for: 0s
        labels:
          severity: critical
        annotations:
          summary: API error rate is high
          description: incident_errors is {{ $value }} for {{ $labels.service }}
      - alert: ApiErrorsSustained
        expr: incident_errors > 0
        for: 1h
        labels:
          severity: warning
        annotations:
          summary: API errors for an hour (stays pending in tests)
`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}

/** Starts the stack; a port taken between probing and binding makes a child exit, so try again. */
export async function startPromStack(options: PromStackOptions): Promise<PromStack> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      last = error;
      if (!/exited early/.test(String((error as Error)?.message))) throw error;
    }
  }
  throw last;
}

async function startOnce(options: PromStackOptions): Promise<PromStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-prom-'));
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const output: string[] = [];
  const webhooks: WebhookPayload[] = [];
  const gauges = new Map<string, { name: string; labels: Record<string, string>; value: number }>();
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killAll);
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await Promise.all(servers.map(closeServer));
    rmSync(dir, { recursive: true, force: true });
  };
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  try {
    const metrics = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      const byName = new Map<string, string[]>();
      for (const g of gauges.values()) {
        const lines = byName.get(g.name) ?? [];
        const key = labelKey(g.labels);
        lines.push(`${g.name}${key ? `{${key}}` : ''} ${g.value}`);
        byName.set(g.name, lines);
      }
      let body = '';
      for (const [name, lines] of byName) body += `# TYPE ${name} gauge\n${lines.join('\n')}\n`;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
    });
    servers.push(metrics);
    const metricsPort = await listen(metrics);

    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          webhooks.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload);
        } catch {
          // A malformed webhook is recorded as nothing; the test then times out with the logs.
        }
        res.writeHead(200).end();
      });
    });
    servers.push(hook);
    const hookPort = await listen(hook);

    const amPort = await freePort();
    const promPort = await freePort();

    writeFileSync(
      path.join(dir, 'alertmanager.yml'),
      `route:
  receiver: test-hook
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: test-hook
    webhook_configs:
      - url: http://127.0.0.1:${hookPort}/hook
        send_resolved: true
`,
    );
    writeFileSync(path.join(dir, 'rules.yml'), options.rulesYaml ?? DEFAULT_RULES);
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - ${path.join(dir, 'rules.yml')}
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${amPort}']
scrape_configs:
  - job_name: incident
    static_configs:
      - targets: ['127.0.0.1:${metricsPort}']
`,
    );

    const start = (bin: string, args: string[], name: string): ChildProcess => {
      const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer) => {
        output.push(`[${name}] ${chunk.toString('utf8')}`);
        if (output.length > 400) output.splice(0, output.length - 400);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('error', (err) => output.push(`[${name}] spawn error: ${err.message}`));
      children.push(child);
      return child;
    };

    start(
      options.binaries.alertmanager,
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      'alertmanager',
    );
    start(
      options.binaries.prometheus,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--rules.alert.resend-delay=1s',
        '--log.level=warn',
      ],
      'prometheus',
    );

    const stack: PromStack = {
      prometheusUrl: `http://127.0.0.1:${promPort}`,
      alertmanagerUrl: `http://127.0.0.1:${amPort}`,
      webhooks,
      setGauge(name, value, labels = {}) {
        gauges.set(`${name}{${labelKey(labels)}}`, { name, labels, value });
      },
      async waitFor(what, check, timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const exited = children.find((c) => c.exitCode !== null);
          if (exited) throw new Error(`${what}: a child process exited early (code ${exited.exitCode}).\n${output.join('')}`);
          let value: Awaited<ReturnType<typeof check>>;
          try {
            value = await check();
          } catch {
            value = undefined;
          }
          if (value !== undefined) return value as NonNullable<typeof value>;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}.\n${output.join('')}`);
          await sleep(250);
        }
      },
      logs: () => output.join(''),
      stop,
    };

    const ready = async (url: string) => {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.ok ? true : undefined;
    };
    await stack.waitFor('Alertmanager readiness', () => ready(`${stack.alertmanagerUrl}/-/ready`), 90_000);
    await stack.waitFor('Prometheus readiness', () => ready(`${stack.prometheusUrl}/-/ready`), 90_000);
    await stack.waitFor('Prometheus to discover its Alertmanager', async () => {
      const res = await fetch(`${stack.prometheusUrl}/api/v1/alertmanagers`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { data?: { activeAlertmanagers?: unknown[] } };
      return (body.data?.activeAlertmanagers?.length ?? 0) > 0 ? true : undefined;
    }, 90_000);
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs a PromQL instant query against the harness (for readiness checks in tests). */
export async function promInstant(prometheusUrl: string, query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  return body.data?.result ?? [];
}
