/**
 * Prometheus `ALERTS` / `ALERTS_FOR_STATE` range queries to firing and pending intervals
 * (design/timeline.md §3.3). A series is split where the gap between samples exceeds the step plus
 * one evaluation interval; the interval ends one step after its last sample.
 */
import { alertKey, inputError, isObject, makeEvent, severityFromWord, shortHash, str, stringLabels } from '../event.js';
import { parseRfc3339, secondsToNs } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';

export interface PrometheusOptions {
  /** Query step in seconds; inferred from the samples when absent. */
  stepSeconds?: number;
}

function describe(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => !['alertname', 'alertstate', '__name__', 'severity'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .slice(0, 4)
    .join(', ');
}

function stepFromRequest(json: Record<string, unknown>): number | undefined {
  const req = str(json._request);
  const m = req ? /[?&]step=(\d+(?:\.\d+)?)(ms|s|m|h)?/.exec(req) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
}

/** `GET /api/v1/alerts`: alerts active now, with `activeAt` (pending start, RFC 3339 with ns). */
function currentAlerts(alerts: unknown[], ctx: ParseContext): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  alerts.forEach((a, i) => {
    if (!isObject(a)) return;
    const labels = stringLabels(a.labels);
    const at = parseRfc3339(str(a.activeAt) ?? '');
    if (!labels.alertname || !at) {
      ctx.warn(`${ctx.label}: alert at $.data.alerts[${i}] has no alertname or activeAt and was skipped.`);
      return;
    }
    const state = str(a.state) ?? 'firing';
    const key = alertKey(labels) ?? labels.alertname;
    const extra = describe(labels);
    const summary = stringLabels(a.annotations).summary;
    out.push(
      makeEvent({
        system: 'prometheus',
        kind: 'alert_state',
        ref: `prometheus /api/v1/alerts ${labels.alertname}`,
        nativeId: `active:${shortHash(key)}:${at.ns}`,
        tsNs: at.ns,
        precision: at.precision,
        tsSource: 'source',
        severity: state === 'firing' ? severityFromWord(labels.severity, 'warning') : 'warning',
        category: 'symptom',
        title: `Alert ${labels.alertname} became active (now ${state})${extra ? ` (${extra})` : ''}${summary ? `: ${summary}` : ''}`,
        labels,
        openEnded: true,
        phaseHints: ['firstSymptom'],
      }),
    );
  });
  return out;
}

