/**
 * gather_timeline throughput and memory on a seeded 500,000-line Loki query_range file.
 * Floor (same run, same file): read the file, JSON.parse it, sort all entries by timestamp.
 * Each side runs in its own child process so peak RSS (getrusage maxRSS) is its own.
 * Goals: gather within 2x the floor's time; gather's peak memory above start-up under 2x the file size.
 *   npx tsx bench/timeline-gather.ts [lines]      (BENCH_REPS=3: runs per side; the fastest time and the highest peak memory are kept)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const START_MS = Date.UTC(2026, 2, 5, 14, 0, 0);
const SPAN_MS = 3_600_000;

interface ChildResult {
  ms: number;
  lines: number;
  rssStartKb: number;
  maxRssKb: number;
  events?: number;
  patterns?: number;
}

async function child(kind: string, file: string): Promise<void> {
  const { silentLogger } = await import('../src/log.js');
  const { gatherTimeline } = await import('../src/timeline/gather.js');
  const rssStartKb = Math.round(process.memoryUsage().rss / 1024);
  const t0 = performance.now();
  let out: ChildResult;
  if (kind === 'read') {
    // The gather's own reading cost: streamed JSON, Loki handler, normalised lines, no grouping.
    const { streamJsonDocument } = await import('../src/timeline/inputs.js');
    const { fastPair } = await import('../src/timeline/json-stream.js');
    const { lokiStreamHandler } = await import('../src/timeline/sources/loki.js');
    const { parseWindow } = await import('../src/timeline/gather.js');
    const { statSync } = await import('node:fs');
    let lines = 0;
    const handler = lokiStreamHandler({
      label: 'bench',
      window: parseWindow(new Date(START_MS).toISOString(), new Date(START_MS + SPAN_MS + 1000).toISOString()),
      warn: () => {},
      log: () => {
        lines++;
      },
    });
    await streamJsonDocument(
      { index: 0, label: 'bench', spec: { format: 'loki', path: file }, file: { path: file, size: statSync(file).size } },
      'loki',
      {
        fast: fastPair,
        split: (p) => (p.length === 5 && p[3] === 'values') || (p.length === 4 && p[3] === 'stream'),
        onValue: (p, v) => (p[3] === 'stream' ? handler.stream(p[2] as number, v) : handler.value(p[2] as number, v, () => '')),
      },
      { progress: () => {} },
    );
    out = { ms: performance.now() - t0, lines, rssStartKb, maxRssKb: process.resourceUsage().maxRSS };
  } else if (kind === 'floor') {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { data: { result: Array<{ values: Array<[string, string]> }> } };
    const all: Array<[string, string]> = [];
    for (const s of json.data.result) for (const v of s.values) all.push(v);
    // Equal-length decimal ns strings sort like their numbers.
    all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out = { ms: performance.now() - t0, lines: all.length, rssStartKb, maxRssKb: process.resourceUsage().maxRSS };
  } else {
    const { structured } = await gatherTimeline(
      {
        start: new Date(START_MS).toISOString(),
        end: new Date(START_MS + SPAN_MS + 1000).toISOString(),
        inputs: [{ format: 'auto', path: path.basename(file), label: 'bench' }],
      },
      {
        config: { logLevel: 'error', storeDir: tmpdir(), inputRoots: [path.dirname(file)], bookstackTarget: { bookId: 79 }, http: { allowedOrigins: [] } },
        signal: new AbortController().signal,
        progress: () => {},
        log: silentLogger,
        liveSources: [],
      },
    );
    const row = structured.sources[0]!;
    if (!row.ok) throw new Error(row.error);
    out = {
      ms: performance.now() - t0,
      lines: row.fetched,
      rssStartKb,
      maxRssKb: process.resourceUsage().maxRSS,
      events: structured.events.length,
      patterns: structured.events.filter((e) => e.source.kind === 'log_pattern').length + structured.omitted.patterns,
    };
  }
  process.stderr.write(`${JSON.stringify(out)}\n`);
}

function runChild(kind: string, file: string): ChildResult {
  const script = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, script, '--child', kind, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`${kind} child failed: ${res.stderr.slice(-2000)}`);
  const line = res.stderr.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return JSON.parse(line!) as ChildResult;
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 500_000);
  const { lokiChunks } = await import('../test/fixtures/timeline/generator.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-'));
  const file = path.join(dir, 'loki.json');
  const ws = createWriteStream(file);
  for (const chunk of lokiChunks(20261201, lines, START_MS, SPAN_MS)) {
    if (!ws.write(chunk)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => ws.end((e?: Error | null) => (e ? j(e) : r())));
  const size = statSync(file).size;
  try {
    // Alternate the two sides and keep each one's fastest run: the machine is shared, load varies.
    // Memory is not helped by load, so the highest peak of the runs is reported.
    const reps = Number(process.env.BENCH_REPS ?? 3);
    const floors: ChildResult[] = [];
    const gathers: ChildResult[] = [];
    const reads: ChildResult[] = [];
    for (let i = 0; i < reps; i++) {
      floors.push(runChild('floor', file));
      reads.push(runChild('read', file));
      gathers.push(runChild('gather', file));
    }
    const best = (list: ChildResult[]) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
    const highest = (list: ChildResult[]) => Math.max(...list.map((r) => r.maxRssKb - r.rssStartKb));
    const floor = { ...best(floors), maxRssKb: highest(floors), rssStartKb: 0 };
    const gather = { ...best(gathers), maxRssKb: highest(gathers), rssStartKb: 0 };
    const read = { ...best(reads), maxRssKb: highest(reads), rssStartKb: 0 };
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    const floorRate = floor.lines / (floor.ms / 1000);
    const gatherRate = gather.lines / (gather.ms / 1000);
    const speedRatio = floorRate / gatherRate;
    const peakGather = (gather.maxRssKb - gather.rssStartKb) * 1024;
    const peakFloor = (floor.maxRssKb - floor.rssStartKb) * 1024;
    const memRatio = peakGather / size;
    const out = (s: string) => process.stderr.write(`${s}\n`);
    out(`file: ${lines} lines, ${(size / 1048576).toFixed(1)} MB`);
    out(`floor  (read + JSON.parse + sort): ${floor.ms.toFixed(0)} ms, ${Math.round(floorRate)} lines/s, peak +${mb(floor.maxRssKb - floor.rssStartKb)} MB RSS`);
    out(`gather (stream + Drain + merge):   ${gather.ms.toFixed(0)} ms, ${Math.round(gatherRate)} lines/s, peak +${mb(gather.maxRssKb - gather.rssStartKb)} MB RSS, ${gather.patterns} patterns, ${gather.events} events`);
    out(`read   (stream + normalise only):  ${read.ms.toFixed(0)} ms, ${Math.round(read.lines / (read.ms / 1000))} lines/s, peak +${mb(read.maxRssKb)} MB RSS`);
    out(`speed: gather takes ${speedRatio.toFixed(2)}x the floor's time (goal <= 2)`);
    out(`memory: gather peak ${memRatio.toFixed(2)}x the file size (goal < 2); floor ${(peakFloor / size).toFixed(2)}x`);
    // The one line on stdout is the machine-readable result.
    process.stdout.write(
      `${JSON.stringify({
        bench: 'timeline-gather',
        lines,
        reps,
        fileBytes: size,
        floorMs: Math.round(floor.ms),
        gatherMs: Math.round(gather.ms),
        floorLinesPerSec: Math.round(floorRate),
        gatherLinesPerSec: Math.round(gatherRate),
        speedRatio: Number(speedRatio.toFixed(3)),
        readMs: Math.round(read.ms),
        readSpeedRatio: Number((read.ms / floor.ms).toFixed(3)),
        readPeakBytes: read.maxRssKb * 1024,
        gatherPeakBytes: peakGather,
        floorPeakBytes: peakFloor,
        memoryRatio: Number(memRatio.toFixed(3)),
        floorMemoryRatio: Number((peakFloor / size).toFixed(3)),
        goals: { speedRatio: 2, memoryRatio: 2 },
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();
