import { REDACTED, isCredentialKey, redact } from '../../redact/index.js';
import { TemplateMiner, type MinerOptions } from './drain.js';
import { stripHeader } from './header.js';
import { GENERIC_MINER } from './generic.js';

export interface LogRecord {
  partition: string;
  tsNs: bigint;
  line: string;
  level?: string;
  ref?: string;
}

export interface GrouperOptions {
  miner?: MinerOptions;
  maxExamples?: number;
  exampleChars?: number;
  histogramBucketSeconds?: number;
  /** Histograms wider than this are coarsened by a whole factor. */
  maxHistogramBuckets?: number;
  /** Distinct refs kept per pattern. */
  maxRefs?: number;
  /** Longer message bodies are cut before mining, bounding the time one line can take. */
  maxLineChars?: number;
  /** Strip timestamps and levels before mining (default true). */
  stripHeaders?: boolean;
  /** Applied to templates, examples and parameter values on output; default src/redact; false = off. */
  redact?: ((text: string) => string) | false;
}

const defaultRedact = (text: string): string => redact(text).text;

export interface ParamValue {
  value: string;
  count: number;
}

export interface LogPattern {
  /** `lp-` + hash of partition and template: stable for the same input. */
  id: string;
  partition: string;
  template: string;
  count: number;
  firstNs: bigint;
  lastNs: bigint;
  /** Earliest and latest raw line (one when count is 1), redacted, cut to exampleChars. */
  examples: string[];
  /** Per template token containing `<*>`, in order (the first 32): the 3 most frequent raw values. */
  params: ParamValue[][];
  histogram: { bucketSeconds: number; startNs: bigint; counts: number[] };
  level?: string;
  refs: string[];
  novel?: boolean;
}

export interface GrouperStats {
  lines: number;
  partitions: number;
  clusters: number;
  /**
   * Clusters dropped by a miner's LRU. Their lines stay in `lines`; a dropped cluster with more than
   * one line is still reported by patterns() (up to twice maxClusters of them per partition).
   */
  evictedClusters: number;
}

// Space-Saving keeps the heavy hitters of a slot in bounded memory.
const SLOT_CAPACITY = 16;
const MAX_VALUE_CHARS = 200;
// Values are kept for the first slots only: a line of thousands of numbers must not cost thousands
// of counters, and nobody reads the 40th parameter.
const MAX_SLOTS = 32;

// Length and end characters: most keys a value is compared with differ there, and comparing two
// small integers is cheaper than comparing two strings.
function signature(value: string): number {
  return value.length * 65536 + (((value.charCodeAt(0) * 31) ^ value.charCodeAt(value.length - 1)) & 0xffff);
}

class SlotCounter {
  // A linear scan of SLOT_CAPACITY keys beats hashing every (mostly new) value into a Map.
  private readonly keys: string[] = [];
  private readonly signatures: number[] = [];
  private readonly counts: number[] = [];

  add(value: string, n = 1): void {
    const sig = signature(value);
    const sigs = this.signatures;
    for (let i = 0; i < sigs.length; i++) {
      if (sigs[i] === sig && this.keys[i] === value) {
        this.counts[i] = (this.counts[i] as number) + n;
        return;
      }
    }
    if (this.keys.length < SLOT_CAPACITY) {
      this.keys.push(value);
      sigs.push(sig);
      this.counts.push(n);
      return;
    }
    let min = 0;
    for (let i = 1; i < this.counts.length; i++) if ((this.counts[i] as number) < (this.counts[min] as number)) min = i;
    this.keys[min] = value;
    sigs[min] = sig;
    this.counts[min] = (this.counts[min] as number) + n;
  }

