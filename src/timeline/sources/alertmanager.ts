/**
 * Alertmanager `GET /api/v2/alerts` lists and webhook (v4) payloads, single or archived as an array
 * or JSON lines (design/timeline.md §3.4). `endsAt` of an active alert is a future expiry, not a
 * resolve time; only resolved webhook alerts carry a real end.
 */
import { alertKey, inputError, isObject, makeEvent, nonEmpty, severityFromWord, shortHash, str, stringLabels } from '../event.js';
import { parseRfc3339 } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';

interface Collected {
  alert: Record<string, unknown>;
  path: string;
  webhookStatus?: string;
  receiver?: string;
}

function collect(json: unknown, ctx: ParseContext): Collected[] {
  const out: Collected[] = [];
  const fromWebhook = (w: Record<string, unknown>, path: string): void => {
    if (!Array.isArray(w.alerts)) throw inputError(ctx, 'alertmanager', `${path}.alerts`, 'expected the webhook alerts array');
    w.alerts.forEach((a, i) => {
      if (isObject(a)) out.push({ alert: a, path: `${path}.alerts[${i}]`, webhookStatus: str(a.status) ?? str(w.status), receiver: str(w.receiver) });
    });
  };
  if (isObject(json)) {
    if (Array.isArray(json.alerts)) fromWebhook(json, '$');
    else if (Array.isArray(json.data)) json.data.forEach((a, i) => isObject(a) && out.push({ alert: a, path: `$.data[${i}]` }));
    else throw inputError(ctx, 'alertmanager', '$', 'expected an alert list (GET /api/v2/alerts) or a webhook payload with alerts[]');
    return out;
  }
  if (!Array.isArray(json)) throw inputError(ctx, 'alertmanager', '$', 'expected an alert list or webhook payload(s)');
  json.forEach((item, i) => {
    if (!isObject(item)) return;
    if (Array.isArray(item.alerts)) fromWebhook(item, `$[${i}]`);
    else out.push({ alert: item, path: `$[${i}]` });
  });
  return out;
}

export function parseAlertmanager(json: unknown, ctx: ParseContext): TimelineEvent[] {
  const merged = new Map<string, { c: Collected; resolvedAt?: bigint; updatedAt?: bigint }>();
  let badTime = 0;
  for (const c of collect(json, ctx)) {
    const a = c.alert;
    const labels = stringLabels(a.labels);
    const starts = parseRfc3339(str(a.startsAt) ?? '');
    if (!starts || !labels.alertname) {
      badTime++;
      continue;
    }
    const fp = nonEmpty(a.fingerprint) ?? shortHash(alertKey(labels) ?? '');
    const key = `${fp}@${starts.ns}`;
    const ends = parseRfc3339(str(a.endsAt) ?? '');
    const updated = parseRfc3339(str(a.updatedAt) ?? '');
    const prev = merged.get(key);
    const entry = prev ?? { c };
    if (c.webhookStatus === 'resolved' && ends && ends.ns > starts.ns) entry.resolvedAt = ends.ns;
    if (updated && (entry.updatedAt === undefined || updated.ns > entry.updatedAt)) entry.updatedAt = updated.ns;
    merged.set(key, entry);
  }
  if (badTime > 0) ctx.warn(`${ctx.label}: ${badTime} Alertmanager alert(s) without startsAt or alertname were skipped.`);
  const out: TimelineEvent[] = [];
  for (const [key, { c, resolvedAt }] of merged) {
    const a = c.alert;
    const labels = stringLabels(a.labels);
    const ann = stringLabels(a.annotations);
    const starts = parseRfc3339(str(a.startsAt)!)!;
    const alertname = labels.alertname!;
    const status = isObject(a.status) ? str(a.status.state) : undefined;
    const summary = ann.summary ?? ann.message ?? ann.description ?? '';
    const extra = Object.entries(labels)
      .filter(([k]) => !['alertname', 'severity', 'alertstate'].includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .slice(0, 3)
      .join(', ');
    const ref = `alertmanager ${alertname}${a.fingerprint ? ` fingerprint ${String(a.fingerprint)}` : ''}`;
    const url = nonEmpty(a.generatorURL) ?? nonEmpty(ann.runbook_url);
    const base = {
      system: 'alertmanager',
      kind: 'alert' as const,
      ref,
      url,
      precision: starts.precision,
      tsSource: 'source' as const,
      labels,
    };
    out.push(
      makeEvent({
        ...base,
        nativeId: key,
        tsNs: starts.ns,
        endNs: resolvedAt,
        severity: severityFromWord(labels.severity, 'warning'),
        category: 'alert_firing',
        title: `Alert ${alertname} firing${extra ? ` (${extra})` : ''}${summary ? `: ${summary}` : ''}${status === 'suppressed' ? ' [silenced]' : ''}`,
        body: ann.description && ann.description !== summary ? ann.description : undefined,
        actor: c.receiver,
        openEnded: resolvedAt === undefined,
        phaseHints: ['detection'],
      }),
    );
    if (resolvedAt !== undefined) {
      out.push(
        makeEvent({
          ...base,
          nativeId: `${key}:resolved`,
          tsNs: resolvedAt,
          severity: 'info',
          category: 'alert_resolved',
          title: `Alert ${alertname} resolved${extra ? ` (${extra})` : ''}`,
          phaseHints: ['restored'],
        }),
      );
    }
  }
  return out;
}
