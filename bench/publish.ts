/**
 * bench/publish: BookStack HTTP requests per save (create, unchanged re-save, update, create with a
 * new chapter, create into an existing chapter, dry run), measured against the BookStack simulator,
 * and the time to drain an outbox of 100 documents under BookStack's default 180 requests/minute.
 * The drain runs on a virtual clock shared by the simulator's throttle and the client's waits, so the
 * projected time is what a real 60-second window would cost while the wall time stays short.
 * Peer measured in the same run: a naive client that always POSTs (1 request per save, but every
 * re-save is a duplicate page).
 *
 *   npx tsx bench/publish.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBookStackClient } from '../src/bookstack/client.js';
import { publishPostmortem, type PublishDeps } from '../src/bookstack/publisher.js';
import { createStore } from '../src/bookstack/store.js';
import { SYNC_TIMEOUTS, syncOutbox } from '../src/bookstack/sync.js';
import { DEFAULT_TOKEN, startBookStackSim } from '../test/sim/bookstack.js';

function doc(title: string, body = 'The resolver cache expired and upstream DNS was unreachable.'): string {
  return `# Postmortem: ${title}\n\n**Date:** 2026-11-30\n**Severity:** P2\n**Status:** Resolved\n\n## Executive Summary\n\n${body}\n\n## Root Cause\n\nA missing retry in the DNS forwarder.\n`;
}

function virtualClock() {
  let t = Date.UTC(2026, 11, 1, 20, 0, 0);
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'pm-bench-'));
  dirs.push(d);
  return d;
}

async function env(rateLimit = 100_000) {
  const clock = virtualClock();
  const sim = await startBookStackSim({ now: clock.now, rateLimit });
  const client = createBookStackClient({ url: sim.url, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret, sleep: clock.sleep, now: clock.now, overallTimeoutMs: SYNC_TIMEOUTS.overallTimeoutMs });
  const store = createStore(tmp());
  const deps: PublishDeps = { client, store, defaults: { bookId: 79 }, clock: clock.now, sleep: clock.sleep, keepLocalCopy: false };
  return { sim, client, store, deps, clock };
}

interface Row {
  scenario: string;
  requests: number;
  writes: number;
  action: string;
}

async function perSave(): Promise<Row[]> {
  const rows: Row[] = [];
  const e = await env();
  const measure = async (scenario: string, fn: () => Promise<{ action: string }>) => {
    const before = e.sim.requests.length;
    const r = await fn();
    const reqs = e.sim.requests.slice(before);
    rows.push({ scenario, requests: reqs.length, writes: reqs.filter((q) => q.method !== 'GET').length, action: r.action });
  };
  await measure('create (book)', () => publishPostmortem({ markdown: doc('DNS outage') }, e.deps));
  await measure('unchanged re-save', () => publishPostmortem({ markdown: doc('DNS outage') }, e.deps));
  await measure('update (edited)', () => publishPostmortem({ markdown: doc('DNS outage', 'Edited after review.') }, e.deps));
  await measure('update (tags only)', () => publishPostmortem({ markdown: doc('DNS outage', 'Edited after review.'), tags: [{ name: 'team', value: 'infra' }] }, e.deps));
  await measure('create + new chapter', () => publishPostmortem({ markdown: doc('Disk full'), chapter: 'Postmortems' }, e.deps));
  await measure('create, chapter exists', () => publishPostmortem({ markdown: doc('TLS expiry'), chapter: 'Postmortems' }, e.deps));
  await measure('dry run (existing page)', () => publishPostmortem({ markdown: doc('TLS expiry'), dryRun: true }, e.deps));
  await e.sim.close();
  return rows;
}

async function naivePeer(): Promise<{ requests: number; pages: number }> {
  const e = await env();
  for (let i = 0; i < 2; i++) await e.client.createPage({ bookId: 79, name: 'Postmortem 2026-11-30: DNS outage', markdown: doc('DNS outage') });
  const out = { requests: e.sim.requests.length / 2, pages: e.sim.pages.size };
  await e.sim.close();
  return out;
}

async function drain(n: number, limit: number) {
  const e = await env(limit);
  for (let i = 0; i < n; i++) {
    await e.store.writeOutbox({
      meta: { title: `Incident ${i}`, date: '2026-11-30', pageName: `Postmortem 2026-11-30: Incident ${i}`, bookId: 79, savedAt: new Date(e.clock.now()).toISOString() },
      markdown: doc(`Incident ${i}`),
    });
  }
  const startVirtual = e.clock.now();
  const startWall = performance.now();
  const result = await syncOutbox({ client: e.client, store: e.store, clock: e.clock.now, sleep: e.clock.sleep, deadlineMs: SYNC_TIMEOUTS.deadlineMs, keepLocalCopy: false });
  const wallMs = performance.now() - startWall;
  const projectedS = (e.clock.now() - startVirtual) / 1000;
  const statuses = e.sim.requests.map((r) => r.status);
  const accepted = statuses.filter((s) => s !== 429).length;
  // Busiest 60-second window of accepted requests, on the virtual clock.
  const times = e.sim.requests.filter((r) => r.status !== 429).map((r) => r.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 60_000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const floorS = Math.max(0, Math.ceil(accepted / limit) - 1) * 60;
  const pages = e.sim.pages.size;
  await e.sim.close();
  return { published: result.published, remaining: result.remaining, pages, requests: statuses.length, accepted, throttled: statuses.length - accepted, peakPerMinute: peak, projectedS, floorS, wallMs };
}

const rows = await perSave();
const peer = await naivePeer();
const d = await drain(100, 180);

const pad = (s: string | number, n: number) => String(s).padEnd(n);
process.stdout.write('\nRequests per save (BookStack simulator)\n');
process.stdout.write(`${pad('scenario', 26)}${pad('requests', 10)}${pad('writes', 8)}action\n`);
for (const r of rows) process.stdout.write(`${pad(r.scenario, 26)}${pad(r.requests, 10)}${pad(r.writes, 8)}${r.action}\n`);
const unchanged = rows.find((r) => r.scenario === 'unchanged re-save')!;
const create = rows.find((r) => r.scenario === 'create (book)')!;
process.stdout.write(`\nnaive always-POST peer: ${peer.requests} request per save, ${peer.pages} pages after 2 saves (duplicate); ours: ${create.requests} for a create (ratio ${(create.requests / peer.requests).toFixed(1)}x), 1 page\n`);
process.stdout.write(`unchanged re-save: ${unchanged.requests} requests, ${unchanged.writes} writes (goal <= 2): ${unchanged.requests <= 2 ? 'met' : 'MISSED'}\n`);
process.stdout.write(`\nOutbox drain of 100 documents at 180 requests/60 s (virtual clock)\n`);
process.stdout.write(`published ${d.published}, pages ${d.pages}, remaining ${d.remaining}; requests ${d.requests} (${d.accepted} accepted, ${d.throttled} answered 429)\n`);
process.stdout.write(`peak ${d.peakPerMinute} accepted requests in any 60 s window (limit 180)\n`);
process.stdout.write(`projected drain time ${d.projectedS.toFixed(1)} s vs floor ${d.floorS} s for ${d.accepted} requests (ratio ${d.floorS > 0 ? (d.projectedS / d.floorS).toFixed(2) : 'n/a'}); wall ${d.wallMs.toFixed(0)} ms\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'publish',
    requestsPerSave: Object.fromEntries(rows.map((r) => [r.scenario, r.requests])),
    unchangedResaveRequests: unchanged.requests,
    unchangedGoalMet: unchanged.requests <= 2,
    naivePeerRequestsPerSave: peer.requests,
    createVsNaiveRatio: create.requests / peer.requests,
    drain: { documents: 100, limitPerMinute: 180, ...d, projectedS: Number(d.projectedS.toFixed(1)), wallMs: Math.round(d.wallMs), ratioToFloor: d.floorS > 0 ? Number((d.projectedS / d.floorS).toFixed(2)) : null },
  })}\n`,
);
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