  top(k: number): ParamValue[] {
    return this.keys
      .map((value, i) => ({ value, count: this.counts[i] as number }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, k);
  }
}

const SEVERITY_RANK: Record<string, number> = { critical: 5, error: 4, warning: 3, info: 2, debug: 1 };

function rank(level: string | undefined): number {
  return level ? (SEVERITY_RANK[level] ?? 0) : -1;
}

interface ClusterStats {
  clusterId: number;
  partition: string;
  template: string;
  tokens: string[];
  count: number;
  firstNs: bigint;
  lastNs: bigint;
  firstLine: string;
  lastLine: string;
  slots: Map<number, SlotCounter>;
  /** Positions of `tokens` that hold a parameter (the first MAX_SLOTS), kept in step with `tokens`. */
  slotAt: number[];
  /** The counters of `slotAt`'s positions, in its order. */
  slotCounters: SlotCounter[];
  buckets: Map<number, number>;
  level?: string;
  refs: string[];
}

interface Partition {
  miner: TemplateMiner;
  clusters: Map<number, ClusterStats>;
  evicted: ClusterStats[];
}

const NS = 1_000_000_000n;

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function countersAt(slots: Map<number, SlotCounter>, positions: readonly number[]): SlotCounter[] {
  return positions.map((i) => {
    let c = slots.get(i);
    if (!c) slots.set(i, (c = new SlotCounter()));
    return c;
  });
}

function slotPositions(tokens: readonly string[], p: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < MAX_SLOTS; i++) if ((tokens[i] as string).includes(p)) out.push(i);
  return out;
}

export function truncateExample(line: string, max: number): string {
  if (line.length <= max) return line;
  return `${line.slice(0, Math.max(0, max - 1))}…`;
}

export class LogGrouper {
  private readonly opts: Required<Omit<GrouperOptions, 'miner' | 'redact'>> & { miner: MinerOptions };
  private readonly scrub: (text: string) => string;
  private readonly parts = new Map<string, Partition>();
  private lines = 0;
  private evictedClusters = 0;
  private readonly bucketNs: bigint;
  // Lines mostly arrive in time order: remember the last bucket to skip BigInt division.
  private lastBucketStart = 0n;
  private lastBucketEnd = 0n;
  private lastBucket = Number.NaN;

  constructor(opts: GrouperOptions = {}) {
    this.opts = {
      miner: opts.miner ?? GENERIC_MINER,
      maxExamples: opts.maxExamples ?? 2,
      exampleChars: opts.exampleChars ?? 300,
      histogramBucketSeconds: opts.histogramBucketSeconds ?? 60,
      maxHistogramBuckets: opts.maxHistogramBuckets ?? 720,
      maxRefs: opts.maxRefs ?? 5,
      stripHeaders: opts.stripHeaders ?? true,
      maxLineChars: opts.maxLineChars ?? 4000,
    };
    this.scrub = opts.redact === false ? (t) => t : (opts.redact ?? defaultRedact);
    this.opts.histogramBucketSeconds = Math.max(1, Math.floor(this.opts.histogramBucketSeconds));
    this.bucketNs = BigInt(this.opts.histogramBucketSeconds) * NS;
  }

  private bucketOf(tsNs: bigint): number {
    if (tsNs >= this.lastBucketStart && tsNs < this.lastBucketEnd) return this.lastBucket;
    const b = floorDiv(tsNs, this.bucketNs);
    this.lastBucketStart = b * this.bucketNs;
    this.lastBucketEnd = this.lastBucketStart + this.bucketNs;
    this.lastBucket = Number(b);
    return this.lastBucket;
  }

