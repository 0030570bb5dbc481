// A Loki HTTP API simulator faithful to design/timeline.md §3.2 and grafana/loki's
// docs/sources/reference/loki-http-api.md: query_range (start inclusive, end exclusive, ns / float s /
// RFC 3339, limit default 100, forward/backward, max_entries_limit_per_query 400, max query length 400,
// at-least-one-non-empty-matcher 400), labels, index/stats, patterns (10 s buckets, `<_>`), tenant
// header and bearer token checks. Test code only.
import { bearer, header, parseLokiTime, startSim, type Sim, type SimOptions, type SimReply, type SimRequest } from './live-base.js';

export interface LokiStream {
  stream: Record<string, string>;
  /** [ns string, line] in any order. */
  values: Array<[string, string]>;
}

export interface LokiSimOptions extends SimOptions {
  streams: LokiStream[];
  maxEntriesPerQuery?: number;
  /** Max query length in ns (Loki's `max_query_length`); default 721h. */
  maxQueryLengthNs?: bigint;
  /** `enabled`: /patterns answers; `disabled`: 404 like a Loki without the pattern ingester route; `empty-ring`: 500. */
  patterns?: 'enabled' | 'disabled' | 'empty-ring';
  indexStats?: boolean;
  /** Required X-Scope-OrgID (multi-tenant Loki); absent = auth_enabled false. */
  tenant?: string;
  token?: string;
  /** Answer a repeated identical request from memory (benchmarks: keeps the server's CPU out of the client's figure). */
  cacheAnswers?: boolean;
}

export interface LokiSim extends Sim {
  /** Total entries the sim holds. */
  readonly entries: number;
}

interface Entry {
  ts: bigint;
  tsText: string;
  line: string;
  streamKey: string;
  stream: Record<string, string>;
}

type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string; re?: RegExp };
type LineFilter = { op: '|=' | '!=' | '|~' | '!~'; value: string; re?: RegExp };

const NS_PER_HOUR = 3_600_000_000_000n;

export function streamKey(stream: Record<string, string>): string {
  return Object.keys(stream)
    .sort()
    .map((k) => `${k}=${JSON.stringify(stream[k])}`)
    .join(',');
}

function unquote(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  return JSON.parse(raw) as string;
}

export function parseLogQL(query: string): { matchers: Matcher[]; filters: LineFilter[] } {
  const q = query.trim();
  const sel = /^\{([^}]*)\}/.exec(q);
  if (!sel) throw new Error(`parse error : syntax error: unexpected IDENTIFIER, expecting { (query: ${q.slice(0, 40)})`);
  const matchers: Matcher[] = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*,?/gy;
  const body = sel[1]!;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body)) !== null) {
    const op = m[2] as Matcher['op'];
    const value = unquote(m[3]!);
    matchers.push({ name: m[1]!, op, value, ...(op.includes('~') ? { re: new RegExp(`^(?:${value})$`) } : {}) });
    consumed = re.lastIndex;
  }
  if (body.slice(consumed).trim() !== '') throw new Error('parse error : syntax error in stream selector');
  const filters: LineFilter[] = [];
  const rest = q.slice(sel[0].length);
  const fre = /\s*(\|=|!=|\|~|!~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/gy;
  let last = 0;
  while ((m = fre.exec(rest)) !== null) {
    const op = m[1] as LineFilter['op'];
    const value = unquote(m[2]!);
    filters.push({ op, value, ...(op.includes('~') ? { re: new RegExp(value) } : {}) });
    last = fre.lastIndex;
  }
  // Other pipeline stages (| json, | logfmt, | label filters) are accepted and ignored here.
  if (rest.slice(last).trim() !== '' && !rest.slice(last).trim().startsWith('|')) throw new Error('parse error : syntax error after the selector');
  return { matchers, filters };
}

function selects(matchers: Matcher[], stream: Record<string, string>): boolean {
  return matchers.every((mt) => {
    const v = stream[mt.name] ?? '';
    switch (mt.op) {
      case '=':
        return v === mt.value;
      case '!=':
        return v !== mt.value;
      case '=~':
        return mt.re!.test(v);
      case '!~':
        return !mt.re!.test(v);
    }
  });
}

function passes(filters: LineFilter[], line: string): boolean {
  return filters.every((f) => {
    switch (f.op) {
      case '|=':
        return line.includes(f.value);
      case '!=':
        return !line.includes(f.value);
      case '|~':
        return f.re!.test(line);
      case '!~':
        return !f.re!.test(line);
    }
  });
}

