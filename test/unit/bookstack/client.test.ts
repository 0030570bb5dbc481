import { afterEach, describe, expect, it } from 'vitest';
import { capName, createBookStackClient, foldName } from '../../../src/bookstack/client.js';
import { NotFoundError, UpstreamError, UserInputError } from '../../../src/errors.js';
import { DEFAULT_TOKEN, DO_NOT_LEAK, type BookStackSim } from '../../sim/bookstack.js';
import { simAndClient } from './helpers.js';

let sim: BookStackSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(...args: Parameters<typeof simAndClient>) {
  const s = await simAndClient(...args);
  sim = s.sim;
  return s;
}

const SECRETS = [DEFAULT_TOKEN.id, DEFAULT_TOKEN.secret];
function expectClean(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
  expect(text).not.toContain(DO_NOT_LEAK);
}

describe('BookStack client auth errors', () => {
  const cases: Array<[string, (t: typeof DEFAULT_TOKEN) => Partial<typeof DEFAULT_TOKEN>, RegExp, number]> = [
    ['unknown token id', () => ({ id: 'otherTokenId' }), /knows no API token with the id in BOOKSTACK_TOKEN_ID/, 401],
    ['wrong secret', () => ({ secret: 'wrongSecretValue123' }), /rejected BOOKSTACK_TOKEN_SECRET/, 401],
  ];
  for (const [label, change, pattern, status] of cases) {
    it(`explains ${label} without leaking the token`, async () => {
      const { sim: s } = await setup();
      const creds = { ...DEFAULT_TOKEN, ...change(DEFAULT_TOKEN) };
      const client = createBookStackClient({ url: s.url, tokenId: creds.id, tokenSecret: creds.secret });
      const err = await client.getBook(79).catch((e) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err.status).toBe(status);
      expect(err.message).toMatch(pattern);
      expectClean(`${err.message} ${JSON.stringify(err)}`);
    });
  }

  it('maps 403 expired token and missing API permission differently', async () => {
    const { sim: s } = await setup({ tokens: [{ id: 'expiredTok', secret: 'expiredSecret1', expired: true }, { id: 'noApiTok', secret: 'noApiSecret1', noApi: true }] });
    const expired = await createBookStackClient({ url: s.url, tokenId: 'expiredTok', tokenSecret: 'expiredSecret1' }).getBook(79).catch((e) => e);
    expect(expired.status).toBe(403);
    expect(expired.message).toMatch(/expired/);
    const noApi = await createBookStackClient({ url: s.url, tokenId: 'noApiTok', tokenSecret: 'noApiSecret1' }).getBook(79).catch((e) => e);
    expect(noApi.status).toBe(403);
    expect(noApi.message).toMatch(/Access System API/);
  });

  it('names the missing content permission for page-create and chapter-create', async () => {
    const { sim: s } = await setup({ tokens: [{ ...DEFAULT_TOKEN, pageCreate: false, chapterCreate: false }] });
    const client = createBookStackClient({ url: s.url, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret });
    const page = await client.createPage({ bookId: 79, name: 'x', markdown: 'y' }).catch((e) => e);
    expect(page.status).toBe(403);
    expect(page.message).toMatch(/"page-create"/);
    expect(page.message).toMatch(/book 79/);
    const chapter = await client.createChapter(79, 'Postmortems').catch((e) => e);
    expect(chapter.message).toMatch(/"chapter-create"/);
  });

  it('names page-update when updates are not allowed', async () => {
    const { sim: s, client } = await setup({ tokens: [{ ...DEFAULT_TOKEN, pageUpdate: false }] });
    const created = await client.createPage({ bookId: 79, name: 'n', markdown: 'm' });
    const err = await client.updatePage(created.id, { markdown: 'changed' }).catch((e) => e);
    expect(err.message).toMatch(/"page-update"/);
    expect(s.pages.get(created.id)!.markdown).toBe('m');
  });
});