  add(rec: LogRecord): void {
    this.lines++;
    let part = this.parts.get(rec.partition);
    if (!part) {
      part = { miner: new TemplateMiner(this.opts.miner), clusters: new Map(), evicted: [] };
      this.parts.set(rec.partition, part);
    }
    const raw = rec.line;
    const line = raw.charCodeAt(raw.length - 1) === 10 ? raw.slice(0, raw.charCodeAt(raw.length - 2) === 13 ? -2 : -1) : raw;
    const stripped = this.opts.stripHeaders ? stripHeader(line) : { body: line };
    const body = stripped.body.length > this.opts.maxLineChars ? stripped.body.slice(0, this.opts.maxLineChars) : stripped.body;
    const res = part.miner.add(body);
    if (res.evicted) {
      for (const id of res.evicted) {
        const st = part.clusters.get(id);
        if (!st) continue;
        part.clusters.delete(id);
        this.evictedClusters++;
        // Keep what an evicted cluster learnt unless it is a one-off, up to the miner's limit; trimming
        // only at twice the limit keeps the sort amortised.
        if (st.count > 1) {
          part.evicted.push(st);
          const keep = Math.max(1, part.miner.maxClusters);
          if (part.evicted.length >= 2 * keep) {
            part.evicted.sort((a, b) => b.count - a.count || a.clusterId - b.clusterId);
            part.evicted.length = keep;
          }
        }
      }
    }
    const level = rec.level ?? stripped.level;
    let st = part.clusters.get(res.clusterId);
    const p = part.miner.paramToken;
    if (!st) {
      st = {
        clusterId: res.clusterId,
        partition: rec.partition,
        template: res.template,
        tokens: res.templateTokens.slice(),
        count: 0,
        firstNs: rec.tsNs,
        lastNs: rec.tsNs,
        firstLine: line,
        lastLine: line,
        slots: new Map(),
        slotAt: slotPositions(res.templateTokens, p),
        slotCounters: [],
        buckets: new Map(),
        refs: [],
      };
      st.slotCounters = countersAt(st.slots, st.slotAt);
      part.clusters.set(res.clusterId, st);
    } else if (res.changed) {
      const next = res.templateTokens;
      // A position that just became a parameter held the old constant on every earlier line.
      for (let i = 0, slots = 0; i < next.length && slots < MAX_SLOTS; i++) {
        if (!(next[i] as string).includes(p)) continue;
        slots++;
        if (next[i] === p && !st.slots.has(i)) {
          const c = new SlotCounter();
          c.add(st.tokens[i] as string, st.count);
          st.slots.set(i, c);
        }
      }
      st.tokens = next.slice();
      st.slotAt = slotPositions(st.tokens, p);
      st.slotCounters = countersAt(st.slots, st.slotAt);
      st.template = res.template;
    }
    for (let k = 0; k < st.slotAt.length; k++) {
      const v = res.values[st.slotAt[k] as number] ?? '';
      (st.slotCounters[k] as SlotCounter).add(v.length > MAX_VALUE_CHARS ? truncateExample(v, MAX_VALUE_CHARS) : v);
    }
    st.count++;
    if (rec.tsNs < st.firstNs || st.count === 1) {
      st.firstNs = rec.tsNs;
      st.firstLine = line;
    }
    if (rec.tsNs >= st.lastNs) {
      st.lastNs = rec.tsNs;
      st.lastLine = line;
    }
    const b = this.bucketOf(rec.tsNs);
    st.buckets.set(b, (st.buckets.get(b) ?? 0) + 1);
    if (level && rank(level) > rank(st.level)) st.level = level;
    // Most lines repeat the ref just added: that check spares the search.
    if (rec.ref && st.refs.length < this.opts.maxRefs && st.refs.at(-1) !== rec.ref && !st.refs.includes(rec.ref)) st.refs.push(rec.ref);
  }

  stats(): GrouperStats {
    let clusters = 0;
    for (const p of this.parts.values()) clusters += p.clusters.size + p.evicted.length;
    return { lines: this.lines, partitions: this.parts.size, clusters, evictedClusters: this.evictedClusters };
  }

  patterns(): LogPattern[] {
    const out: LogPattern[] = [];
    for (const part of this.parts.values()) {
      // Clusters that converged on the same template are one pattern (as logparser's EventId).
      const byTemplate = new Map<string, ClusterStats[]>();
      for (const st of [...part.clusters.values(), ...part.evicted]) {
        const list = byTemplate.get(st.template);
        if (list) list.push(st);
        else byTemplate.set(st.template, [st]);
      }
      for (const [template, list] of byTemplate) out.push(this.toPattern(template, list));
    }
    return out.sort(
      (a, b) =>
        (a.firstNs < b.firstNs ? -1 : a.firstNs > b.firstNs ? 1 : 0) ||
        (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0) ||
        (a.template < b.template ? -1 : a.template > b.template ? 1 : 0),
    );
  }

