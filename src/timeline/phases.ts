/**
 * Candidate key moments (design/timeline.md §7). These are suggestions with a reason each; the
 * author decides. Input is the sorted, merged timeline before the budget cut.
 */
import { eventEndNs, eventNs } from './event.js';
import { formatHhMm, nsToIso } from './time.js';
import type { KeyMoment, KeyMomentEntry, TimelineEvent } from './types.js';

export type KeyMoments = Partial<Record<KeyMoment, KeyMomentEntry>>;

const human = (e: TimelineEvent) => e.source.kind === 'chat' && e.category === 'human';
const hinted = (e: TimelineEvent, k: KeyMoment) => e.phaseHints?.includes(k) ?? false;
const errorPattern = (e: TimelineEvent) => e.source.kind === 'log_pattern' && (e.severity === 'error' || e.severity === 'critical');

function entry(e: TimelineEvent, reason: string, ns = eventNs(e)): KeyMomentEntry {
  return { eventId: e.id, ts: nsToIso(ns), reason };
}

function short(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function findKeyMoments(events: TimelineEvent[], windowStartNs: bigint, windowEndNs: bigint): KeyMoments {
  const km: KeyMoments = {};
  const after = (ns: bigint | undefined) => (e: TimelineEvent) => ns === undefined || eventNs(e) >= ns;

  // First symptom: novel error pattern, first k8s Warning, pending alert, first chat report.
  const symptomCandidates: Array<{ e: TimelineEvent; reason: string }> = [];
  const novel = events.find((e) => errorPattern(e) && e.pattern?.novel === true);
  const anyError = events.find((e) => errorPattern(e) && e.pattern?.novel !== false && !e.startedBeforeWindow && eventNs(e) > windowStartNs);
  if (novel) symptomCandidates.push({ e: novel, reason: `first occurrence of a new ${novel.severity} log pattern (absent from the baseline before the window): ${short(novel.pattern!.template)}` });
  else if (anyError) symptomCandidates.push({ e: anyError, reason: `first ${anyError.severity} log pattern in the window: ${short(anyError.pattern!.template)}` });
  const k8sWarn = events.find((e) => e.category === 'k8s_warning');
  if (k8sWarn) symptomCandidates.push({ e: k8sWarn, reason: `first Kubernetes Warning event (${k8sWarn.labels?.reason ?? 'Warning'})` });
  const pending = events.find((e) => e.category === 'symptom' && (e.source.kind === 'alert' || e.source.kind === 'alert_state'));
  if (pending) symptomCandidates.push({ e: pending, reason: `alert ${pending.labels?.alertname ?? ''} became pending (before it fired)`.replace('  ', ' ') });
  const report = events.find((e) => human(e) && hinted(e, 'firstSymptom'));
  if (report) symptomCandidates.push({ e: report, reason: `first report in chat by ${report.actor ?? 'someone'}` });
  symptomCandidates.sort((a, b) => (eventNs(a.e) < eventNs(b.e) ? -1 : eventNs(a.e) > eventNs(b.e) ? 1 : 0));
  if (symptomCandidates[0]) km.firstSymptom = entry(symptomCandidates[0].e, symptomCandidates[0].reason);

  // Detection: first alert firing, or the first human report when that came first.
  const firing = events.find((e) => e.category === 'alert_firing');
  if (firing && (!report || eventNs(firing) <= eventNs(report))) {
    km.detection = entry(firing, `first alert firing: ${firing.labels?.alertname ?? short(firing.title)} (${firing.source.system}${firing.corroboratedBy?.length ? `, corroborated by ${firing.corroboratedBy.length} other source(s)` : ''})`);
  } else if (report) {
    km.detection = entry(report, `first human report (${report.actor ?? 'chat'}) came before any alert fired${firing ? '' : '; no alert fired in the window'}`);
  }
  const detNs = km.detection ? BigInt(Date.parse(km.detection.ts)) * 1_000_000n : undefined;

  const inv = events.filter(after(detNs)).find((e) => human(e) && hinted(e, 'investigation') && e.id !== km.detection?.eventId)
    ?? events.filter(after(detNs)).find((e) => human(e) && e.id !== km.detection?.eventId);
  if (inv) km.investigation = entry(inv, hinted(inv, 'investigation') ? `first responder message after detection (${inv.actor ?? 'chat'})` : `first human message after detection (${inv.actor ?? 'chat'})`);

  const symNs = km.firstSymptom ? BigInt(Date.parse(km.firstSymptom.ts)) * 1_000_000n : undefined;
  const rc = events.filter(after(symNs)).find((e) => human(e) && hinted(e, 'rootCauseIdentified'));
  if (rc) km.rootCauseIdentified = entry(rc, `chat message naming a cause (${rc.actor ?? 'chat'}): "${short(rc.title.replace(/^[^:]+:\s*/, ''), 60)}"`);

  const mitigations = events.filter(after(detNs ?? symNs)).filter((e) => hinted(e, 'mitigation') || e.category === 'rollback');
  const mit = mitigations[0];
  if (mit) {
    const what = mit.category === 'rollback' ? 'rollback' : mit.source.kind === 'deploy' ? 'deploy' : mit.source.kind === 'k8s_event' ? `Kubernetes ${mit.labels?.reason ?? 'change'}` : 'action in chat';
    km.mitigation = entry(mit, `first mitigation candidate after ${detNs !== undefined ? 'detection' : 'the first symptom'}: ${what} (${mit.source.system})`);
  }

  // Restored: the primary alert's last resolve, else a chat "recovered", else the error pattern going quiet.
  const primary = firing?.labels?.alertname;
  const resolves = events.filter((e) => e.category === 'alert_resolved' && after(detNs)(e));
  const primaryResolve = [...resolves].reverse().find((e) => e.labels?.alertname === primary);
  const mitNs = mit ? eventNs(mit) : detNs;
  const chatRestored = events.filter(after(mitNs)).find((e) => human(e) && hinted(e, 'restored'));
  const symptomPattern = km.firstSymptom ? events.find((e) => e.id === km.firstSymptom!.eventId && e.source.kind === 'log_pattern') : undefined;
  if (primaryResolve) km.restored = entry(primaryResolve, `primary alert ${primary} resolved`);
  else if (chatRestored) km.restored = entry(chatRestored, `recovery reported in chat (${chatRestored.actor ?? 'chat'})`);
  else if (symptomPattern && eventEndNs(symptomPattern) < windowEndNs - (windowEndNs - windowStartNs) / 20n) {
    km.restored = entry(symptomPattern, `last line of the first error pattern, silent afterwards`, eventEndNs(symptomPattern));
  }

  // Resolved: every alert closed and a confirmation, or the last resolve when nothing stays open.
  const open = events.some((e) => e.category === 'alert_firing' && (e.openEnded || !e.endTs));
  const restNs = km.restored ? BigInt(Date.parse(km.restored.ts)) * 1_000_000n : undefined;
  const confirm = events.filter(after(restNs ?? mitNs)).find((e) => human(e) && hinted(e, 'resolved'));
  if (confirm && !open) km.resolved = entry(confirm, `all alerts resolved and confirmed in chat (${confirm.actor ?? 'chat'})`);
  else if (confirm) km.resolved = entry(confirm, `resolution declared in chat (${confirm.actor ?? 'chat'}), though an alert still looks open`);
  else if (!open && resolves.length > 0 && firing) {
    const last = resolves[resolves.length - 1]!;
    km.resolved = entry(last, 'last alert resolved; no alert left firing (no confirmation message found)');
  }
  return km;
}

export function computeDurations(km: KeyMoments): { detectionToResolution?: string; impact?: string } {
  const ns = (e: KeyMomentEntry | undefined) => (e ? BigInt(Date.parse(e.ts)) * 1_000_000n : undefined);
  const out: { detectionToResolution?: string; impact?: string } = {};
  const det = ns(km.detection);
  const res = ns(km.resolved);
  const sym = ns(km.firstSymptom);
  const rest = ns(km.restored);
  if (det !== undefined && res !== undefined && res >= det) out.detectionToResolution = formatHhMm(res - det);
  if (sym !== undefined && rest !== undefined && rest >= sym) out.impact = formatHhMm(rest - sym);
  return out;
}
