import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeIncludes, mergeTags, publishPostmortem, sameTags, type PublishDeps } from '../../../src/bookstack/publisher.js';
import { createStore, deserialize } from '../../../src/bookstack/store.js';
import { NotFoundError, UserInputError } from '../../../src/errors.js';
import type { BookStackSim } from '../../sim/bookstack.js';
import { postmortem, simAndClient, tempDir, todoLint } from './helpers.js';

let sim: BookStackSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(simOptions: Parameters<typeof simAndClient>[0] = {}, clientOptions: Parameters<typeof simAndClient>[1] = {}) {
  const s = await simAndClient(simOptions, clientOptions);
  sim = s.sim;
  const store = createStore(tempDir());
  const deps: PublishDeps = { client: s.client, store, defaults: { bookId: 79 }, lint: todoLint, clock: s.clock.now, sleep: s.clock.sleep, deadlineMs: 20_000 };
  return { ...s, store, deps };
}

const DOC = postmortem('DNS outage', '2026-11-30');

describe('publishPostmortem against the simulator', () => {
  it('creates once, then re-saves unchanged with no PUT and at most 2 requests', async () => {
    const { sim: s, deps } = await setup();
    const first = await publishPostmortem({ markdown: DOC }, deps);
    expect(first.action).toBe('created');
    expect(first.pageName).toBe('Postmortem 2026-11-30: DNS outage');
    expect(first.requests).toBe(2);
    expect(s.pages.size).toBe(1);
    const page = s.pages.get(first.pageId!)!;
    expect(page.markdown).toBe(DOC.trim());
    expect(page.book_id).toBe(79);
    expect(first.url).toBe(`${s.url}/link/${page.id}`);

    const again = await publishPostmortem({ markdown: `${DOC}\n\n\n` }, deps);
    expect(again.action).toBe('unchanged');
    expect(again.requests).toBeLessThanOrEqual(2);
    expect(again.url).toBe(`${s.url}/books/homelab/page/${page.slug}`);
    expect(s.pages.get(page.id)!.revision_count).toBe(1);
    expect(s.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('updates an edited document in place without sending book_id or chapter_id', async () => {
    const { sim: s, deps } = await setup();
    const first = await publishPostmortem({ markdown: DOC }, deps);
    const edited = postmortem('DNS outage', '2026-11-30', 'Edited summary after review.');
    const second = await publishPostmortem({ markdown: edited }, deps);
    expect(second.action).toBe('updated');
    expect(second.pageId).toBe(first.pageId);
    expect(second.changes).toEqual(['content']);
    expect(s.pages.size).toBe(1);
    expect(s.pages.get(first.pageId!)!.markdown).toContain('Edited summary');
    const put = s.requests.find((r) => r.method === 'PUT')!;
    const body = JSON.parse(put.body);
    expect(body).not.toHaveProperty('book_id');
    expect(body).not.toHaveProperty('chapter_id');
    expect(s.revisions.filter((r) => r.pageId === first.pageId)).toHaveLength(2);
  });

  it('merges tags with the existing set, and a tags-only change is an update', async () => {
    const { sim: s, deps } = await setup();
    const existing = s.addPage({ bookId: 79, name: 'Postmortem 2026-11-30: DNS outage', markdown: DOC, tags: [{ name: 'team', value: 'infra', order: 0 }, { name: 'severity', value: 'P3', order: 0 }] });
    const r = await publishPostmortem({ markdown: DOC, tags: [{ name: 'Severity', value: 'P2' }, { name: 'postmortem' }] }, deps);
    expect(r.action).toBe('updated');
    expect(r.changes).toEqual(['tags']);
    expect(s.pages.get(existing.id)!.tags.map((t) => `${t.name}=${t.value}`).sort()).toEqual(['Severity=P2', 'postmortem=', 'team=infra']);
    const again = await publishPostmortem({ markdown: DOC, tags: [{ name: 'postmortem' }] }, deps);
    expect(again.action).toBe('unchanged');
  });

  it('finds or creates the chapter once, case-insensitively', async () => {
    const { sim: s, deps } = await setup();
    const a = await publishPostmortem({ markdown: DOC, chapter: 'Postmortems' }, deps);
    expect(a.action).toBe('created');
    expect(a.chapterId).toBeGreaterThan(0);
    expect(a.url).toMatch(/\/books\/homelab\/page\//);
    const b = await publishPostmortem({ markdown: postmortem('Disk full', '2026-11-29'), chapter: 'postmortems' }, deps);
    expect(b.chapterId).toBe(a.chapterId);
    expect(s.chapters.size).toBe(1);
    expect([...s.pages.values()].every((p) => p.chapter_id === a.chapterId)).toBe(true);
  });

  it('updates a page of that name found elsewhere in the book instead of moving or duplicating it', async () => {
    const { sim: s, deps } = await setup();
    const other = s.addChapter(79, 'Archive');
    const existing = s.addPage({ bookId: 79, chapterId: other.id, name: 'postmortem 2026-11-30: dns OUTAGE', markdown: 'old' });
    const r = await publishPostmortem({ markdown: DOC, chapter: 'Postmortems' }, deps);
    expect(r.action).toBe('updated');
    expect(r.pageId).toBe(existing.id);
    expect(s.pages.get(existing.id)!.chapter_id).toBe(other.id);
    expect(s.pages.get(existing.id)!.name).toBe('Postmortem 2026-11-30: DNS outage');
    expect(s.chapters.size).toBe(1);
  });

  it('caps a long page name at 191 characters so re-saves find it', async () => {
    const { sim: s, deps } = await setup();
    const title = `Cascading failure ${'of the storage layer '.repeat(12)}`.trim();
    const a = await publishPostmortem({ markdown: DOC, title }, deps);
    const b = await publishPostmortem({ markdown: DOC, title }, deps);
    expect([...a.pageName].length).toBeLessThanOrEqual(191);
    expect([...a.pageName].length).toBeGreaterThan(185);
    expect(b.action).toBe('unchanged');
    expect(s.pages.size).toBe(1);
  });

  it('redacts secrets in the body and tags before sending and counts them', async () => {
    const { sim: s, deps } = await setup();
    const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
    const r = await publishPostmortem({ markdown: `${DOC}\nThe leaked token was ${token}.\n`, tags: [{ name: 'token', value: token }] }, deps);
    expect(r.redactions).toBe(2);
    expect(r.redactionKinds).toContain('github-token');
    for (const req of s.requests) expect(req.body).not.toContain(token);
    expect(s.pages.get(r.pageId!)!.markdown).toContain('[REDACTED]');
  });

  it('escapes literal {{@id}} includes', async () => {
    const { sim: s, deps } = await setup();
    const secretPage = s.addPage({ bookId: 79, name: 'Private notes', markdown: 'private words' });
    const r = await publishPostmortem({ markdown: `${DOC}\nSee {{@${secretPage.id}}} for details.\n` }, deps);
    expect(s.pages.get(r.pageId!)!.html).not.toContain('private words');
    expect(escapeIncludes('{{@1}}')).not.toMatch(/\{\{@/);
  });

  it('refuses a document with lint errors unless force, and makes no request', async () => {
    const { sim: s, deps } = await setup();
    const doc = `${DOC}\nTODO: fill in impact\n`;
    const refused = await publishPostmortem({ markdown: doc }, deps);
    expect(refused.action).toBe('refused');
    expect(refused.lint.errors).toBe(1);
    expect(refused.findings?.[0]?.ruleId).toBe('PM900');
    expect(s.requests).toHaveLength(0);
    const forced = await publishPostmortem({ markdown: doc, force: true }, deps);
    expect(forced.action).toBe('created');
  });

  it('dryRun reports the plan and writes nothing', async () => {
    const { sim: s, deps, store } = await setup();
    const plan = await publishPostmortem({ markdown: DOC, chapter: 'Postmortems', dryRun: true }, deps);
    expect(plan).toMatchObject({ action: 'dry_run', planned: 'create' });
    await publishPostmortem({ markdown: DOC }, deps);
    const plan2 = await publishPostmortem({ markdown: postmortem('DNS outage', '2026-11-30', 'changed'), dryRun: true }, deps);
    expect(plan2).toMatchObject({ action: 'dry_run', planned: 'update', changes: ['content'] });
    const writes = s.requests.filter((r) => r.method !== 'GET');
    expect(writes).toHaveLength(1); // only the real create in between
    expect(s.chapters.size).toBe(0);
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.md'))).toHaveLength(1); // the copy of the real publish
  });

  it('refuses empty content and a missing title or date before any request', async () => {
    const { sim: s, deps } = await setup();
    await expect(publishPostmortem({ markdown: '  \n ' }, deps)).rejects.toBeInstanceOf(UserInputError);
    await expect(publishPostmortem({ markdown: 'no header here' }, deps)).rejects.toThrow(/title/);
    await expect(publishPostmortem({ markdown: '# Postmortem: X\n' }, deps)).rejects.toThrow(/date/);
    await expect(publishPostmortem({ markdown: DOC, date: '2026-02-30' }, deps)).rejects.toThrow(/calendar date/);
    expect(s.requests).toHaveLength(0);
  });

  it('a missing book is a NotFoundError, not an outbox entry', async () => {
    const { deps, store } = await setup();
    await expect(publishPostmortem({ markdown: DOC, bookId: 12345 }, deps)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.listOutbox()).toHaveLength(0);
  });

  it('a create answered by a 500 after the write is re-checked by name: one page', async () => {
    const { sim: s, deps } = await setup();
    s.inject({ kind: 500, after: true }, { method: 'POST', path: /\/api\/pages$/ });
    const r = await publishPostmortem({ markdown: DOC, tags: [{ name: 'x', value: 'y' }] }, deps);
    expect(r.action).toBe('created');
    expect(s.pages.size).toBe(1);
    expect(s.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('a create that hangs past the timeout after writing is not repeated blindly', async () => {
    const { sim: s, deps } = await setup({}, { requestTimeoutMs: 300 });
    s.inject({ kind: 'hang', after: true }, { method: 'POST', path: /\/api\/pages$/ });
    const r = await publishPostmortem({ markdown: DOC }, deps);
    expect(r.action).toBe('created');
    expect(s.pages.size).toBe(1);
  });

  it('a create refused before the write (502 from the proxy) is retried after the re-check', async () => {
    const { sim: s, deps } = await setup();
    s.inject({ kind: 502 }, { method: 'POST', path: /\/api\/pages$/ });
    const r = await publishPostmortem({ markdown: DOC }, deps);
    expect(r.action).toBe('created');
    expect(s.pages.size).toBe(1);
    expect(s.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
  });

  it('outboxes when BookStack stays unreachable, atomically and with front matter', async () => {
    const { sim: s, deps, store } = await setup();
    s.inject({ kind: 503 }, { times: 1000 });
    const r = await publishPostmortem({ markdown: DOC, chapter: 'Postmortems', tags: [{ name: 'team', value: 'infra' }] }, deps);
    expect(r.action).toBe('outboxed');
    expect(r.path).toBeDefined();
    expect(r.reason).toMatch(/temporarily unavailable/);
    const doc = deserialize(readFileSync(r.path!, 'utf8'));
    expect(doc.meta).toMatchObject({ title: 'DNS outage', date: '2026-11-30', severity: 'P2', status: 'Resolved', pageName: r.pageName, bookId: 79, chapter: 'Postmortems' });
    expect(doc.markdown).toBe(DOC.trim());
    expect(readdirSync(store.outboxDir).filter((f) => f.startsWith('.tmp'))).toHaveLength(0);
    expect(s.pages.size).toBe(0);
  });

  it('without BookStack saves locally with front matter', async () => {
    const store = createStore(tempDir());
    const r = await publishPostmortem({ markdown: DOC }, { store, defaults: { bookId: 79 } });
    expect(r.action).toBe('saved_locally');
    expect(existsSync(r.path!)).toBe(true);
    const doc = deserialize(readFileSync(r.path!, 'utf8'));
    expect(doc.meta).toMatchObject({ title: 'DNS outage', date: '2026-11-30', severity: 'P2', status: 'Resolved', pageName: 'Postmortem 2026-11-30: DNS outage' });
    expect(doc.meta.pageId).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/lint gate is not available/);
  });

  it('keeps a local copy with page id and url once published', async () => {
    const { deps } = await setup();
    const r = await publishPostmortem({ markdown: DOC }, deps);
    const doc = deserialize(readFileSync(r.path!, 'utf8'));
    expect(doc.meta.pageId).toBe(r.pageId);
    expect(doc.meta.url).toBe(r.url);
  });
});

describe('tag helpers', () => {
  it('merge replaces same-name tags and keeps the rest; comparison ignores order', () => {
    const merged = mergeTags([{ name: 'a', value: '1' }, { name: 'B', value: '2' }], [{ name: 'b', value: '3' }]);
    expect(merged).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '3' }]);
    expect(sameTags([{ name: 'x', value: '' }, { name: 'y', value: '1' }], [{ name: 'y', value: '1' }, { name: 'x', value: '' }])).toBe(true);
    expect(sameTags([{ name: 'x', value: '' }], [{ name: 'x', value: '1' }])).toBe(false);
  });
});