describe('BookStack client errors with what to fix', () => {
  it('404 book and chapter become NotFoundError naming the field', async () => {
    const { client } = await setup();
    const book = await client.createPage({ bookId: 4242, name: 'x', markdown: 'y' }).catch((e) => e);
    expect(book).toBeInstanceOf(NotFoundError);
    expect(book.field).toBe('bookId');
    expect(book.message).toMatch(/no book 4242/);
    const chapter = await client.createPage({ chapterId: 9999, name: 'x', markdown: 'y' }).catch((e) => e);
    expect(chapter).toBeInstanceOf(NotFoundError);
    expect(chapter.field).toBe('chapter');
  });

  it('a book hidden from the token behaves as missing', async () => {
    const { client } = await setup({ tokens: [{ ...DEFAULT_TOKEN, hiddenBooks: [79] }] });
    await expect(client.getBook(79)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('422 carries the field messages', async () => {
    const { client } = await setup();
    const err = await client.createPage({ bookId: 79, name: 'x', markdown: '   ' }).catch((e) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect(err.message).toContain('markdown: The markdown field is required when html is not present.');
  });

  it('413 says the document is too large', async () => {
    const { client } = await setup({ maxBodyBytes: 2000 });
    const err = await client.createPage({ bookId: 79, name: 'x', markdown: 'a'.repeat(5000) }).catch((e) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect(err.message).toMatch(/too large/);
  });

  it('a 500 with a server path is not echoed', async () => {
    const { client, sim: s } = await setup();
    const err = await client.getPage(Number.NaN).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.message).not.toMatch(/var\/www|PageApiController/);
    expectClean(err.message);
    expect(s.requests.length).toBeGreaterThan(1); // a GET 500 is retried
  });

  it('a base URL with /api twice is explained, and the HTML 404 cookie is never sent back', async () => {
    const { sim: s } = await setup();
    const wrong = createBookStackClient({ url: `${s.url}/api`, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret });
    const err = await wrong.getBook(79).catch((e) => e);
    expect(err.message).toMatch(/BOOKSTACK_URL/);
    expect(err.message).toMatch(/without "\/api"/);
    // Same client again: a kept bookstack_session cookie would turn this into a 403.
    const right = createBookStackClient({ url: s.url, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret });
    await wrong.getBook(79).catch(() => undefined);
    expect((await right.getBook(79)).id).toBe(79);
    expect(s.requests.every((r) => !r.cookie)).toBe(true);
  });
});

describe('BookStack client listings', () => {
  it('works under a sub-path install', async () => {
    const { client } = await setup({ basePath: '/wiki' });
    const book = await client.getBook(79);
    expect(book.slug).toBe('homelab');
    expect(client.baseUrl.endsWith('/wiki')).toBe(true);
    expect(client.permalink(5)).toBe(`${client.baseUrl}/link/5`);
  });

  it('pages through more than 500 items and dedupes by id', async () => {
    const { sim: s, client } = await setup();
    for (let i = 0; i < 1203; i++) s.addPage({ bookId: 79, name: `p${i}`, markdown: 'x' });
    const before = s.requests.length;
    const pages = await client.listPages({ bookId: 79 });
    expect(pages).toHaveLength(1203);
    expect(new Set(pages.map((p) => p.id)).size).toBe(1203);
    expect(s.requests.length - before).toBe(3);
  });

  it('finds by exact name case- and accent-insensitively with special characters encoded', async () => {
    const { client } = await setup();
    const name = 'Postmortem 2026-11-30: Café & DNS + 50% #1 a_b';
    await client.createPage({ bookId: 79, name, markdown: 'x' });
    await client.createPage({ bookId: 79, name: 'Postmortem 2026-11-30: Café', markdown: 'x' });
    const found = await client.findPagesByName(79, 'postmortem 2026-11-30: CAFE & dns + 50% #1 a_b');
    expect(found.map((p) => p.name)).toEqual([name]);
    expect(await client.findPagesByName(79, 'Postmortem 2026-11-30: Caf')).toEqual([]);
  });

  it('caps names at 191 characters so a long name is found again', async () => {
    const { sim: s, client } = await setup();
    const long = `Postmortem 2026-11-30: ${'x'.repeat(240)}`;
    await client.createPage({ bookId: 79, name: long, markdown: 'x' });
    expect([...s.pages.values()][0]!.name).toHaveLength(191);
    expect(await client.findPagesByName(79, long)).toHaveLength(1);
    expect([...capName(long)]).toHaveLength(191);
  });

  it('retries a listing through a 429 honouring Retry-After', async () => {
    const { sim: s, client } = await setup({ rateLimit: 2, windowMs: 2_000 });
    await client.getBook(79);
    await client.getBook(79);
    const started = s.requests.length;
    expect((await client.getBook(79)).id).toBe(79);
    expect(s.requests.slice(started).map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up with a transient error when the bucket resets after the deadline', async () => {
    const { client } = await setup({ rateLimit: 1 }, { overallTimeoutMs: 10_000 });
    await client.getBook(79);
    const err = await client.getBook(79).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.status).toBe(429);
    expect(err.transient).toBe(true);
  });

  it('foldName compares like the collation', () => {
    expect(foldName('ÉTÉ Outage')).toBe(foldName('ete outage'));
  });
});
