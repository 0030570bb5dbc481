// Real Prometheus and Alertmanager (issue 7): the harness starts both from the Debian packages on
// loopback ports with a rule that fires within seconds; the live prometheus and alertmanager sources
// must return the alert, a silence created during the incident, and, merged, one event corroborated
// by the other system. Skipped only when the binaries are missing (CI installs them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlateAlerts } from '../../src/timeline/merge.js';
import { createAlertmanagerSource } from '../../src/timeline/live/alertmanager.js';
import { createPrometheusSource } from '../../src/timeline/live/prometheus.js';
import type { LiveSourceResult, TimeWindow } from '../../src/timeline/types.js';
import { findPromBinaries, promInstant, startPromStack, type PromStack } from '../support/prometheus.js';
import { depsOf } from '../unit/timeline/live/helpers.js';

const binaries = findPromBinaries();
const missing = 'missing' in binaries ? binaries.missing : undefined;
if (missing) process.stderr.write(`${missing}\n`);

function windowFrom(startMs: number, endMs: number): TimeWindow {
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), startNs: BigInt(startMs) * 1_000_000n, endNs: BigInt(endMs) * 1_000_000n };
}

describe.skipIf(missing !== undefined)('live prometheus + alertmanager against the real servers', () => {
  let stack: PromStack;
  let window: TimeWindow;
  let prom: LiveSourceResult;
  let am: LiveSourceResult;
  let firingAt = 0;

  beforeAll(async () => {
    if ('missing' in binaries) return;
    stack = await startPromStack({ binaries });
    const t0 = Date.now() - 60_000;
    stack.setGauge('incident_errors', 0, { service: 'api' });
    await stack.waitFor('the first scrape', async () => ((await promInstant(stack.prometheusUrl, 'incident_errors')).length > 0 ? true : undefined), 90_000);
    stack.setGauge('incident_errors', 3, { service: 'api' });
    await stack.waitFor('ALERTS firing in Prometheus', async () => ((await promInstant(stack.prometheusUrl, 'ALERTS{alertstate="firing"}')).length > 0 ? true : undefined), 90_000);
    firingAt = Date.now();
    await stack.waitFor('the alert in Alertmanager', async () => {
      const res = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`);
      const body = (await res.json()) as unknown[];
      return body.length > 0 ? true : undefined;
    }, 90_000);
    await stack.waitFor('the webhook', () => (stack.webhooks.some((w) => w.status === 'firing') ? true : undefined), 90_000);
    const now = new Date();
    const silence = await fetch(`${stack.alertmanagerUrl}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'ApiErrorsSustained', isRegex: false, isEqual: true }],
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        createdBy: 'alice',
        comment: 'known, fix rolling out',
      }),
    });
    expect(silence.ok).toBe(true);
    // Let a few more evaluations land so the firing run spans several range-query steps.
    await new Promise((r) => setTimeout(r, 3_000));
    window = windowFrom(t0, Date.now() + 1_000);
    prom = await createPrometheusSource({ url: stack.prometheusUrl }).fetch(window, {}, depsOf());
    am = await createAlertmanagerSource({ url: stack.alertmanagerUrl }).fetch(window, {}, depsOf());
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('prometheus returns the firing alert as an open interval and the pending one', () => {
    const firing = prom.events.find((e) => e.category === 'alert_firing' && e.labels?.alertname === 'ApiErrorRateHigh');
    expect(firing, JSON.stringify(prom.events.map((e) => e.title))).toBeDefined();
    expect(firing!.openEnded).toBe(true);
    expect(firing!.labels?.service).toBe('api');
    expect(firing!.source.ref).toMatch(/^ALERTS\{alertname="ApiErrorRateHigh"/);
    const pending = prom.events.find((e) => e.labels?.alertname === 'ApiErrorsSustained');
    expect(pending?.category).toBe('symptom');
    expect(prom.note).toMatch(/15s step/);
  });

  it('alertmanager returns the active alert with its annotations, and the silence as an event', () => {
    const alert = am.events.find((e) => e.category === 'alert_firing' && e.labels?.alertname === 'ApiErrorRateHigh');
    expect(alert).toBeDefined();
    expect(alert!.title).toMatch(/API error rate is high/);
    expect(alert!.source.url).toMatch(/graph\?g0\.expr=/);
    const silence = am.events.find((e) => e.source.ref.startsWith('alertmanager silence'));
    expect(silence?.actor).toBe('alice');
    expect(silence?.title).toMatch(/alertname="ApiErrorsSustained".*known, fix rolling out/);
    expect(am.note).toMatch(/drops resolved/);
  });

  it('the same alert from both systems merges into one event corroborated by the other', () => {
    const { events } = correlateAlerts([...prom.events, ...am.events]);
    const firing = events.filter((e) => e.category === 'alert_firing' && e.labels?.alertname === 'ApiErrorRateHigh');
    expect(firing).toHaveLength(1);
    const other = firing[0]!.source.system === 'alertmanager' ? 'prometheus:' : 'alertmanager:';
    expect(firing[0]!.corroboratedBy?.some((id) => id.startsWith(other))).toBe(true);
  });

  it('the alert resolves in Prometheus once the gauge drops, and the webhook says resolved', async () => {
    // A run shorter than the 15 s step can fall between evaluation points: keep it firing for a few steps.
    const more = firingAt + 40_000 - Date.now();
    if (more > 0) await new Promise((r) => setTimeout(r, more));
    stack.setGauge('incident_errors', 0, { service: 'api' });
    await stack.waitFor('the resolved webhook', () => (stack.webhooks.some((w) => w.status === 'resolved') ? true : undefined), 90_000);
    // An interval counts as open while its last sample is within two 15 s steps of the window end.
    await new Promise((r) => setTimeout(r, 32_000));
    const w = windowFrom(Number(window.startNs / 1_000_000n), Date.now());
    const again = await createPrometheusSource({ url: stack.prometheusUrl }).fetch(w, { alertnames: ['ApiErrorRateHigh'] }, depsOf());
    const firing = again.events.find((e) => e.category === 'alert_firing');
    expect(firing).toBeDefined();
    expect(again.events.every((e) => e.labels?.alertname === 'ApiErrorRateHigh')).toBe(true);
    const resolved = again.events.find((e) => e.category === 'alert_resolved');
    expect(resolved, JSON.stringify(again.events.map((e) => [e.title, e.ts, e.endTs]))).toBeDefined();
  }, 200_000);
});
