// gather_timeline from live Loki vs the same lines as an export (issue 7): a two-hour window with
// 50,000 lines served by the local Loki simulator, against the identical lines written as a
// query_range export file and gathered through `inputs`. Reports the requests the live source made
// and the wall-time ratio live / export (goal ≤ 1.5), median of several alternating runs.
// The simulator runs in a child process, as a real Loki would, so its own work is not billed to
// the product. Run: npx tsx bench/timeline-live.ts [lines] [runs]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../src/http/client.js';
import { silentLogger } from '../src/log.js';
import { gatherTimeline } from '../src/timeline/gather.js';
import { buildLiveSources } from '../src/timeline/live/index.js';
import { startLokiSim } from '../test/sim/loki.js';
import { buildIncident } from '../test/integration/timeline-live-incident.js';

const SERVE = process.argv[2] === '--serve-loki';
const args = SERVE ? process.argv.slice(3) : process.argv.slice(2);
const LINES = Number(args[0] ?? 50_000);
const RUNS = Number(args[1] ?? 7);
const START_MS = Date.parse('2026-03-05T14:00:00Z');
const END_MS = START_MS + 2 * 3_600_000;
const GOAL = 1.5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function serve(): Promise<void> {
  const sim = await startLokiSim({ streams: buildIncident(START_MS, END_MS, LINES, 11).loki, cacheAnswers: args[1] === 'cached' });
  process.stdout.write(`${sim.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

async function startChildSim(cached: boolean): Promise<{ url: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve-loki', String(LINES), cached ? 'cached' : 'fresh'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the Loki simulator exited (${code})`)));
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl).trim());
    });
  });
  return {
    url,
    close: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      if (child.exitCode === null) await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-bench-live-'));
  const start = new Date(START_MS).toISOString();
  const end = new Date(END_MS).toISOString();
  const incident = buildIncident(START_MS, END_MS, LINES, 11);
  // Two simulators: one that works out every answer (its CPU competes with ours on this machine, as
  // it would not with a real Loki elsewhere) and one that replays answers it already computed.
  const fresh = await startChildSim(false);
  const cached = await startChildSim(true);
  const file = path.join(dir, 'loki.json');
  writeFileSync(file, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: incident.loki, stats: {} } }));
  const configs = {
    fresh: loadConfig({ LOKI_URL: fresh.url, POSTMORTEM_INPUT_ROOTS: dir }, { cwd: dir }),
    cached: loadConfig({ LOKI_URL: cached.url, POSTMORTEM_INPUT_ROOTS: dir }, { cwd: dir }),
  };
  const times: Record<'fresh' | 'cached' | 'export', number[]> = { fresh: [], cached: [], export: [] };
  let requests = 0;
  let liveEvents = 0;
  let exportEvents = 0;
  let liveLines = 0;
  try {
    for (let run = 0; run < RUNS + 1; run++) {
      const order: Array<'fresh' | 'cached' | 'export'> = run % 2 === 0 ? ['fresh', 'export', 'cached'] : ['cached', 'export', 'fresh'];
      for (const which of order) {
        const clients: HttpClient[] = [];
        const http = (o: HttpClientOptions) => {
          const c = createHttpClient(o);
          clients.push(c);
          return c;
        };
        const config = which === 'export' ? configs.fresh : configs[which];
        const deps = { config, signal: new AbortController().signal, progress: () => {}, log: silentLogger };
        const t0 = performance.now();
        if (which === 'export') {
          const res = await gatherTimeline({ start, end, sources: [], inputs: [{ format: 'loki', path: file }] }, { ...deps, liveSources: [] });
          if (run > 0) times.export.push(performance.now() - t0);
          exportEvents = res.structured.events.length;
        } else {
          const res = await gatherTimeline({ start, end }, { ...deps, liveSources: buildLiveSources(config, http) });
          if (run > 0) times[which].push(performance.now() - t0);
          requests = clients.reduce((n, c) => n + c.stats.requests, 0);
          liveEvents = res.structured.events.length;
          liveLines = res.structured.sources[0]?.fetched ?? 0;
        }
      }
    }
  } finally {
    await fresh.close();
    await cached.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const live = median(times.fresh);
  const liveCached = median(times.cached);
  const exp = median(times.export);
  const ratio = live / exp;
  const ratioCached = liveCached / exp;
  // The minimum is the run least disturbed by other work on a shared machine.
  const minRatio = Math.min(...times.fresh) / Math.min(...times.export);
  const out = process.stdout;
  out.write(`timeline-live: ${LINES} Loki lines over a 2 h window (simulator in a child process), median of ${RUNS} runs after one warm-up\n`);
  out.write(`  live            : ${live.toFixed(0)} ms, ${requests} HTTP requests (${liveLines} lines fetched), ${liveEvents} events\n`);
  out.write(`  live (replayed) : ${liveCached.toFixed(0)} ms (simulator answers from memory: our side only)\n`);
  out.write(`  export          : ${exp.toFixed(0)} ms, ${exportEvents} events\n`);
  out.write(`  ratio live/export: median ${ratio.toFixed(2)}, best run ${minRatio.toFixed(2)} (goal <= ${GOAL}) ${ratio <= GOAL ? 'OK' : 'OVER GOAL'}; without the simulator's CPU: ${ratioCached.toFixed(2)}\n`);
  out.write(`${JSON.stringify({ bench: 'timeline-live', lines: LINES, runs: RUNS, requests, liveMs: Math.round(live), liveReplayedMs: Math.round(liveCached), exportMs: Math.round(exp), ratio: Number(ratio.toFixed(3)), ratioBest: Number(minRatio.toFixed(3)), ratioReplayed: Number(ratioCached.toFixed(3)), goal: GOAL, ok: ratio <= GOAL })}\n`);
}

(SERVE ? serve() : main()).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
