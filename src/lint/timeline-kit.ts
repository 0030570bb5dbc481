/**
 * Phase words for timeline rows, shared by PM108, PM109 and PM207: which row is the detection and
 * which the resolution.
 */
import type { ParsedTimelineRow } from '../postmortem/parsed.js';

export const DETECTION_WORDS = ['alert', 'alerted', 'alerts', 'fired', 'firing', 'paged', 'page', 'pager', 'reported', 'detected', 'noticed', 'opened incident', 'incident declared', 'declared', 'ticket', 'escalated', 'on-call'];
export const RESOLVED_WORDS = [
  'resolved', 'recovered', 'recovery', 'restored', 'rolled back', 'rollback completed', 'back to normal', 'back to baseline', 'baseline', 'stable', 'stabilised', 'stabilized', 'mitigated', 'closed', 'fixed', 'healthy', 'returned to normal', 'normal operation', 'all clear', 'incident closed', 'error rate normal',
];

function wordsRegex(words: readonly string[]): RegExp {
  const alts = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  // "no alert exists" is not a detection: a negation just before the word cancels it
  return new RegExp(`(?<!\\b(?:no|not|without|never|nothing)\\s+)(?<![\\p{L}])(?:${alts.join('|')})(?![\\p{L}])`, 'iu');
}

const DETECTION = wordsRegex(DETECTION_WORDS);
const RESOLUTION = wordsRegex(RESOLVED_WORDS);

export function isDetection(text: string): boolean {
  return DETECTION.test(text);
}

export function isResolution(text: string): boolean {
  return RESOLUTION.test(text);
}

/** The first detection row, or -1. */
export function detectionIndex(rows: readonly ParsedTimelineRow[]): number {
  return rows.findIndex((r) => isDetection(r.event.text));
}

/** The last resolution row; without `strict`, falls back to the last row. */
export function resolutionIndex(rows: readonly ParsedTimelineRow[], strict = false): number {
  for (let i = rows.length - 1; i >= 0; i--) if (isResolution(rows[i]?.event.text ?? '')) return i;
  return strict ? -1 : rows.length - 1;
}
