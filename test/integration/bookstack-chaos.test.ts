/**
 * Chaos test for save_to_bookstack (issue 8): many saves of ten postmortems, with re-saves and edits,
 * under seeded random faults (429, 500 before and after the write, 502 HTML, 503, hangs past the
 * timeout, connection resets). Afterwards, and after `sync` drained the outbox, every postmortem has
 * exactly one page holding its last saved content: nothing lost, nothing duplicated, and neither the
 * token nor a simulator "do-not-leak" field appears in any result, error or log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookStackClient } from '../../src/bookstack/client.js';
import { escapeIncludes, normalizeContent, publishPostmortem, type PublishResult } from '../../src/bookstack/publisher.js';
import { createStore } from '../../src/bookstack/store.js';
import { syncOutbox } from '../../src/bookstack/sync.js';
import { createLogger } from '../../src/log.js';
import { redact } from '../../src/redact/index.js';
import { DEFAULT_TOKEN, DO_NOT_LEAK, startBookStackSim, type BookStackSim, type Fault } from '../sim/bookstack.js';
import { postmortem, tempDir, virtualClock } from '../unit/bookstack/helpers.js';
import { mulberry32 } from '../support/random.js';


const FAULTS: Fault[] = [
  { kind: 429 },
  { kind: 500 },
  { kind: 500, after: true },
  { kind: 502 },
  { kind: 503 },
  { kind: 504 },
  { kind: 'reset' },
  { kind: 'reset', after: true },
  { kind: 'hang', hangMs: 2_000 },
  { kind: 'hang', after: true, hangMs: 2_000 },
];

for (const seed of [1, 2026]) {
  describe(`chaos seed ${seed}`, () => {
    let sim: BookStackSim;
    const clock = virtualClock();
    const rand = mulberry32(seed);
    let faultsOn = true;
    let outage = false;
    let injected = 0;

    beforeAll(async () => {
      sim = await startBookStackSim({
        now: clock.now,
        random: mulberry32(seed + 1),
        faultPolicy: () => {
          if (outage) return { kind: rand() < 0.5 ? 503 : 'reset' };
          if (!faultsOn || rand() >= 0.3) return undefined;
          injected += 1;
          return FAULTS[Math.floor(rand() * FAULTS.length)];
        },
      });
    });
    afterAll(async () => {
      await sim.close();
    });

    it('ends with exactly one page per postmortem holding the last saved content', async () => {
      const logs: string[] = [];
      const log = createLogger({ level: 'debug', write: (line) => void logs.push(line) });
      const client = createBookStackClient({
        url: sim.url,
        tokenId: DEFAULT_TOKEN.id,
        tokenSecret: DEFAULT_TOKEN.secret,
        requestTimeoutMs: 300,
        maxRetries: 3,
        sleep: clock.sleep,
        now: clock.now,
        random: rand,
        onRetry: (info) => log.debug('retry', { ...info }),
      });
      const store = createStore(tempDir('pm-chaos-'));
      const deps = { client, store, defaults: { bookId: 79 }, log, clock: clock.now, sleep: clock.sleep, random: rand, deadlineMs: 8_000 };

      const titles = Array.from({ length: 10 }, (_, i) => `Incident ${i} ${['DNS', 'disk', 'TLS', 'queue', 'cache'][i % 5]}`);
      const version = new Array(10).fill(0) as number[];
      const last = new Map<number, string>();
      const results: PublishResult[] = [];
      const errors: unknown[] = [];
      const save = async (i: number) => {
        const v = version[i]!;
        const secret = v % 3 === 2 ? `\nLeaked during the incident: ghp_${'Zq9'.repeat(12)}\n` : '';
        const markdown = postmortem(titles[i]!, '2026-11-30', `Revision ${v} of the summary for ${titles[i]}.${secret}`);
        last.set(i, markdown);
        clock.advance(1_000);
        try {
          results.push(await publishPostmortem({ markdown, chapter: i % 2 === 0 ? 'Postmortems' : undefined, tags: [{ name: 'postmortem' }, { name: 'rev', value: String(v) }] }, deps));
        } catch (error) {
          errors.push(error);
        }
      };

      // Phase 1: 30 sequential saves; about a third edit the document, the rest re-save it as is.
      for (let n = 0; n < 30; n++) {
        const i = n < 10 ? n : Math.floor(rand() * 10);
        if (n >= 10 && rand() < 0.4) version[i]! += 1;
        // Saves 14-19 happen while BookStack is down: they must land in the outbox.
        outage = n >= 14 && n < 20;
        await save(i);
        outage = false;
      }
      // Phase 2: 10 concurrent saves (two per postmortem) racing each other.
      await Promise.all([0, 1, 2, 3, 4, 0, 1, 2, 3, 4].map(async (i, k) => {
        if (k < 5) version[i]! += 1;
        await save(i);
      }));
      expect(results.length + errors.length).toBe(40);
      expect(errors).toEqual([]);

      // Drain: sync keeps running under the same faults until the outbox is empty.
      let remaining = (await store.listOutbox()).length;
      for (let round = 0; round < 30 && remaining > 0; round++) {
        const r = await syncOutbox({ client, store, log, clock: clock.now, sleep: clock.sleep, random: rand, deadlineMs: 8_000 });
        remaining = r.remaining;
        clock.advance(5_000);
      }
      expect(remaining).toBe(0);
      faultsOn = false;

      for (let i = 0; i < 10; i++) {
        const pages = sim.pagesNamed(`Postmortem 2026-11-30: ${titles[i]}`, 79);
        expect(pages, titles[i]).toHaveLength(1);
        const page = pages[0]!;
        expect(page.markdown).toBe(normalizeContent(escapeIncludes(redact(last.get(i)!).text)));
        expect(page.tags.find((t) => t.name === 'rev')?.value).toBe(String(version[i]));
        expect(page.tags.filter((t) => t.name === 'postmortem')).toHaveLength(1);
        if (i % 2 === 0) expect(sim.chapters.get(page.chapter_id)?.name).toBe('Postmortems');
      }
      expect(sim.pages.size).toBe(10);
      expect([...sim.chapters.values()].filter((c) => c.name === 'Postmortems')).toHaveLength(1);
      expect(injected).toBeGreaterThan(10);

      const everything = [JSON.stringify(results), ...logs, ...errors.map(String)].join('\n');
      expect(everything).not.toContain(DEFAULT_TOKEN.secret);
      expect(everything).not.toContain(DEFAULT_TOKEN.id);
      expect(everything).not.toContain(DO_NOT_LEAK);
      expect(everything).not.toContain('ghp_Zq9');
      const actions = new Set(results.map((r) => r.action));
      expect(actions.has('created')).toBe(true);
      expect(actions.has('unchanged') || actions.has('updated')).toBe(true);
      expect(results.filter((r) => r.action === 'outboxed').length).toBeGreaterThanOrEqual(6);
    }, 120_000);
  });
}
