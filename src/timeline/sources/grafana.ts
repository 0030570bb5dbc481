/**
 * Grafana annotations (`GET /api/annotations`) and alert state history (`/api/v1/rules/history`
 * data frames, or the Loki `state-history` stream) (design/timeline.md §3.5).
 */
import { alertKey, inputError, isObject, makeEvent, nonEmpty, severityFromWord, str, stringLabels } from '../event.js';
import { htmlToText } from '../sanitize.js';
import { msToNs } from '../time.js';
import type { Category, KeyMoment, ParseContext, Severity, TimelineEvent } from '../types.js';

function stateCategory(state: string): { category: Category; hints: KeyMoment[]; firing: boolean } {
  const s = state.toLowerCase();
  if (s.startsWith('alerting') || s === 'firing') return { category: 'alert_firing', hints: ['detection'], firing: true };
  if (s.startsWith('pending')) return { category: 'symptom', hints: ['firstSymptom'], firing: false };
  if (s.startsWith('normal') || s === 'ok' || s === 'resolved') return { category: 'alert_resolved', hints: ['restored'], firing: false };
  return { category: 'other', hints: [], firing: false };
}

function alertSeverity(labels: Record<string, string>, fallback: Severity): Severity {
  return severityFromWord(labels.severity ?? labels.priority, fallback);
}

