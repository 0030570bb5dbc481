/**
 * Log lines to patterns. One collector per input (or live source) feeds the Drain grouper
 * (src/timeline/patterns.ts) with the window's lines and, separately, a baseline of equal length
 * just before the window for novelty. Collectors are merged by (partition, template) afterwards,
 * so the order of the inputs does not change the result.
 */
import { createHash } from 'node:crypto';
import { LogGrouper, markNovelty, type LogPattern } from './patterns.js';
import { EXAMPLE_MAX, cleanLine } from './sanitize.js';
import { nsToIso } from './time.js';
import type { Entity, KeyMoment, LogLine, Severity, TimelineEvent, TimeWindow } from './types.js';

const SEP = '\u0001';

/**
 * A copy that does not share storage with its source. Lines read from big chunks are V8 sliced
 * strings; keeping one (as an example or a parameter value) would keep the whole 1 MB chunk alive.
 */
export function detach(text: string): string {
  return text.length > 12 ? (` ${text}`).slice(1) : text;
}
const SKEW_SAMPLE = 20_000;
const LINE_MAX = 2_000;

export interface PartitionMeta {
  system: string;
  service?: string;
  level?: string;
  entity?: Entity;
}

export class LogCollector {
  readonly grouper = new LogGrouper();
  readonly baseline = new LogGrouper();
  readonly meta = new Map<string, PartitionMeta>();
  inWindow = 0;
  baselineLines = 0;
  outside = 0;
  /** line -> first tsNs, for clock-skew comparison between sources. */
  readonly skewSample = new Map<string, bigint>();
  readonly systems = new Set<string>();
  private readonly baselineStart: bigint;
  // Consecutive lines mostly come from one stream: its partition keys by level, reused instead of
  // rebuilt (the same key string also keeps its hash for the grouper's lookups).
  private streamPartitions = new Map<string | undefined, string>();
  private lastSystem: string | undefined;
  private lastService: string | undefined;

  constructor(
    private readonly window: TimeWindow,
    private readonly filter?: (line: LogLine) => boolean,
  ) {
    this.baselineStart = window.startNs - (window.endNs - window.startNs);
  }

  add(line: LogLine): void {
    if (this.filter && !this.filter(line)) {
      this.outside++;
      return;
    }
    const ts = line.tsNs;
    const inWin = ts >= this.window.startNs && ts < this.window.endNs;
    const inBase = !inWin && ts >= this.baselineStart && ts < this.window.startNs;
    if (!inWin && !inBase) {
      this.outside++;
      return;
    }
    if (line.system !== this.lastSystem || line.service !== this.lastService) {
      this.streamPartitions = new Map();
      this.lastSystem = line.system;
      this.lastService = line.service;
    }
    let partition = this.streamPartitions.get(line.level);
    if (partition === undefined) {
      partition = `${line.system}${SEP}${line.service ?? ''}${SEP}${line.level ?? ''}`;
      if (!this.meta.has(partition)) {
        this.meta.set(partition, { system: line.system, service: line.service, level: line.level, entity: line.entity });
      }
      this.systems.add(line.system);
      this.streamPartitions.set(line.level, partition);
    }
    // Giant lines (a JSON blob logged whole) would cost the miner more than they tell: cut them.
    const text = line.line.length > LINE_MAX ? line.line.slice(0, LINE_MAX) : line.line;
    const rec = { partition, tsNs: ts, line: detach(text), level: line.level, ref: line.ref };
    if (inWin) {
      this.inWindow++;
      this.grouper.add(rec);
      if (this.skewSample.size < SKEW_SAMPLE && line.line.length >= 20) {
        // Keyed on the text only: Loki streams often lack the host label journald carries.
        const key = rec.line.trim();
        if (!this.skewSample.has(key)) this.skewSample.set(key, ts);
      }
    } else {
      this.baselineLines++;
      this.baseline.add(rec);
    }
  }
}

function mergePatterns(lists: LogPattern[][]): LogPattern[] {
  const byKey = new Map<string, LogPattern>();
  for (const list of lists) {
    for (const p of list) {
      const key = `${p.partition}${SEP}${p.template}`;
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, { ...p, examples: [...p.examples], refs: [...p.refs] });
        continue;
      }
      prev.count += p.count;
      if (p.firstNs < prev.firstNs || (p.firstNs === prev.firstNs && (p.examples[0] ?? '') < (prev.examples[0] ?? ''))) {
        prev.firstNs = p.firstNs;
        prev.examples[0] = p.examples[0] ?? prev.examples[0]!;
      }
      if (p.lastNs > prev.lastNs || (p.lastNs === prev.lastNs && (p.examples.at(-1) ?? '') > (prev.examples.at(-1) ?? ''))) {
        prev.lastNs = p.lastNs;
        const last = p.examples.at(-1);
        if (last !== undefined) {
          if (prev.examples.length > 1) prev.examples[prev.examples.length - 1] = last;
          else prev.examples.push(last);
        }
      }
      for (const r of p.refs) if (prev.refs.length < 5 && !prev.refs.includes(r)) prev.refs.push(r);
      prev.refs.sort();
    }
  }
  return [...byKey.values()];
}

const LEVEL_SEVERITY: Record<string, Severity> = { critical: 'critical', error: 'error', warning: 'warning', info: 'info', debug: 'debug' };

function coarsen(h: LogPattern['histogram'], max = 60): { bucketSeconds: number; counts: number[] } {
  let counts = h.counts;
  let seconds = h.bucketSeconds;
  while (counts.length > max) {
    const next: number[] = [];
    for (let i = 0; i < counts.length; i += 2) next.push((counts[i] ?? 0) + (counts[i + 1] ?? 0));
    counts = next;
    seconds *= 2;
  }
  return { bucketSeconds: seconds, counts };
}

