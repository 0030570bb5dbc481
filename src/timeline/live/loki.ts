/**
 * Live Loki (design/timeline.md §3.2): query_range forward in pages of `limit` entries, the next page
 * starting at the last timestamp with boundary duplicates dropped by (labels, tsNs, line), `end` one
 * nanosecond past the window, intervals no longer than the max query length (adapting to the limits
 * the server reports in its 400s). A volume guard (index/stats) chooses between raw lines and the
 * /patterns fast path. Pages go to the exported-evidence parser unchanged.
 */
import { UpstreamError } from '../../errors.js';
import type { Config } from '../../config.js';
import type { HttpClient } from '../../http/client.js';
import { parseLokiResponse } from '../sources/loki.js';
import { nsToIso } from '../time.js';
import type { LiveSource, LiveSourceDeps, LiveSourceResult, LogLine, TimeWindow, TimelineEvent, TimelineFilters } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, makeClient, sourceFailure, sourceSignal, type Collector, type LiveOptions } from './common.js';

const NS_PER_MS = 1_000_000n;
export const DEFAULT_PAGE_LIMIT = 5000;
export const DEFAULT_MAX_LINES = 200_000;
export const DEFAULT_BASELINE_MAX_LINES = 50_000;
const DEFAULT_MAX_QUERY_LENGTH_MS = 721 * 3_600_000;
const MAX_REQUESTS = 2_000;
const MAX_PARALLEL = 4;

type LokiConfig = NonNullable<Config['loki']>;

interface StreamJson {
  stream?: Record<string, string>;
  values?: Array<[string, string, ...unknown[]]>;
}

interface QueryRangeJson {
  status?: string;
  data?: { resultType?: string; result?: StreamJson[] };
}

/** Label used for `filters.services`, in order of preference, when the server has it. */
const SERVICE_LABEL_PREFERENCE = ['service_name', 'app', 'service', 'app_kubernetes_io_name', 'container', 'job'];
const BROAD_LABEL_PREFERENCE = ['namespace', 'service_name', 'app', 'job', 'container', 'unit', 'filename'];

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/** The stream selector part of a LogQL query (`{...}`), or undefined when it does not start with one. */
export function selectorOf(logql: string): string | undefined {
  const q = logql.trim();
  if (!q.startsWith('{')) return undefined;
  let inQuote: string | undefined;
  for (let i = 1; i < q.length; i++) {
    const c = q[i]!;
    if (inQuote) {
      if (c === '\\' && inQuote === '"') i++;
      else if (c === inQuote) inQuote = undefined;
    } else if (c === '"' || c === '`') inQuote = c;
    else if (c === '}') return q.slice(0, i + 1);
  }
  return undefined;
}

export function buildSelector(filters: TimelineFilters, labels: string[] | undefined): { query: string; note?: string } {
  if (filters.logql && filters.logql.trim() !== '') return { query: filters.logql.trim() };
  const have = (name: string) => labels === undefined || labels.includes(name);
  const parts: string[] = [];
  const notes: string[] = [];
  if (filters.namespaces && filters.namespaces.length > 0) {
    parts.push(`namespace=~${quote(filters.namespaces.map(escapeRegex).join('|'))}`);
  }
  if (filters.services && filters.services.length > 0) {
    const label = SERVICE_LABEL_PREFERENCE.find((l) => labels?.includes(l)) ?? 'service_name';
    parts.push(`${label}=~${quote(filters.services.map(escapeRegex).join('|'))}`);
    if (labels && !labels.includes(label)) notes.push(`no service label found in Loki; matched services on ${label}`);
  }
  if (parts.length === 0) {
    const label = BROAD_LABEL_PREFERENCE.find((l) => have(l)) ?? 'job';
    parts.push(`${label}=~".+"`);
    notes.push(`no filters given: read every stream with a ${label} label; pass filters.logql, services or namespaces to narrow`);
  }
  return { query: `{${parts.join(', ')}}`, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

interface RangeError400 {
  maxEntries?: number;
  maxLengthMs?: number;
  message: string;
}

function parse400(body: string): RangeError400 {
  let text = body;
  // Some Loki versions and gateways answer {"status":"error","error":"..."} or {"message":"..."}.
  if (text.trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(text) as { error?: unknown; message?: unknown };
      const m = typeof j.error === 'string' ? j.error : typeof j.message === 'string' ? j.message : undefined;
      if (m) text = m;
    } catch {
      // not JSON after all: keep the text
    }
  }
  const entries = /max_entries_limit_per_query \((\d+) > (\d+)\)/.exec(text);
  const length = /limit: ((?:\d+h)?(?:\d+m)?(?:\d+(?:\.\d+)?s)?)\)/.exec(text);
  const out: RangeError400 = { message: text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200) };
  if (entries) out.maxEntries = Number(entries[2]);
  if (length && /query (time range|length)/.test(text)) {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(length[1]!);
    if (m) out.maxLengthMs = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  }
  return out;
}

