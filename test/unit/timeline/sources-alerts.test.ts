import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../../src/timeline/sources/alertmanager.js';
import { parseGrafana } from '../../../src/timeline/sources/grafana.js';
import { parsePrometheusAlerts } from '../../../src/timeline/sources/prometheus.js';
import { parseWoodpeckerPipelines } from '../../../src/timeline/sources/woodpecker.js';
import { TimelineEventSchema } from '../../../src/timeline/types.js';
import { parseCtx, sample } from './helpers.js';

const prom = sample('prometheus.json');
const am = sample('alertmanager.json');
const grafana = sample('grafana.json');
const wp = sample('woodpecker.json');

describe('parsePrometheusAlerts', () => {
  it('splits ALERTS samples into firing intervals with a derived resolve (recorded example)', () => {
    const events = parsePrometheusAlerts(prom.ILLUSTRATIVE_ALERTS_query_range_response, parseCtx());
    const firing = events.filter((e) => e.category === 'alert_firing');
    expect(firing.map((e) => [e.ts, e.endTs])).toEqual([
      [new Date(1700000900_000).toISOString(), new Date((1700000960 + 30) * 1000).toISOString()],
      [new Date(1700002100_000).toISOString(), new Date((1700002130 + 30) * 1000).toISOString()],
    ]);
    expect(events.filter((e) => e.category === 'alert_resolved')).toHaveLength(2);
    expect(firing[0]!.labels).toMatchObject({ alertname: 'KubePodCrashLooping', namespace: 'shop' });
    expect(firing[0]!.labels!.alertstate).toBeUndefined();
    for (const e of events) expect(TimelineEventSchema.safeParse(e).success).toBe(true);
  });

  it('marks a run reaching the window end as open-ended, without a resolve', () => {
    const json = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'ALERTS', alertname: 'X', alertstate: 'firing' }, values: [[1000, '1'], [1060, '1'], [1120, '1']] }] } };
    const events = parsePrometheusAlerts(json, parseCtx({ start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:19:00Z' }));
    expect(events).toHaveLength(1);
    expect(events[0]!.openEnded).toBe(true);
  });

  it('turns pending series and ALERTS_FOR_STATE into first-symptom candidates', () => {
    const json = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'ALERTS', alertname: 'X', alertstate: 'pending' }, values: [[1000, '1'], [1015, '1']] },
          { metric: { __name__: 'ALERTS_FOR_STATE', alertname: 'X' }, values: [[1000, '990'], [1015, '990']] },
        ],
      },
    };
    const events = parsePrometheusAlerts(json, parseCtx());
    expect(events.map((e) => e.category).sort()).toEqual(['symptom', 'symptom']);
    expect(events.find((e) => e.source.kind === 'alert_state')!.ts).toBe(new Date(990_000).toISOString());
  });

  it('refuses a plain metric query and an instant vector with the JSON path', () => {
    expect(() => parsePrometheusAlerts(prom.query_range_response, parseCtx())).toThrow(/metric.*alertname|ALERTS/);
    expect(() => parsePrometheusAlerts({ status: 'success', data: { resultType: 'vector', result: [] } }, parseCtx({ label: 'p' }))).toThrow(/p \(prometheus\) at \$\.data\.resultType/);
  });
});

describe('parseAlertmanager', () => {
  it('reads a GET /api/v2/alerts list: active alerts stay open (endsAt is an expiry)', () => {
    const [a] = parseAlertmanager(am.A_observed_AMP, parseCtx());
    expect(a).toMatchObject({ id: 'alertmanager:114212a24ca97549@1631798435966000000', ts: '2021-09-16T13:20:35.966Z', category: 'alert_firing', openEnded: true });
    expect(a!.endTs).toBeUndefined();
    const [w] = parseAlertmanager(am.B_observed_demo_prometheus_io_watchdog, parseCtx());
    expect(w!.title).toContain('Ensure entire alerting pipeline is functional');
    expect(w!.source.url).toContain('demo.prometheus.io');
  });

  it('reads webhook archives: one firing event with the resolve time, plus a resolved event', () => {
    const alert = { labels: { alertname: 'A', job: 'api' }, annotations: {}, startsAt: '2024-03-05T14:00:00Z', fingerprint: '0123456789abcdef' };
    const archive = [
      { version: '4', status: 'firing', receiver: 'r', alerts: [{ ...alert, status: 'firing', endsAt: '0001-01-01T00:00:00Z' }] },
      { version: '4', status: 'firing', receiver: 'r', alerts: [{ ...alert, status: 'firing', endsAt: '0001-01-01T00:00:00Z' }] },
      { version: '4', status: 'resolved', receiver: 'r', alerts: [{ ...alert, status: 'resolved', endsAt: '2024-03-05T14:30:00Z' }] },
    ];
    const events = parseAlertmanager(archive, parseCtx());
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ category: 'alert_firing', endTs: '2024-03-05T14:30:00.000Z' });
    expect(events[0]!.openEnded).toBeUndefined();
    expect(events[1]).toMatchObject({ category: 'alert_resolved', ts: '2024-03-05T14:30:00.000Z' });
  });

  it('names the input and path for a wrong shape', () => {
    expect(() => parseAlertmanager({ foo: 1 }, parseCtx({ label: 'am' }))).toThrow(/am \(alertmanager\) at \$/);
  });
});