export interface PatternResult {
  events: TimelineEvent[];
  lines: number;
  baselineLines: number;
  outside: number;
  patterns: number;
  skewWarnings: string[];
}

export function patternsToEvents(collectors: LogCollector[]): PatternResult {
  const main = mergePatterns(collectors.map((c) => c.grouper.patterns()));
  const baselineLines = collectors.reduce((n, c) => n + c.baselineLines, 0);
  if (baselineLines > 0) {
    const baseline = mergePatterns(collectors.map((c) => c.baseline.patterns()));
    markNovelty(main, baseline);
    // Novelty only means something for a source/service that had lines before the window.
    const stream = (partition: string) => partition.split(SEP).slice(0, 2).join(SEP);
    const known = new Set(baseline.map((b) => stream(b.partition)));
    for (const p of main) if (!known.has(stream(p.partition))) delete p.novel;
  }
  const meta = new Map<string, PartitionMeta>();
  for (const c of collectors) for (const [k, v] of c.meta) if (!meta.has(k)) meta.set(k, v);
  const events: TimelineEvent[] = [];
  for (const p of main) {
    const m = meta.get(p.partition) ?? { system: p.partition.split(SEP)[0] ?? 'logs' };
    const level = p.level ?? m.level;
    const severity: Severity = level ? (LEVEL_SEVERITY[level] ?? 'unknown') : 'unknown';
    const template = cleanLine(p.template, EXAMPLE_MAX);
    const nativeId = `pattern:${createHash('sha1').update(`${p.partition}${SEP}${p.template}`).digest('hex').slice(0, 16)}`;
    const errorish = severity === 'error' || severity === 'critical';
    const hints: KeyMoment[] = errorish && p.novel !== false ? ['firstSymptom'] : [];
    const service = m.service ?? m.entity?.service;
    const ev: TimelineEvent = {
      id: `${m.system}:${nativeId}`,
      ts: nsToIso(p.firstNs),
      source: { system: m.system, kind: 'log_pattern', ref: cleanLine(p.refs[0] ?? m.system, 200) },
      severity,
      category: errorish ? 'symptom' : severity === 'warning' ? 'symptom' : 'other',
      title: cleanLine(`${p.count}× ${service ? `${service}: ` : ''}${p.template}`),
      count: p.count,
      firstSeen: nsToIso(p.firstNs),
      lastSeen: nsToIso(p.lastNs),
      tsNs: p.firstNs.toString(),
      precision: 'ns',
      pattern: {
        template,
        examples: p.examples.slice(0, 2).map((e) => cleanLine(e, EXAMPLE_MAX)),
        templateId: p.id,
        params: p.params.slice(0, 5).map((values, slot) => ({ slot, values: values.slice(0, 3).map((v) => ({ value: cleanLine(v.value, 80), count: v.count })) })),
        histogram: coarsen(p.histogram),
      },
    };
    if (p.novel !== undefined) ev.pattern!.novel = p.novel;
    if (p.lastNs > p.firstNs) ev.endTs = nsToIso(p.lastNs);
    if (m.entity) {
      const entity: Entity = {};
      for (const [k, v] of Object.entries(m.entity) as Array<[keyof Entity, string | undefined]>) if (v) entity[k] = cleanLine(v, 120);
      if (Object.keys(entity).length > 0) ev.entity = entity;
    } else if (service) ev.entity = { service: cleanLine(service, 120) };
    if (level) ev.labels = { level };
    if (hints.length > 0) ev.phaseHints = hints;
    events.push(ev);
  }
  return {
    events,
    lines: collectors.reduce((n, c) => n + c.inWindow, 0),
    baselineLines,
    outside: collectors.reduce((n, c) => n + c.outside, 0),
    patterns: main.length,
    skewWarnings: detectSkew(collectors),
  };
}

/** The same line seen by two sources (journald and Loki, say) at consistently different times. */
function detectSkew(collectors: LogCollector[]): string[] {
  const warnings: string[] = [];
  for (let i = 0; i < collectors.length; i++) {
    for (let j = i + 1; j < collectors.length; j++) {
      const a = collectors[i]!;
      const b = collectors[j]!;
      const sysA = [...a.systems].join('/');
      const sysB = [...b.systems].join('/');
      if (!sysA || !sysB || sysA === sysB) continue;
      const [small, large] = a.skewSample.size <= b.skewSample.size ? [a, b] : [b, a];
      const offsets: number[] = [];
      for (const [k, t] of small.skewSample) {
        const u = large.skewSample.get(k);
        if (u !== undefined) offsets.push(Number((small === a ? t - u : u - t) / 1_000_000n));
      }
      if (offsets.length < 3) continue;
      offsets.sort((x, y) => x - y);
      const median = offsets[Math.floor(offsets.length / 2)]!;
      const spread = offsets[Math.floor(offsets.length * 0.9)]! - offsets[Math.floor(offsets.length * 0.1)]!;
      if (Math.abs(median) >= 2000 && spread <= Math.max(1000, Math.abs(median) * 0.25)) {
        const secs = (median / 1000).toFixed(1);
        warnings.push(
          `Clock skew: ${sysA} timestamps are about ${median > 0 ? '+' : ''}${secs}s off ${sysB} (median over ${offsets.length} identical lines); times were not shifted, compare those sources with care.`,
        );
      }
    }
  }
  return warnings;
}

