import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBookStackClient } from '../../../src/bookstack/client.js';
import { publishPostmortem } from '../../../src/bookstack/publisher.js';
import { createStore, deserialize, serialize, writeFileAtomic, type StoredDocument } from '../../../src/bookstack/store.js';
import { runSyncCommand, syncOutbox } from '../../../src/bookstack/sync.js';
import type { Config } from '../../../src/config.js';
import { DEFAULT_TOKEN, type BookStackSim } from '../../sim/bookstack.js';
import { postmortem, simAndClient, tempDir } from './helpers.js';

let sim: BookStackSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function doc(title: string, savedAt: string, body = 'text'): StoredDocument {
  return { meta: { title, date: '2026-11-30', pageName: `Postmortem 2026-11-30: ${title}`, bookId: 79, savedAt }, markdown: postmortem(title, '2026-11-30', body).trim() };
}

describe('store', () => {
  it('round-trips front matter, including dates and tags', () => {
    const d: StoredDocument = { ...doc('A', '2026-12-01T10:00:00.000Z'), meta: { ...doc('A', '2026-12-01T10:00:00.000Z').meta, severity: 'P1', status: 'Resolved', tags: [{ name: 'team', value: 'infra' }], pageId: 5, url: 'https://wiki/link/5' } };
    const back = deserialize(serialize(d));
    expect(back).toEqual(d);
  });

  it('writes atomically and leaves no temp files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x', 'a.md');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['a.md']);
  });

  it('a newer outbox save of the same page replaces the queued one', async () => {
    const store = createStore(tempDir());
    await store.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z', 'old'));
    await store.writeOutbox(doc('A', '2026-12-01T10:05:00.000Z', 'new'));
    const files = await store.listOutbox();
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0]!, 'utf8')).toContain('new');
  });

  it('only one of two replicas wins a claim', async () => {
    const dir = tempDir();
    const a = createStore(dir, { owner: 'host-a-1' });
    const b = createStore(dir, { owner: 'host-b-2' });
    const file = await a.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z'));
    const [ca, cb] = await Promise.all([a.claim(file), b.claim(file)]);
    expect([ca, cb].filter(Boolean)).toHaveLength(1);
  });

  it('recovers entries claimed by a dead process, and a release never overwrites a newer save', async () => {
    const dir = tempDir();
    const dead = createStore(dir, { owner: 'myhost-999999' });
    const file = await dead.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z'));
    expect(await dead.claim(file)).toBeDefined();
    const alive = createStore(dir, { owner: 'other-1', staleClaimMs: 60_000, isAlive: () => false });
    expect(await alive.listOutbox()).toHaveLength(0);
    // The dead owner's host differs from ours, so only age makes it stale: age the folder.
    const claimedDir = path.join(alive.outboxDir, 'claimed', 'myhost-999999');
    const old = new Date(Date.now() - 3_600_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(claimedDir, old, old);
    expect(await alive.recoverStale()).toBe(1);
    expect(await alive.listOutbox()).toHaveLength(1);

    const claimed = (await alive.claim((await alive.listOutbox())[0]!))!;
    await alive.writeOutbox(doc('A', '2026-12-01T11:00:00.000Z', 'newer'));
    expect(await alive.hasNewer(claimed)).toBe(true);
    await alive.release(claimed);
    const left = await alive.listOutbox();
    expect(left).toHaveLength(1);
    expect(readFileSync(left[0]!, 'utf8')).toContain('newer');
  });
});

