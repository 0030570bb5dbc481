/**
 * The event budget (design/timeline.md §5.2 steps 5-6): key moments, state changes and novel error
 * patterns are kept first; the rest is ranked by severity, novelty, people and volume.
 */
import { compareEvents } from './merge.js';
import type { KeyMoments } from './phases.js';
import type { Severity, TimelineEvent } from './types.js';

const STATE_CHANGES = new Set(['alert_firing', 'alert_resolved', 'deploy', 'rollback', 'config_change']);
const SEVERITY_SCORE: Record<Severity, number> = { critical: 50, error: 40, warning: 30, info: 15, unknown: 10, debug: 0 };

function score(e: TimelineEvent): number {
  let s = SEVERITY_SCORE[e.severity];
  if (e.pattern?.novel) s += 25;
  if (e.category === 'human') s += 22;
  if (e.category === 'k8s_warning') s += 5;
  if (e.phaseHints?.length) s += 5;
  if (e.corroboratedBy?.length) s += 5;
  s += Math.min(15, Math.log10(Math.max(1, e.count)) * 5);
  return s;
}

export interface BudgetResult {
  kept: TimelineEvent[];
  omitted: { events: number; logLines: number; patterns: number };
}

export function applyBudget(sorted: TimelineEvent[], maxEvents: number, km: KeyMoments): BudgetResult {
  const keyIds = new Set(Object.values(km).map((m) => m!.eventId));
  const tiers: TimelineEvent[][] = [[], [], [], []];
  for (const e of sorted) {
    if (keyIds.has(e.id)) tiers[0]!.push(e);
    else if (STATE_CHANGES.has(e.category)) tiers[1]!.push(e);
    else if (e.pattern?.novel && (e.severity === 'error' || e.severity === 'critical')) tiers[2]!.push(e);
    else tiers[3]!.push(e);
  }
  const chosen = new Set<string>();
  for (const tier of tiers) {
    const ranked = [...tier].sort((a, b) => score(b) - score(a) || compareEvents(a, b));
    for (const e of ranked) {
      if (chosen.size >= maxEvents) break;
      chosen.add(e.id);
    }
  }
  const kept: TimelineEvent[] = [];
  const omitted = { events: 0, logLines: 0, patterns: 0 };
  for (const e of sorted) {
    if (chosen.has(e.id)) kept.push(e);
    else if (e.source.kind === 'log_pattern') {
      omitted.patterns++;
      omitted.logLines += e.count;
    } else omitted.events++;
  }
  return { kept, omitted };
}