  private toPattern(template: string, list: ClusterStats[]): LogPattern {
    const first = list.reduce((a, b) => (b.firstNs < a.firstNs ? b : a));
    const last = list.reduce((a, b) => (b.lastNs >= a.lastNs ? b : a));
    const count = list.reduce((n, s) => n + s.count, 0);
    const tokens = list[0]?.tokens ?? [];
    const p = this.paramOf();
    const params: ParamValue[][] = [];
    for (let i = 0; i < tokens.length && params.length < MAX_SLOTS; i++) {
      if (!(tokens[i] as string).includes(p)) continue;
      const merged = new SlotCounter();
      for (const s of list) for (const v of s.slots.get(i)?.top(SLOT_CAPACITY) ?? []) merged.add(v.value, v.count);
      // With `=`/`:` as delimiters the key is the previous token: `password=<*>` hides its values.
      const key = i > 0 ? (tokens[i - 1] as string) : '';
      const hide = key !== '' && isCredentialKey(key.replace(/^[^A-Za-z]+|[^A-Za-z0-9_]+$/g, ''));
      params.push(merged.top(3).map((v) => ({ value: hide && v.value !== '' ? REDACTED : this.scrub(v.value), count: v.count })));
    }
    let level: string | undefined;
    const refs: string[] = [];
    const buckets = new Map<number, number>();
    for (const s of list) {
      if (s.level && rank(s.level) > rank(level)) level = s.level;
      for (const r of s.refs) if (refs.length < this.opts.maxRefs && !refs.includes(r)) refs.push(r);
      for (const [k, v] of s.buckets) buckets.set(k, (buckets.get(k) ?? 0) + v);
    }
    // Redact before truncating so a cut never leaves half a secret that no pattern recognises.
    const example = (line: string): string => truncateExample(this.scrub(line), this.opts.exampleChars);
    const examples = [example(first.firstLine)];
    if (this.opts.maxExamples > 1 && count > 1) examples.push(example(last.lastLine));
    const pattern: LogPattern = {
      id: `lp-${fnv1a(`${first.partition}\u0000${template}`)}`,
      partition: first.partition,
      template: this.scrub(template),
      count,
      firstNs: first.firstNs,
      lastNs: last.lastNs,
      examples: examples.slice(0, Math.max(1, this.opts.maxExamples)),
      params,
      histogram: this.histogram(buckets),
      refs,
    };
    if (level) pattern.level = level;
    return pattern;
  }

  private paramOf(): string {
    return this.opts.miner.paramToken ?? '<*>';
  }

  private histogram(buckets: Map<number, number>): LogPattern['histogram'] {
    let seconds = this.opts.histogramBucketSeconds;
    let lo = Infinity;
    let hi = -Infinity;
    for (const k of buckets.keys()) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    let factor = 1;
    const max = Math.max(1, this.opts.maxHistogramBuckets);
    while (Math.floor(hi / factor) - Math.floor(lo / factor) + 1 > max) factor *= 2;
    if (factor > 1) {
      const coarse = new Map<number, number>();
      for (const [k, v] of buckets) {
        const c = Math.floor(k / factor);
        coarse.set(c, (coarse.get(c) ?? 0) + v);
      }
      buckets = coarse;
      seconds *= factor;
      lo = Math.floor(lo / factor);
      hi = Math.floor(hi / factor);
    }
    const counts = new Array<number>(hi - lo + 1).fill(0);
    for (const [k, v] of buckets) counts[k - lo] = v;
    return { bucketSeconds: seconds, startNs: BigInt(lo) * BigInt(seconds) * NS, counts };
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}