describe('syncOutbox', () => {
  it('publishes the outbox with the no-duplicate rules and empties it', async () => {
    const s = await simAndClient();
    sim = s.sim;
    const store = createStore(tempDir());
    await store.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z'));
    await store.writeOutbox(doc('B', '2026-12-01T10:00:00.000Z'));
    s.sim.addPage({ bookId: 79, name: 'Postmortem 2026-11-30: A', markdown: 'older text' });
    const result = await syncOutbox({ client: s.client, store, sleep: s.clock.sleep, clock: s.clock.now });
    expect(result).toMatchObject({ published: 2, failed: 0, remaining: 0 });
    expect(result.results.map((r) => r.outcome).sort()).toEqual(['created', 'updated']);
    expect(s.sim.pages.size).toBe(2);
    const local = readdirSync(store.dir).filter((f) => f.endsWith('.md'));
    expect(local).toHaveLength(2);
    expect(deserialize(readFileSync(path.join(store.dir, local[0]!), 'utf8')).meta.pageId).toBeGreaterThan(0);
  });

  it('two replicas draining one outbox publish each entry exactly once', async () => {
    const s = await simAndClient();
    sim = s.sim;
    const dir = tempDir();
    const writer = createStore(dir, { owner: 'w-1' });
    for (let i = 0; i < 12; i++) await writer.writeOutbox(doc(`Incident ${i}`, '2026-12-01T10:00:00.000Z'));
    const mk = () => createBookStackClient({ url: s.sim.url, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret, sleep: s.clock.sleep, now: s.clock.now });
    const [r1, r2] = await Promise.all([
      syncOutbox({ client: mk(), store: createStore(dir, { owner: 'replica-1' }), sleep: s.clock.sleep }),
      syncOutbox({ client: mk(), store: createStore(dir, { owner: 'replica-2' }), sleep: s.clock.sleep }),
    ]);
    expect(r1.published + r2.published).toBe(12);
    expect(s.sim.pages.size).toBe(12);
    expect(s.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(12);
  });

  it('leaves entries for the next run when BookStack is down, and says so once', async () => {
    const s = await simAndClient();
    sim = s.sim;
    s.sim.inject({ kind: 503 }, { times: 10_000 });
    const store = createStore(tempDir());
    await store.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z'));
    await store.writeOutbox(doc('B', '2026-12-01T10:00:00.000Z'));
    const result = await syncOutbox({ client: s.client, store, sleep: s.clock.sleep, clock: s.clock.now, deadlineMs: 5_000 });
    expect(result).toMatchObject({ published: 0, failed: 1, remaining: 2 });
    expect(result.results.map((r) => r.outcome)).toEqual(['failed', 'skipped']);
  });

  it('a direct publish drops an older queued copy so sync cannot overwrite newer content', async () => {
    const s = await simAndClient();
    sim = s.sim;
    const store = createStore(tempDir());
    s.sim.inject({ kind: 503 }, { times: 10_000 });
    const deps = { client: s.client, store, defaults: { bookId: 79 }, clock: s.clock.now, sleep: s.clock.sleep, deadlineMs: 5_000 };
    const queued = await publishPostmortem({ markdown: postmortem('A', '2026-11-30', 'first') }, deps);
    expect(queued.action).toBe('outboxed');
    s.sim.faults.length = 0;
    s.clock.advance(1000);
    const direct = await publishPostmortem({ markdown: postmortem('A', '2026-11-30', 'second') }, deps);
    expect(direct.action).toBe('created');
    expect(await store.listOutbox()).toHaveLength(0);
  });
});

describe('runSyncCommand', () => {
  function config(dir: string, url?: string): Config {
    return {
      logLevel: 'error',
      storeDir: dir,
      inputRoots: [dir],
      bookstackTarget: { bookId: 79 },
      http: { allowedOrigins: [] },
      ...(url ? { bookstack: { url, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret } } : {}),
    };
  }

  it('exits 0 when everything was published and 1 when BookStack is not configured but entries wait', async () => {
    const s = await simAndClient();
    sim = s.sim;
    const dir = tempDir();
    const store = createStore(dir);
    await store.writeOutbox(doc('A', '2026-12-01T10:00:00.000Z'));
    const out: string[] = [];
    const err: string[] = [];
    const logs: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
    expect(await runSyncCommand(config(dir), io)).toBe(1);
    expect(err.join('')).toMatch(/BOOKSTACK_URL/);
    const { createLogger } = await import('../../../src/log.js');
    const log = createLogger({ write: (l) => void logs.push(l), level: 'debug' });
    expect(await runSyncCommand(config(dir, s.sim.url), { ...io, log })).toBe(0);
    expect(out.join('')).toMatch(/published 1, failed 0, remaining 0/);
    const all = [...out, ...err, ...logs].join('\n');
    expect(all).not.toContain(DEFAULT_TOKEN.secret);
    expect(s.sim.pages.size).toBe(1);
  });

  it('ignores stray files in the outbox folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'outbox'), { recursive: true });
    writeFileSync(path.join(dir, 'outbox', '.tmp-123-abc'), 'half');
    const store = createStore(dir);
    expect(await store.listOutbox()).toHaveLength(0);
  });
});