export function createLokiSource(config: LokiConfig, options: LiveOptions = {}): LiveSource {
  return {
    system: 'loki',
    async fetch(window, filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      const headers: Record<string, string> = {};
      if (config.tenant) headers['x-scope-orgid'] = config.tenant;
      const client = makeClient({ system: 'loki', endpoint: config, urlVariable: 'LOKI_URL', headers, options });
      try {
        return await fetchLoki(client, window, filters, deps, guard.signal, options);
      } catch (error) {
        throw sourceFailure('loki', error, { urlVariable: 'LOKI_URL', tokenVariable: config.tenant ? 'LOKI_TOKEN and LOKI_TENANT' : 'LOKI_TOKEN', timeoutMs, expired: guard.expired() });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'loki', requests: client.stats.requests, retries: client.stats.retries, durationMs: Date.now() - started });
        await client.close();
      }
    },
  };
}

async function fetchLoki(
  client: HttpClient,
  window: TimeWindow,
  filters: TimelineFilters,
  deps: LiveSourceDeps,
  signal: AbortSignal,
  options: LiveOptions,
): Promise<LiveSourceResult> {
  const tuning = options.loki ?? {};
  let pageLimit = tuning.pageLimit ?? DEFAULT_PAGE_LIMIT;
  const maxLines = tuning.maxLines ?? DEFAULT_MAX_LINES;
  let maxLenNs = BigInt(tuning.maxQueryLengthMs ?? DEFAULT_MAX_QUERY_LENGTH_MS) * NS_PER_MS;
  const notes: string[] = [];
  const warnings: string[] = [];

  let labels: string[] | undefined;
  if (!filters.logql) {
    const res = await client.request<{ data?: unknown }>({ path: '/loki/api/v1/labels', query: { start: window.startNs.toString(), end: window.endNs.toString() }, signal, accept: [400, 404] });
    if (res.status === 200 && Array.isArray(res.body?.data)) labels = res.body.data.filter((l): l is string => typeof l === 'string');
  }
  const { query, note } = buildSelector(filters, labels);
  if (note) notes.push(note);
  const selector = selectorOf(query);
  if (!selector) {
    throw new UpstreamError('loki', 'filters.logql must start with a stream selector such as {namespace="shop"}; fix the query and call gather_timeline again.', { field: 'filters.logql' });
  }

  // Volume guard: index/stats is approximate (no ingester data) but cheap.
  let estimated: number | undefined;
  {
    const res = await client.request<{ entries?: number }>({ path: '/loki/api/v1/index/stats', query: { query: selector, start: window.startNs.toString(), end: window.endNs.toString() }, signal, accept: [400, 404, 501] });
    if (res.status === 200 && typeof res.body?.entries === 'number') estimated = res.body.entries;
  }

  const col = collector(`loki ${query}`, window);
  const events: TimelineEvent[] = [];

  if (estimated !== undefined && estimated > maxLines) {
    const patterns = await client.request<string>({ path: '/loki/api/v1/patterns', query: { query: selector, start: window.startNs.toString(), end: window.endNs.toString(), step: '10s' }, signal, accept: [400, 404, 500, 501, 503], expect: 'text' });
    if (patterns.status === 200) {
      let json: unknown;
      try {
        json = JSON.parse(patterns.body);
      } catch {
        json = undefined;
      }
      const data = (json as { data?: unknown[] } | undefined)?.data;
      if (Array.isArray(data) && data.length > 0) {
        const pevents = parseLokiResponse(json, col.ctx);
        events.push(...pevents);
        const total = pevents.reduce((n, e) => n + e.count, 0);
        notes.push(`about ${estimated} entries in the window (over the ${maxLines}-line budget): used Loki's pattern ingester (${data.length} patterns, ${total} lines)`);
        if (query !== selector) warnings.push(`Loki patterns count every line of ${selector}; the pipeline in filters.logql was not applied to them.`);
        warnings.push(...col.warnings);
        return { events, fetched: total, note: notes.join('; '), warnings, truncated: false };
      }
    }
    warnings.push(`Loki holds about ${estimated} entries for ${selector} in the window, more than the ${maxLines}-line budget, and its pattern ingester did not answer; only the first ${maxLines} lines were read. Narrow filters.logql or the window.`);
  }

  let requests = 0;

  /** Pages [from, to) forward; returns the lines read and whether the budget cut it short. */
  const readRange = async (from: bigint, to: bigint, budget: number, sink: Collector, sinkEvents: TimelineEvent[], progress: boolean): Promise<{ lines: number; truncated: boolean }> => {
    let got = 0;
    const span = to - from;
    let chunkStart = from;
    while (chunkStart < to) {
      let chunkEnd = chunkStart + maxLenNs < to ? chunkStart + maxLenNs : to;
      let pageStart = chunkStart;
      let boundaryTs: bigint | undefined;
      let boundaryText = '';
      let boundaryKeys = new Set<string>();
      for (;;) {
        if (got >= budget) return { lines: got, truncated: true };
        if (++requests > MAX_REQUESTS) {
          warnings.push(`Loki paging stopped after ${MAX_REQUESTS} requests; narrow the window or filters.logql.`);
          return { lines: got, truncated: true };
        }
        const limit = Math.min(pageLimit, budget - got);
        const res = await client.request<string>({
          path: '/loki/api/v1/query_range',
          query: { query, start: pageStart.toString(), end: chunkEnd.toString(), limit, direction: 'forward' },
          signal,
          accept: [400],
          expect: 'text',
        });
        if (res.status === 400) {
          const problem = parse400(res.body);
          if (problem.maxEntries !== undefined && problem.maxEntries < pageLimit && problem.maxEntries > 0) {
            pageLimit = problem.maxEntries;
            continue;
          }
          if (problem.maxLengthMs !== undefined && problem.maxLengthMs > 0 && BigInt(problem.maxLengthMs) * NS_PER_MS < chunkEnd - pageStart) {
            maxLenNs = BigInt(problem.maxLengthMs) * NS_PER_MS;
            chunkEnd = pageStart + maxLenNs < to ? pageStart + maxLenNs : to;
            continue;
          }
          throw new UpstreamError('loki', `Loki refused the query (HTTP 400: ${problem.message}); fix filters.logql or narrow the window.`, { status: 400, field: 'filters.logql' });
        }
        let json: QueryRangeJson;
        try {
          json = JSON.parse(res.body) as QueryRangeJson;
        } catch {
          throw new UpstreamError('loki', 'Loki answered query_range with a body that is not JSON; check that LOKI_URL points at Loki (or its gateway) and not at a login page.');
        }
        const resultType = json.data?.resultType;
        if (resultType && resultType !== 'streams') {
          throw new UpstreamError('loki', `filters.logql is a metric query (${resultType}); give a log query such as {namespace="shop"} |= "error".`, { field: 'filters.logql' });
        }
        const result = json.data?.result ?? [];
        let returned = 0;
        // Timestamps stay strings here (same-length decimal strings order like numbers); BigInt only once per page.
        let maxText = '';
        let dropped = false;
        const fresh: StreamJson[] = [];
        for (const stream of result) {
          const values = stream.values ?? [];
          returned += values.length;
          let key: string | undefined;
          let keep: Array<[string, string, ...unknown[]]> | undefined;
          for (let i = 0; i < values.length; i++) {
            const v = values[i]!;
            // Entries at the previous page's last instant were partly seen: drop exactly those.
            if (boundaryTs !== undefined && v[0] === boundaryText) {
              key ??= streamKey(stream.stream);
              if (boundaryKeys.has(`${key}\u0000${v[1]}`)) {
                keep ??= values.slice(0, i);
                dropped = true;
                continue;
              }
            }
            keep?.push(v);
            if (nsAfter(v[0], maxText)) maxText = v[0];
          }
          const kept = keep ?? values;
          if (kept.length > 0) fresh.push(keep ? { ...(stream.stream ? { stream: stream.stream } : {}), values: kept } : stream);
        }
        const maxTs = maxText === '' ? -1n : BigInt(maxText);
        const atMax: string[] = [];
        if (fresh.length > 0) {
          const before = sink.lines.length;
          sinkEvents.push(...parseLokiResponse(dropped || fresh.length !== result.length ? { status: 'success', data: { resultType: 'streams', result: fresh } } : json, sink.ctx));
          got += sink.lines.length - before;
          for (const st of fresh) {
            const vals = st.values ?? [];
            // Only the tail can hold the page's last instant (values are time-ordered per stream).
            const last = vals.at(-1);
            if (!last || last[0] !== maxText) continue;
            const key = streamKey(st.stream);
            for (let i = vals.length - 1; i >= 0 && vals[i]![0] === maxText; i--) atMax.push(`${key}\u0000${vals[i]![1]}`);
          }
        }
        if (progress) {
          const done = (maxTs > pageStart ? maxTs : pageStart) - from;
          deps.progress(Math.min(100, (Number(done) / Math.max(1, Number(span))) * 100), 100, `loki: ${got} lines`);
        }
        if (returned < limit) break;
        if (maxTs < 0n || (maxTs === pageStart && fresh.length === 0)) {
          // More than `limit` entries share one timestamp: step past it rather than loop.
          warnings.push(`Loki has more than ${limit} entries at one instant (${pageStart}); some were skipped.`);
          pageStart = pageStart + 1n;
          boundaryTs = undefined;
          boundaryKeys = new Set();
          continue;
        }
        if (boundaryTs === maxTs) {
          for (const k of atMax) boundaryKeys.add(k);
        } else {
          boundaryTs = maxTs;
          boundaryText = maxTs.toString();
          boundaryKeys = new Set(atMax);
        }
        pageStart = maxTs;
      }
      chunkStart = chunkEnd;
    }
    return { lines: got, truncated: false };
  };

  // end is exclusive in Loki: one ns past the window end includes an entry exactly at `end`.
  const finalEnd = window.endNs + 1n;
  // With a known volume that fits the budget, page a few sub-ranges at once so Loki prepares the
  // next page while this side parses one; the lines are joined back in time order.
  const parallel = estimated !== undefined && estimated <= maxLines && estimated > pageLimit * 2 ? Math.min(MAX_PARALLEL, Math.ceil(estimated / pageLimit)) : 1;
  let fetched = 0;
  let truncated = false;
  if (parallel === 1) {
    const main = await readRange(window.startNs, finalEnd, maxLines, col, events, true);
    fetched = main.lines;
    truncated = main.truncated;
  } else {
    const span = finalEnd - window.startNs;
    const parts = Array.from({ length: parallel }, (_, i) => {
      const from = window.startNs + (span * BigInt(i)) / BigInt(parallel);
      const to = i === parallel - 1 ? finalEnd : window.startNs + (span * BigInt(i + 1)) / BigInt(parallel);
      return { from, to, sink: collector(col.ctx.label, window), events: [] as TimelineEvent[] };
    });
    const results = await Promise.all(parts.map((p, i) => readRange(p.from, p.to, maxLines, p.sink, p.events, i === 0)));
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      for (const l of part.sink.lines) col.lines.push(l);
      events.push(...part.events);
      for (const w of part.sink.warnings) col.ctx.warn(w);
      fetched += results[i]!.lines;
      truncated ||= results[i]!.truncated;
    }
    if (fetched > maxLines) {
      col.lines.length = maxLines;
      fetched = maxLines;
      truncated = true;
    }
  }
  if (truncated && fetched >= maxLines && !warnings.some((w) => w.startsWith('Loki holds about'))) {
    warnings.push(`Loki: stopped after ${maxLines} lines (the line budget); later lines in the window were not read. Narrow filters.logql or the window.`);
  }

  // A baseline of equal length just before the window lets the grouper mark patterns as new.
  let baselineLines = 0;
  const baselineBudget = Math.min(maxLines - fetched, tuning.baselineMaxLines ?? DEFAULT_BASELINE_MAX_LINES);
  if (tuning.baseline !== false && !truncated && baselineBudget > 0) {
    const length = window.endNs - window.startNs;
    let from = window.startNs - length;
    const stats = await client.request<{ entries?: number }>({ path: '/loki/api/v1/index/stats', query: { query: selector, start: from.toString(), end: window.startNs.toString() }, signal, accept: [400, 404, 501] });
    const entries = stats.status === 200 && typeof stats.body?.entries === 'number' ? stats.body.entries : undefined;
    if (entries !== undefined && entries > baselineBudget) {
      // Keep the part nearest the window when the whole baseline would not fit.
      from = window.startNs - (length * BigInt(baselineBudget)) / BigInt(entries);
    }
    if (entries !== 0) {
      const base = await readRange(from, window.startNs, baselineBudget, col, events, false);
      baselineLines = base.lines;
    }
    if (baselineLines > 0) notes.push(`${baselineLines} baseline lines from ${nsToIso(from)} before the window, for novelty`);
  }

  warnings.push(...col.warnings);
  notes.unshift(`${requests} query_range request(s), ${fetched} lines${estimated !== undefined ? ` (index/stats estimated ${estimated})` : ''}`);
  return {
    events,
    logs: byStream(col.lines),
    fetched: fetched + baselineLines + events.length,
    ...(truncated ? { truncated } : {}),
    note: notes.join('; '),
    ...(warnings.length ? { warnings } : {}),
  };
}

/**
 * Lines stream by stream (each in time order), as an exported query_range file lists them: the
 * grouper then sees each partition's lines in the same order whichever way they were gathered.
 */
function byStream(lines: LogLine[]): LogLine[] {
  const buckets = new Map<string, LogLine[]>();
  for (const l of lines) {
    const b = buckets.get(l.ref);
    if (b) b.push(l);
    else buckets.set(l.ref, [l]);
  }
  if (buckets.size <= 1) return lines;
  const out: LogLine[] = [];
  for (const b of buckets.values()) for (const l of b) out.push(l);
  return out;
}

/** a > b for decimal ns strings without leading zeros ('' is below everything). */
function nsAfter(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function streamKey(stream: Record<string, string> | undefined): string {
  if (!stream) return '';
  const keys = Object.keys(stream).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${stream[k]}\u0002`;
  return out;
}