export function stateHistoryEvent(line: unknown, tsNs: bigint, ref: string): TimelineEvent | undefined {
  let entry: unknown = line;
  if (typeof line === 'string') {
    try {
      entry = JSON.parse(line);
    } catch {
      return undefined;
    }
  }
  if (!isObject(entry)) return undefined;
  const current = str(entry.current) ?? '';
  const previous = str(entry.previous) ?? '';
  const labels = { ...stringLabels(entry.labels) };
  const ruleTitle = str(entry.ruleTitle) ?? labels.alertname ?? 'alert rule';
  labels.alertname ??= ruleTitle;
  const { category, hints } = stateCategory(current);
  const values = isObject(entry.values)
    ? Object.entries(entry.values)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
    : '';
  const instance = Object.entries(labels)
    .filter(([k]) => !['alertname', '__alert_rule_uid__', 'grafana_folder'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .slice(0, 4)
    .join(', ');
  const ev = makeEvent({
    system: 'grafana',
    kind: 'alert_state',
    ref: entry.ruleUID ? `grafana rule ${String(entry.ruleUID)}` : ref,
    nativeId: `state:${str(entry.ruleUID) ?? ''}:${str(entry.fingerprint) ?? alertKey(labels) ?? ''}:${tsNs}:${current}`,
    tsNs,
    precision: 'ms',
    tsSource: 'source',
    severity: category === 'alert_resolved' ? 'info' : alertSeverity(labels, category === 'alert_firing' ? 'warning' : 'info'),
    category,
    title: `Grafana alert ${ruleTitle}: ${previous || '?'} → ${current}${instance ? ` (${instance})` : ''}`,
    body: [values ? `values: ${values}` : '', str(entry.error) ? `error: ${String(entry.error)}` : ''].filter(Boolean).join('\n') || undefined,
    labels,
    phaseHints: hints,
  });
  return ev;
}

function annotationEvent(item: Record<string, unknown>, path: string, ctx: ParseContext): TimelineEvent | undefined {
  const time = typeof item.time === 'number' ? item.time : Number(item.time);
  if (!Number.isFinite(time) || time <= 0) {
    ctx.warn(`${ctx.label}: annotation at ${path} has no time and was skipped.`);
    return undefined;
  }
  const timeEnd = typeof item.timeEnd === 'number' && item.timeEnd > time ? item.timeEnd : undefined;
  const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
  const text = htmlToText(str(item.text) ?? '').trim();
  const newState = nonEmpty(item.newState);
  const labels: Record<string, string> = {};
  if (isObject(item.data) && isObject(item.data.labels)) Object.assign(labels, stringLabels(item.data.labels));
  let category: Category = 'other';
  let hints: KeyMoment[] = [];
  let kind: 'annotation' | 'alert_state' = 'annotation';
  let severity: Severity = 'info';
  const lowerTags = tags.map((t) => t.toLowerCase());
  if (newState || (typeof item.alertId === 'number' && item.alertId > 0)) {
    kind = 'alert_state';
    ({ category, hints } = stateCategory(newState ?? ''));
    if (category === 'alert_firing') severity = alertSeverity(labels, 'warning');
    const alertName = nonEmpty(item.alertName) ?? labels.alertname ?? (text.split('\n')[0] || `alert ${String(item.alertId)}`);
    labels.alertname ??= alertName;
  } else if (lowerTags.some((t) => /rollback|revert/.test(t)) || /\b(roll(ed)?[- ]?back|revert)/i.test(text)) {
    category = 'rollback';
    hints = ['mitigation'];
  } else if (lowerTags.some((t) => /deploy|release|rollout/.test(t))) {
    category = 'deploy';
  } else if (lowerTags.some((t) => /config/.test(t))) {
    category = 'config_change';
  } else if (lowerTags.some((t) => /incident|outage/.test(t))) {
    category = 'human';
  }
  const title =
    kind === 'alert_state'
      ? `Grafana alert ${labels.alertname}: ${nonEmpty(item.prevState) ?? '?'} → ${newState ?? '?'}`
      : `Annotation${tags.length ? ` [${tags.join(', ')}]` : ''}: ${text.split('\n')[0] || '(no text)'}`;
  return makeEvent({
    system: 'grafana',
    kind,
    ref: `grafana annotation ${String(item.id ?? path)}${item.dashboardUID ? ` (dashboard ${String(item.dashboardUID)})` : ''}`,
    nativeId: item.id !== undefined ? `annotation:${String(item.id)}` : undefined,
    tsNs: msToNs(time),
    endNs: timeEnd !== undefined ? msToNs(timeEnd) : undefined,
    precision: 'ms',
    tsSource: 'source',
    severity,
    category,
    title,
    body: text.includes('\n') || text.length > 120 ? text : undefined,
    actor: nonEmpty(item.login) ?? nonEmpty(item.userName) ?? nonEmpty(item.email),
    labels: kind === 'alert_state' ? labels : undefined,
    phaseHints: hints,
  });
}

interface Frame {
  fields: string[];
  values: unknown[][];
}

function findFrames(json: unknown, depth = 0): Frame[] {
  if (depth > 6 || !json || typeof json !== 'object') return [];
  if (Array.isArray(json)) return json.flatMap((j) => findFrames(j, depth + 1));
  const o = json as Record<string, unknown>;
  if (isObject(o.schema) && Array.isArray(o.schema.fields) && isObject(o.data) && Array.isArray(o.data.values)) {
    return [
      {
        fields: o.schema.fields.map((f) => (isObject(f) ? (str(f.name) ?? '') : '')),
        values: o.data.values.map((v) => (Array.isArray(v) ? v : [])),
      },
    ];
  }
  return Object.values(o).flatMap((v) => findFrames(v, depth + 1));
}

export function parseGrafana(json: unknown, ctx: ParseContext): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  if (Array.isArray(json)) {
    json.forEach((item, i) => {
      if (!isObject(item)) throw inputError(ctx, 'grafana-annotations', `$[${i}]`, 'expected an annotation object');
      const ev = annotationEvent(item, `$[${i}]`, ctx);
      if (ev) out.push(ev);
    });
    return dedupById(out);
  }
  const frames = findFrames(json).filter((f) => f.fields.includes('time'));
  if (frames.length === 0) {
    throw inputError(ctx, 'grafana-annotations', '$', 'expected an annotation list or a state-history data frame ({schema.fields, data.values})');
  }
  for (const frame of frames) {
    const ti = frame.fields.indexOf('time');
    const li = frame.fields.indexOf('line');
    const times = frame.values[ti] ?? [];
    times.forEach((t, row) => {
      const ms = typeof t === 'number' ? t : Number(t);
      if (!Number.isFinite(ms)) return;
      const line = li >= 0 ? frame.values[li]?.[row] : undefined;
      const ev = stateHistoryEvent(line, msToNs(ms), `grafana state history ${ctx.label}`);
      if (ev) out.push(ev);
    });
  }
  return dedupById(out);
}

function dedupById(events: TimelineEvent[]): TimelineEvent[] {
  const seen = new Map<string, TimelineEvent>();
  for (const e of events) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()];
}