describe('parseGrafana', () => {
  it('reads annotations (recorded example), ms epoch times and regions', () => {
    const events = parseGrafana(grafana.annotations_response, parseCtx());
    expect(events.map((e) => e.id).sort()).toEqual(['grafana:annotation:1123', 'grafana:annotation:1124']);
    expect(events.find((e) => e.id === 'grafana:annotation:1124')!.ts).toBe(new Date(1507266395000).toISOString());
  });

  it('reads the state-history data frame as alert transitions with labels', () => {
    const [e] = parseGrafana(grafana.state_history_response_shape, parseCtx());
    expect(e).toMatchObject({ ts: new Date(1700000900000).toISOString(), category: 'alert_firing', source: { kind: 'alert_state' } });
    expect(e!.labels).toMatchObject({ alertname: 'High CPU', instance: 'node1' });
  });

  it('classifies deploy and rollback annotations by tags and text', () => {
    const events = parseGrafana(
      [
        { id: 1, time: 1000, text: 'deploy v2', tags: ['deploy'] },
        { id: 2, time: 2000, text: 'rolled back v2', tags: [] },
        { id: 3, time: 3000, text: 'x', tags: [], newState: 'alerting', alertId: 4, prevState: 'ok', alertName: 'Latency' },
      ],
      parseCtx(),
    );
    expect(events.map((e) => e.category)).toEqual(['deploy', 'rollback', 'alert_firing']);
  });
});

describe('parseWoodpeckerPipelines', () => {
  it('reads epoch seconds, skips 0 = unset, and refuses the Drone-era docs sample', () => {
    const [p] = parseWoodpeckerPipelines(wp.ILLUSTRATIVE_current, parseCtx({ label: 'alice/shop' }));
    expect(p).toMatchObject({ id: 'woodpecker:alice/shop#88', ts: new Date(1709647005000).toISOString(), endTs: new Date(1709647240000).toISOString(), category: 'deploy', source: { ref: 'alice/shop#88' } });
    expect(p!.phaseHints).toContain('mitigation');
    const ctx = parseCtx();
    expect(parseWoodpeckerPipelines([{ number: 1, created: 0, started: 0, finished: 0 }], ctx)).toEqual([]);
    expect(ctx.warnings.join()).toMatch(/0 = unset/);
    expect(() => parseWoodpeckerPipelines([wp.docs_extension_sample], parseCtx())).toThrow(/created_at.*outdated/);
  });

  it('marks reverts as rollbacks and failures as warnings', () => {
    const events = parseWoodpeckerPipelines(
      [
        { number: 5, event: 'push', status: 'failure', created: 100, started: 101, finished: 150, message: 'feat' },
        { number: 6, event: 'push', status: 'success', created: 200, started: 201, finished: 250, message: 'Revert "feat"' },
      ],
      parseCtx({ label: 'r' }),
    );
    expect(events.map((e) => [e.category, e.severity])).toEqual([
      ['deploy', 'warning'],
      ['rollback', 'info'],
    ]);
  });
});

describe('Prometheus /api/v1/alerts', () => {
  it('reads activeAt with ns and offset as the pending start', () => {
    const json = { status: 'success', data: { alerts: [{ labels: { alertname: 'HighLatency', job: 'api' }, annotations: { summary: 'p99 high' }, state: 'firing', activeAt: '2018-07-04T20:27:12.60602144+02:00', value: '1e+00' }] } };
    const [e] = parsePrometheusAlerts(json, parseCtx());
    expect(e).toMatchObject({ tsNs: '1530728832606021440', category: 'symptom', openEnded: true });
    expect(e!.title).toContain('p99 high');
  });
});