export function parsePrometheusAlerts(json: unknown, ctx: ParseContext, options: PrometheusOptions = {}): TimelineEvent[] {
  if (!isObject(json) || !isObject(json.data)) throw inputError(ctx, 'prometheus', '$.data', 'expected a query_range response {status, data: {resultType, result}}');
  if (Array.isArray(json.data.alerts)) return currentAlerts(json.data.alerts, ctx);
  const rt = str(json.data.resultType);
  if (rt !== 'matrix') throw inputError(ctx, 'prometheus', '$.data.resultType', `expected a range query (matrix), got ${rt ?? 'nothing'}; use /api/v1/query_range with ALERTS`);
  const result = json.data.result;
  if (!Array.isArray(result)) throw inputError(ctx, 'prometheus', '$.data.result', 'expected an array of series');
  const series: Array<{ labels: Record<string, string>; times: number[]; values: string[] }> = [];
  result.forEach((s, i) => {
    if (!isObject(s) || !Array.isArray(s.values)) throw inputError(ctx, 'prometheus', `$.data.result[${i}].values`, 'expected an array of [seconds, "value"]');
    const labels = stringLabels(s.metric);
    const samples = s.values
      .filter((v): v is [number, string] => Array.isArray(v) && typeof v[0] === 'number')
      .map((v) => [v[0], String(v[1])] as [number, string])
      .sort((a, b) => a[0] - b[0]);
    series.push({ labels, times: samples.map((x) => x[0]), values: samples.map((x) => x[1]) });
  });
  let step = options.stepSeconds ?? stepFromRequest(json);
  if (step === undefined) {
    let min = Infinity;
    for (const s of series) for (let i = 1; i < s.times.length; i++) min = Math.min(min, s.times[i]! - s.times[i - 1]!);
    step = Number.isFinite(min) && min > 0 ? min : 60;
  }
  const maxT = Math.max(...series.flatMap((s) => (s.times.length ? [s.times[s.times.length - 1]!] : [])), -Infinity);
  const out: TimelineEvent[] = [];
  let skipped = 0;
  for (const s of series) {
    const name = s.labels.__name__ ?? (s.labels.alertname ? 'ALERTS' : '');
    if (!s.labels.alertname) {
      skipped++;
      continue;
    }
    const alertname = s.labels.alertname;
    const identity = { ...s.labels };
    delete identity.__name__;
    delete identity.alertstate;
    const key = alertKey(identity) ?? alertname;
    const extra = describe(s.labels);
    if (name === 'ALERTS_FOR_STATE') {
      // value = activeAt (pending start) in unix seconds: one symptom per distinct activeAt.
      const seen = new Set<string>();
      for (const v of s.values) {
        const at = Number(v);
        if (!Number.isFinite(at) || at <= 0 || seen.has(v)) continue;
        seen.add(v);
        out.push(
          makeEvent({
            system: 'prometheus',
            kind: 'alert_state',
            ref: `ALERTS_FOR_STATE{alertname="${alertname}"}`,
            nativeId: `for_state:${shortHash(key)}:${Math.round(at)}`,
            tsNs: secondsToNs(at),
            precision: 's',
            tsSource: 'source',
            severity: 'warning',
            category: 'symptom',
            title: `Alert ${alertname} became active (pending)${extra ? ` (${extra})` : ''}`,
            labels: identity,
            phaseHints: ['firstSymptom'],
          }),
        );
      }
      continue;
    }
    const state = s.labels.alertstate ?? 'firing';
    const allowance = step * 2;
    let runStart = 0;
    for (let i = 1; i <= s.times.length; i++) {
      if (i < s.times.length && s.times[i]! - s.times[i - 1]! <= allowance) continue;
      const first = s.times[runStart]!;
      const last = s.times[i - 1]!;
      runStart = i;
      const startNs = secondsToNs(first);
      const endNs = secondsToNs(last + step);
      const open = last >= maxT - step / 2 && endNs >= ctx.window.endNs - secondsToNs(step);
      const pending = state === 'pending';
      const severity = pending ? 'warning' : severityFromWord(s.labels.severity, 'warning');
      const ref = `ALERTS{alertname="${alertname}", alertstate="${state}"}`;
      out.push(
        makeEvent({
          system: 'prometheus',
          kind: 'alert',
          ref,
          nativeId: `${state}:${shortHash(key)}:${Math.round(first)}`,
          tsNs: startNs,
          endNs,
          precision: 's',
          tsSource: 'derived',
          severity,
          category: pending ? 'symptom' : 'alert_firing',
          title: `Alert ${alertname} ${pending ? 'pending' : 'firing'}${extra ? ` (${extra})` : ''}`,
          labels: identity,
          openEnded: open,
          phaseHints: pending ? ['firstSymptom'] : ['detection'],
        }),
      );
      if (!pending && !open) {
        out.push(
          makeEvent({
            system: 'prometheus',
            kind: 'alert',
            ref,
            nativeId: `resolved:${shortHash(key)}:${Math.round(first)}`,
            tsNs: endNs,
            precision: 's',
            tsSource: 'derived',
            severity: 'info',
            category: 'alert_resolved',
            title: `Alert ${alertname} resolved (last firing sample ${new Date(last * 1000).toISOString().slice(11, 19)}Z)${extra ? ` (${extra})` : ''}`,
            labels: identity,
            phaseHints: ['restored'],
          }),
        );
      }
    }
  }
  if (skipped > 0 && out.length === 0) {
    throw inputError(ctx, 'prometheus', '$.data.result[*].metric', 'no series carries an alertname; query ALERTS{alertstate="firing"} (or ALERTS_FOR_STATE) rather than a plain metric');
  }
  if (skipped > 0) ctx.warn(`${ctx.label}: ${skipped} Prometheus series without an alertname were ignored (only ALERTS/ALERTS_FOR_STATE become events).`);
  return out;
}