function formatDuration(ns: bigint): string {
  const totalS = Number(ns / 1_000_000_000n);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return `${h}h${m}m${s}s`;
}

function lokiError(status: number, message: string): SimReply {
  // Loki answers errors as plain text (the query frontend) or JSON {status:"error"} depending on version; plain text here.
  return { status, text: message };
}

/** A crude masker standing in for the pattern ingester's Drain (enough for the wire format). */
export function simPattern(line: string): string {
  return line
    .split(' ')
    .map((tok) => (/\d/.test(tok) ? '<_>' : tok))
    .join(' ');
}

export async function startLokiSim(options: LokiSimOptions): Promise<LokiSim> {
  const maxEntries = options.maxEntriesPerQuery ?? 5000;
  const maxLen = options.maxQueryLengthNs ?? 721n * NS_PER_HOUR;
  const all: Entry[] = [];
  for (const s of options.streams) {
    const key = streamKey(s.stream);
    for (const [ts, line] of s.values) all.push({ ts: BigInt(ts), tsText: BigInt(ts).toString(), line, streamKey: key, stream: s.stream });
  }
  all.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.streamKey < b.streamKey ? -1 : a.streamKey > b.streamKey ? 1 : 0));
  const perStream = new Map<string, { stream: Record<string, string>; ts: bigint[]; bytes: number[] }>();
  for (const e of all) {
    let info = perStream.get(e.streamKey);
    if (!info) {
      info = { stream: e.stream, ts: [], bytes: [0] };
      perStream.set(e.streamKey, info);
    }
    info.ts.push(e.ts);
    info.bytes.push(info.bytes[info.bytes.length - 1]! + e.line.length);
  }
  const lowerBound = (xs: bigint[], x: bigint): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const auth = (req: SimRequest): SimReply | undefined => {
    if (options.token !== undefined && bearer(req) !== options.token) return lokiError(401, 'Unauthorized');
    if (options.tenant !== undefined) {
      const org = header(req, 'x-scope-orgid');
      if (!org) return lokiError(401, 'no org id');
      if (!org.split('|').includes(options.tenant)) return { status: 200, json: emptyFor(req) };
    }
    return undefined;
  };

  const emptyFor = (req: SimRequest): unknown => {
    if (req.path.endsWith('/query_range')) return { status: 'success', data: { resultType: 'streams', result: [], stats: {} } };
    if (req.path.endsWith('/patterns')) return { status: 'success', data: [] };
    if (req.path.endsWith('/index/stats')) return { streams: 0, chunks: 0, entries: 0, bytes: 0 };
    return { status: 'success', data: [] };
  };

  const range = (req: SimRequest, nowNs: bigint) => {
    const end = parseLokiTime(req.query.get('end'), nowNs);
    const start = parseLokiTime(req.query.get('start'), end - NS_PER_HOUR);
    return { start, end };
  };

  const select = (query: string, start: bigint, end: bigint, stopAfter = Infinity): Entry[] => {
    const { matchers, filters } = parseLogQL(query);
    if (!matchers.some((mt) => (mt.op === '=' && mt.value !== '') || (mt.op === '=~' && !mt.re!.test('')))) {
      throw Object.assign(
        new Error('queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will'),
        { status: 400 },
      );
    }
    const out: Entry[] = [];
    // Matchers apply to streams, so evaluate them once per stream, not per entry.
    const chosen = new Map<string, boolean>();
    for (const [key, info] of perStream) chosen.set(key, selects(matchers, info.stream));
    // `all` is sorted by time: start at the first entry >= start.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid]!.ts < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < all.length; i++) {
      const e = all[i]!;
      if (e.ts >= end) break;
      if (!chosen.get(e.streamKey)) continue;
      if (filters.length > 0 && !passes(filters, e.line)) continue;
      out.push(e);
      if (out.length >= stopAfter) break;
    }
    return out;
  };

  const handler = (req: SimRequest): SimReply => {
    const denied = auth(req);
    if (denied) return denied;
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    try {
      if (req.path === '/loki/api/v1/query_range') {
        const query = req.query.get('query') ?? '';
        const limit = Number(req.query.get('limit') ?? '100');
        if (!Number.isInteger(limit) || limit <= 0) return lokiError(400, 'limit must be a positive value');
        if (limit > maxEntries) {
          return lokiError(400, `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntries})`);
        }
        const direction = req.query.get('direction') ?? 'backward';
        const { start, end } = range(req, nowNs);
        if (end <= start) return lokiError(400, 'the end timestamp must not be before or equal to the start time');
        if (end - start > maxLen) {
          return lokiError(400, `the query time range exceeds the limit (query length: ${formatDuration(end - start)}, limit: ${formatDuration(maxLen)})`);
        }
        const matched = select(query, start, end, direction === 'forward' ? limit : Infinity);
        const picked = direction === 'forward' ? matched.slice(0, limit) : matched.slice(-limit).reverse();
        const byStream = new Map<string, LokiStream>();
        for (const e of picked) {
          let s = byStream.get(e.streamKey);
          if (!s) {
            s = { stream: e.stream, values: [] };
            byStream.set(e.streamKey, s);
          }
          s.values.push([e.tsText, e.line]);
        }
        return {
          status: 200,
          json: {
            status: 'success',
            data: {
              resultType: 'streams',
              result: [...byStream.values()],
              stats: { summary: { totalEntriesReturned: picked.length } },
            },
          },
        };
      }
      if (req.path === '/loki/api/v1/labels') {
        const { start, end } = range(req, nowNs);
        const names = new Set<string>();
        for (const info of perStream.values()) {
          if (lowerBound(info.ts, start) < lowerBound(info.ts, end)) for (const k of Object.keys(info.stream)) names.add(k);
        }
        return { status: 200, json: { status: 'success', data: [...names].sort() } };
      }
      if (req.path === '/loki/api/v1/index/stats') {
        if (options.indexStats === false) return lokiError(404, '404 page not found');
        const { start, end } = range(req, nowNs);
        const { matchers } = parseLogQL(req.query.get('query') ?? '');
        let streams = 0;
        let entries = 0;
        let bytes = 0;
        for (const info of perStream.values()) {
          if (!selects(matchers, info.stream)) continue;
          const a = lowerBound(info.ts, start);
          const b = lowerBound(info.ts, end);
          if (b <= a) continue;
          streams++;
          entries += b - a;
          bytes += info.bytes[b]! - info.bytes[a]!;
        }
        return { status: 200, json: { streams, chunks: Math.ceil(entries / 1000), entries, bytes } };
      }
      if (req.path === '/loki/api/v1/patterns') {
        const mode = options.patterns ?? 'disabled';
        if (mode === 'disabled') return lokiError(404, '404 page not found');
        if (mode === 'empty-ring') return lokiError(500, 'empty ring');
        const { start, end } = range(req, nowNs);
        const stepS = BigInt(Math.max(10, Number((req.query.get('step') ?? '10s').replace(/s$/, '')) || 10));
        const query = req.query.get('query') ?? '';
        if (/\}\s*\S/.test(query)) return lokiError(400, 'only label matchers are supported by the patterns endpoint');
        const matched = select(query, start, end);
        const patterns = new Map<string, Map<bigint, number>>();
        for (const e of matched) {
          const p = simPattern(e.line);
          const bucket = (e.ts / 1_000_000_000n / stepS) * stepS;
          const samples = patterns.get(p) ?? new Map<bigint, number>();
          samples.set(bucket, (samples.get(bucket) ?? 0) + 1);
          patterns.set(p, samples);
        }
        return {
          status: 200,
          json: {
            status: 'success',
            data: [...patterns].map(([pattern, samples]) => ({
              pattern,
              samples: [...samples].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([t, c]) => [Number(t), c]),
            })),
          },
        };
      }
      return lokiError(404, '404 page not found');
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      return lokiError(status, (error as Error).message);
    }
  };

  const cache = new Map<string, SimReply>();
  const cached = (req: SimRequest): SimReply => {
    const key = `${req.path}?${req.query.toString()}|${header(req, 'authorization') ?? ''}|${header(req, 'x-scope-orgid') ?? ''}`;
    let reply = cache.get(key);
    if (!reply) {
      reply = handler(req);
      if (reply.json !== undefined) reply = { ...reply, text: JSON.stringify(reply.json), headers: { 'content-type': 'application/json', ...(reply.headers ?? {}) }, json: undefined };
      cache.set(key, reply);
    }
    return reply;
  };
  const sim = await startSim(options.cacheAnswers ? cached : handler, options);
  return Object.assign(sim, { entries: all.length });
}
