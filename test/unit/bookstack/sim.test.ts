/**
 * The simulator follows design/bookstack.md §8; these tests pin the traps it must reproduce, with
 * plain fetch (no product code), so a client test that passes against it means something.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, startBookStackSim, type BookStackSim, type SimOptions } from '../../sim/bookstack.js';

let sim: BookStackSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const AUTH = `Token ${DEFAULT_TOKEN.id}:${DEFAULT_TOKEN.secret}`;

async function start(options: SimOptions = {}) {
  sim = await startBookStackSim(options);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim!.url}${path}`, {
      method,
      headers: { authorization: AUTH, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return { sim, call };
}

describe('simulator: auth and throttling (§2, §4)', () => {
  it('answers the auth messages verbatim', async () => {
    const { call } = await start({ tokens: [DEFAULT_TOKEN, { id: 'exp', secret: 's', expired: true }, { id: 'noapi', secret: 's', noApi: true }] });
    expect((await call('GET', '/api/books', undefined, { authorization: '' })).json.error.message).toBe('No authorization token found on the request');
    expect((await call('GET', '/api/books', undefined, { authorization: 'token a:b' })).json.error.message).toBe('An authorization token was found on the request but the format appeared incorrect');
    expect((await call('GET', '/api/books', undefined, { authorization: 'Token nope:b' })).json.error.message).toBe('No matching API token was found for the provided authorization token');
    expect((await call('GET', '/api/books', undefined, { authorization: `Token ${DEFAULT_TOKEN.id}:bad` })).json.error.message).toBe('The secret provided for the given used API token is incorrect');
    const expired = await call('GET', '/api/books', undefined, { authorization: 'Token exp:s' });
    expect([expired.status, expired.json.error.message]).toEqual([403, 'The authorization token used has expired']);
    const noApi = await call('GET', '/api/books', undefined, { authorization: 'Token noapi:s' });
    expect([noApi.status, noApi.json.error.message]).toEqual([403, 'The owner of the used API token does not have permission to make API calls']);
    const cookie = await call('GET', '/api/books', undefined, { cookie: 'bookstack_session=abc' });
    expect(cookie.status).toBe(403);
  });

  it('throttles before auth with rate headers, one bucket for every token', async () => {
    const { call } = await start({ rateLimit: 3 });
    const a = await call('GET', '/api/books');
    expect(a.headers.get('x-ratelimit-limit')).toBe('3');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('2');
    const bad = await call('GET', '/api/books', undefined, { authorization: 'Token nope:x' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-ratelimit-remaining')).toBe('1');
    await call('GET', '/api/books', undefined, { authorization: '' });
    const limited = await call('GET', '/api/books', undefined, { authorization: '' });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: { message: 'Too Many Attempts.', code: 429 } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    expect(limited.headers.get('cache-control')).toBe('no-cache, no-store, private');
  });
});

describe('simulator: errors (§3)', () => {
  it('unknown api routes are an HTML 404 that sets a session cookie, without rate headers', async () => {
    const { call } = await start();
    const res = await call('GET', '/api/api/books');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('set-cookie')).toMatch(/bookstack_session=/);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('405 lists allowed methods without needing a token', async () => {
    const { call } = await start();
    const res = await call('PATCH', '/api/pages/1', {}, { authorization: '' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('create validation, parent 404 texts and a plain-text body ignored', async () => {
    const { call } = await start();
    expect((await call('POST', '/api/pages', { name: 'x', markdown: 'y' })).json.error.validation).toEqual({
      book_id: ['The book id field is required when chapter id is not present.'],
      chapter_id: ['The chapter id field is required when book id is not present.'],
    });
    const missing = await call('POST', '/api/pages', { book_id: 5, name: 'x', markdown: 'y' });
    expect([missing.status, missing.json.error.message]).toEqual([404, 'No query results for model [BookStack\\Entities\\Models\\Book] 5']);
    const chapterEmpty = await call('POST', '/api/pages', { book_id: 79, chapter_id: '', name: 'x', markdown: 'y' });
    expect(chapterEmpty.json.error.message).toBe('No query results for model [BookStack\\Entities\\Models\\Chapter] 0');
    const chapterNull = await call('POST', '/api/pages', { book_id: 79, chapter_id: null, name: 'x', markdown: 'y' });
    expect(chapterNull.json.error.validation.chapter_id).toEqual(['The chapter id must be an integer.']);
    expect((await call('POST', '/api/pages', { book_id: 79, name: 'x', markdown: '' })).status).toBe(422);
    const text = await call('POST', '/api/pages', undefined, { 'content-type': 'text/plain' });
    expect(text.status).toBe(422);
    expect((await call('GET', '/api/pages/999')).json.error.message).toBe('Page not found');
    const nonNumeric = await call('GET', '/api/pages/abc');
    expect(nonNumeric.status).toBe(500);
  });

  it('content permission 403 text depends on Accept', async () => {
    const { call } = await start({ tokens: [{ ...DEFAULT_TOKEN, pageCreate: false }] });
    expect((await call('POST', '/api/pages', { book_id: 79, name: 'x', markdown: 'y' })).json.error.message).toBe('You do not have permission to perform the requested action.');
    expect((await call('POST', '/api/pages', { book_id: 79, name: 'x', markdown: 'y' }, { accept: 'text/html' })).json.error.message).toBe('You do not have permission to access the requested page.');
  });
});

describe('simulator: pages (§6.3, §7, §8.11)', () => {
  it('create trims, cuts names to 191, publishes revision 1, slugs and duplicates', async () => {
    const { sim: s, call } = await start();
    const long = `  Postmortem 2026-11-30: ${'y'.repeat(220)}  `;
    const a = await call('POST', '/api/pages', { book_id: 79, name: long, markdown: '\n# Hi\n\nBody  \n' });
    expect(a.status).toBe(200);
    expect(a.json.name).toHaveLength(191);
    expect(a.json.markdown).toBe('# Hi\n\nBody');
    expect(a.json.revision_count).toBe(1);
    expect(a.json.priority).toBe(2);
    expect(a.json.editor).toBe('markdown');
    expect(a.json).not.toHaveProperty('url');
    expect(a.json.html).toMatch(/id="bkmrk-hi"/);
    const b = await call('POST', '/api/pages', { book_id: 79, name: long, markdown: 'x' });
    expect(b.json.slug).not.toBe(a.json.slug);
    expect(b.json.slug.startsWith(a.json.slug)).toBe(true);
    expect(s.pages.size).toBe(2);
    const full = await call('GET', `/api/pages?filter[name]=${encodeURIComponent(long.trim())}`);
    expect(full.json.total).toBe(0);
  });

  it('updates: revision_count always increments, revisions only on change, tags replaced, empty name accepted', async () => {
    const { sim: s, call } = await start();
    const p = (await call('POST', '/api/pages', { book_id: 79, name: 'A', markdown: 'm', tags: [{ name: 'a', value: '1' }, { name: '  ' }] })).json;
    expect(p.tags).toEqual([{ name: 'a', value: '1', order: 0 }]);
    const same = (await call('PUT', `/api/pages/${p.id}`, { markdown: 'm' })).json;
    expect(same.revision_count).toBe(2);
    expect(s.revisions.filter((r) => r.pageId === p.id)).toHaveLength(1);
    const tagged = (await call('PUT', `/api/pages/${p.id}`, { tags: [{ name: 'b' }] })).json;
    expect(tagged.tags).toEqual([{ name: 'b', value: '', order: 0 }]);
    expect(tagged.markdown).toBe('m');
    const renamed = (await call('PUT', `/api/pages/${p.id}`, { name: 'Renamed page' })).json;
    expect(renamed.slug).toBe('renamed-page');
    expect(s.revisions.filter((r) => r.pageId === p.id)).toHaveLength(2);
    const blank = await call('PUT', `/api/pages/${p.id}`, { name: '' });
    expect(blank.status).toBe(200);
  });

  it('a tag without a name is a 500 after the page was written', async () => {
    const { sim: s, call } = await start();
    const res = await call('POST', '/api/pages', { book_id: 79, name: 'T', markdown: 'm', tags: [{ value: 'x' }] });
    expect(res.status).toBe(500);
    expect(s.pagesNamed('T')).toHaveLength(1);
    expect(s.pagesNamed('T')[0]!.tags).toEqual([]);
  });

  it('chapter_id wins over book_id, and chapters report integer users on create, objects on read', async () => {
    const { call } = await start({ books: [{ id: 79, name: 'Homelab' }, { id: 80, name: 'Other' }] });
    const ch = (await call('POST', '/api/chapters', { book_id: 80, name: 'Postmortems' })).json;
    expect(ch.created_by).toBe(1);
    const page = (await call('POST', '/api/pages', { book_id: 79, chapter_id: ch.id, name: 'P', markdown: 'm' })).json;
    expect(page.book_id).toBe(80);
    expect(page.priority).toBe(1);
    const read = (await call('GET', `/api/chapters/${ch.id}`)).json;
    expect(read.created_by).toMatchObject({ id: 1 });
    expect(read.pages.map((x: { id: number }) => x.id)).toEqual([page.id]);
    const book = (await call('GET', '/api/books/80')).json;
    expect(book.contents[0]).toMatchObject({ type: 'chapter', url: expect.stringContaining('/books/other/chapter/postmortems') });
  });
});

describe('simulator: listings and search (§5, §6.5)', () => {
  it('clamps count, pages by offset, sorts with fallback, filters case-insensitively', async () => {
    const { sim: s, call } = await start();
    for (const name of ['Alpha', 'beta', 'Gamma', 'Café']) s.addPage({ bookId: 79, name, markdown: 'x' });
    const all = await call('GET', '/api/pages?count=0');
    expect(all.json.data).toHaveLength(1);
    expect(all.json.total).toBe(4);
    expect((await call('GET', '/api/pages?offset=3')).json.data).toHaveLength(1);
    expect((await call('GET', '/api/pages?offset=-5&count=9999')).json.data).toHaveLength(4);
    const desc = (await call('GET', '/api/pages?sort=-bogus')).json.data.map((p: { id: number }) => p.id);
    expect(desc).toEqual([...desc].sort((a: number, b: number) => b - a));
    expect((await call('GET', `/api/pages?filter[name]=${encodeURIComponent('ALPHA')}`)).json.total).toBe(1);
    expect((await call('GET', `/api/pages?filter[name]=cafe`)).json.total).toBe(1);
    expect((await call('GET', `/api/pages?filter[name:like]=${encodeURIComponent('%a')}`)).json.total).toBe(3);
    expect((await call('GET', '/api/pages?filter[bogus]=1')).json.total).toBe(4);
    expect((await call('GET', '/api/pages?filter[draft]=true')).json.total).toBe(4);
    expect((await call('GET', '/api/pages?filter[draft]=1')).json.total).toBe(0);
    expect((await call('GET', '/api/pages?filter[name][]=Alpha')).json.total).toBe(0);
    const item = (await call('GET', '/api/pages?count=1')).json.data[0];
    expect(item).toMatchObject({ created_by: 1, book_slug: 'homelab', editor: 'markdown' });
    expect(item).toHaveProperty('revision_count');
  });

  it('search validates count and page and filters by type, name and tag', async () => {
    const { sim: s, call } = await start();
    s.addPage({ bookId: 79, name: 'Postmortem DNS', markdown: 'resolver', tags: [{ name: 'severity', value: 'P2', order: 0 }] });
    s.addChapter(79, 'Postmortems');
    expect((await call('GET', '/api/search')).status).toBe(422);
    expect((await call('GET', '/api/search?query=x&count=200')).json.error.validation.count).toEqual(['The count may not be greater than 100.']);
    expect((await call('GET', '/api/search?query=x&page=0')).status).toBe(422);
    const pages = await call('GET', `/api/search?query=${encodeURIComponent('{type:page} [severity=P2]')}`);
    expect(pages.json.data.map((d: { type: string }) => d.type)).toEqual(['page']);
    expect(pages.json.data[0]).toHaveProperty('url');
    expect(pages.json.data[0]).toHaveProperty('preview_html');
    const named = await call('GET', `/api/search?query=${encodeURIComponent('{in_name:postmortem}')}`);
    expect(named.json.total).toBe(2);
  });
});

describe('simulator: fault injection', () => {
  it('serves 502 HTML, 503 JSON, resets and 500 after a write', async () => {
    const { sim: s, call } = await start();
    s.inject({ kind: 502 });
    const gw = await call('GET', '/api/books');
    expect([gw.status, gw.headers.get('content-type')]).toEqual([502, 'text/html']);
    s.inject({ kind: 503 });
    expect((await call('GET', '/api/books')).json.error.code).toBe(503);
    s.inject({ kind: 'reset' });
    await expect(call('GET', '/api/books')).rejects.toThrow();
    s.inject({ kind: 500, after: true }, { method: 'POST' });
    expect((await call('POST', '/api/pages', { book_id: 79, name: 'W', markdown: 'm' })).status).toBe(500);
    expect(s.pagesNamed('W')).toHaveLength(1);
  });
});
