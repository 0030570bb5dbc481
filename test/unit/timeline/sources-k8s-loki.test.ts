import { describe, expect, it } from 'vitest';
import { parseKubectlEvents } from '../../../src/timeline/sources/kubernetes.js';
import { parseLokiResponse } from '../../../src/timeline/sources/loki.js';
import { parseCtx, sample } from './helpers.js';

const k8s = sample('kubernetes-events.json');
const loki = sample('loki.json');

describe('parseKubectlEvents', () => {
  it('core/v1 fixture: eventTime first, series.lastObservedTime last, series count', () => {
    const [e] = parseKubectlEvents(k8s['1_core_v1_Event_fixture'].payload, parseCtx());
    // eventTime 2010 is the first; series.lastObservedTime 2002 is earlier, so the span is ordered.
    expect(e).toMatchObject({ id: 'kubernetes:uidValue', count: 1, precision: 'us' });
    expect(e!.ts).toBe('2002-01-01T01:01:01.000Z');
    expect(e!.lastSeen).toBe('2010-01-01T01:01:01.000Z');
    expect(e!.entity).toMatchObject({ namespace: 'namespaceValue', kind: 'kindValue', name: 'nameValue', node: 'hostValue' });
  });

  it('events.k8s.io/v1 fixture: regarding, note, reportingController', () => {
    const [e] = parseKubectlEvents(k8s['2_events_k8s_io_v1_Event_fixture'].payload, parseCtx());
    expect(e!.title).toContain('noteValue');
    expect(e!.actor).toBe('reportingControllerValue');
    expect(e!.ts).toBe('2002-01-01T01:01:01.000Z');
    expect(e!.tsNs).toBe('1009846861000002000');
  });

  it('new-style event read through core/v1: null first/last timestamps, time from eventTime', () => {
    const [e] = parseKubectlEvents(k8s['3_new_style_scheduler_event_as_core_v1'].payload, parseCtx());
    expect(e).toMatchObject({ ts: '2020-05-07T02:21:16.311Z', tsNs: '1588818076311067000', count: 3, category: 'k8s_normal', severity: 'info', actor: 'default-scheduler' });
  });

  it('old-style event with only lastTimestamp; empty reportingComponent falls back to source.component', () => {
    const [e] = parseKubectlEvents(k8s['4_old_style_event_with_only_lastTimestamp'].payload, parseCtx());
    expect(e).toMatchObject({ ts: '2023-10-13T00:04:03.000Z', id: 'kubernetes:14b78a28-b16b-41f2-8acf-657082d4e10c', actor: 'rabbitmq-0/rabbitmq_peer_discovery' });
  });

  it('dedups by uid keeping the highest count, and folds repeats on the same object', () => {
    const base = {
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'api-1', fieldPath: 'spec.containers{api}' },
      reason: 'BackOff',
      type: 'Warning',
      message: 'Back-off restarting failed container api',
    };
    const list = {
      kind: 'List',
      items: [
        { ...base, metadata: { uid: 'u1', resourceVersion: '5' }, firstTimestamp: '2024-03-05T14:00:00Z', lastTimestamp: '2024-03-05T14:05:00Z', count: 4 },
        { ...base, metadata: { uid: 'u1', resourceVersion: '9' }, firstTimestamp: '2024-03-05T14:00:00Z', lastTimestamp: '2024-03-05T14:09:00Z', count: 9 },
        { ...base, metadata: { uid: 'u2', resourceVersion: '1' }, firstTimestamp: '2024-03-05T14:20:00Z', lastTimestamp: '2024-03-05T14:21:00Z', count: 2 },
      ],
    };
    const events = parseKubectlEvents(list, parseCtx());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 11, ts: '2024-03-05T14:00:00.000Z', lastSeen: '2024-03-05T14:21:00.000Z', category: 'k8s_warning', severity: 'warning' });
    expect(events[0]!.entity!.container).toBe('api');
  });

  it('skips events without any timestamp with a warning and names the path of a wrong shape', () => {
    const ctx = parseCtx();
    expect(parseKubectlEvents({ kind: 'List', items: [{ metadata: { uid: 'x' }, reason: 'R' }] }, ctx)).toEqual([]);
    expect(ctx.warnings.join()).toMatch(/without any timestamp/);
    expect(() => parseKubectlEvents({ kind: 'List', apiVersion: 'v1' }, parseCtx({ label: 'ev' }))).toThrow(/ev \(kubectl-events\) at \$\.items/);
  });
});

describe('parseLokiResponse', () => {
  it('sends stream values to the grouper as ns BigInt with the stream selector as ref', () => {
    const ctx = parseCtx();
    expect(parseLokiResponse(loki.query_range_streams_response, ctx)).toEqual([]);
    expect(ctx.lines.map((l) => [l.tsNs, l.line, l.level, l.service])).toEqual([
      [1569266497240578000n, 'foo', 'info', 'varlogs'],
      [1569266492548155000n, 'bar', 'info', 'varlogs'],
    ]);
    expect(ctx.lines[0]!.ref).toBe('{filename="/var/log/myproject.log", job="varlogs", level="info"}');
  });

  it('refuses a metric (matrix) response with an actionable message', () => {
    expect(() => parseLokiResponse(loki.query_range_matrix_response, parseCtx({ label: 'l' }))).toThrow(/l \(loki\) at \$\.data\.resultType: .*matrix.*log query/);
  });

  it('turns a /patterns response into pattern events with bucket precision', () => {
    const events = parseLokiResponse(loki.patterns_response, parseCtx());
    expect(events).toHaveLength(2);
    const err = events.find((e) => e.severity === 'error')!;
    expect(err).toMatchObject({ count: 4, precision: 'bucket', ts: new Date(1711839260_000).toISOString(), lastSeen: new Date(1711839290_000).toISOString() });
    expect(err.pattern!.template).toContain('<*>');
  });

  it('reads push bodies with structured metadata and Grafana state history streams', () => {
    const ctx = parseCtx();
    parseLokiResponse({ streams: [{ stream: { app: 'a' }, values: [['1000000000', 'level=error boom', { detected_level: 'error' }]] }] }, ctx);
    expect(ctx.lines[0]).toMatchObject({ tsNs: 1000000000n, level: 'error', service: 'a' });
    const history = {
      status: 'success',
      data: { resultType: 'streams', result: [{ stream: { from: 'state-history', group: 'g' }, values: [['1700000900000000000', JSON.stringify({ previous: 'Normal', current: 'Alerting', ruleTitle: 'High CPU', ruleUID: 'u', labels: { alertname: 'High CPU' } })]] }] },
    };
    const [ev] = parseLokiResponse(history, parseCtx());
    expect(ev).toMatchObject({ category: 'alert_firing', source: { system: 'grafana', kind: 'alert_state' } });
  });

  it('skips malformed values with a warning naming the first bad path', () => {
    const ctx = parseCtx();
    parseLokiResponse({ status: 'success', data: { resultType: 'streams', result: [{ stream: {}, values: [['x', 'a'], ['5', 'b']] }] } }, ctx);
    expect(ctx.lines).toHaveLength(1);
    expect(ctx.warnings.join()).toMatch(/\$\.data\.result\[0\]\.values\[0\]/);
  });
});
