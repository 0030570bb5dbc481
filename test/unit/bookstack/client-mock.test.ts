import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createBookStackClient } from '../../../src/bookstack/client.js';
import { publishPostmortem } from '../../../src/bookstack/publisher.js';
import { UpstreamError, UserInputError } from '../../../src/errors.js';
import { createStore } from '../../../src/bookstack/store.js';
import { tempDir } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bookstack/${name}`, import.meta.url), 'utf8');
const READY = fixture('ready-postmortem.md');
const ORIGIN = 'http://bookstack.test';
const json = { headers: { 'content-type': 'application/json' } };

let agent: MockAgent;
afterEach(async () => {
  await agent.close();
});

function setup() {
  agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const seen: Array<{ method: string; path: string; auth: string | undefined; cookie: string | undefined }> = [];
  const client = createBookStackClient({ url: `${ORIGIN}/`, tokenId: 'mockTokenId', tokenSecret: 'mockTokenSecret123', dispatcher: agent, sleep: async () => {} });
  const record = (opts: { method: string; path: string; headers: unknown }) => {
    const h = opts.headers as Record<string, string>;
    seen.push({ method: opts.method, path: opts.path, auth: h.authorization, cookie: h.cookie });
  };
  return { pool, client, seen, record };
}

describe('BookStack client on MockAgent fixtures', () => {
  it('an unchanged re-save reads the listing and the page and writes nothing (2 requests)', async () => {
    const { pool, client, seen, record } = setup();
    const stored = READY.trim();
    pool.intercept({ method: 'GET', path: (p) => p.startsWith('/api/pages?') }).reply((opts) => {
      record(opts as never);
      return { statusCode: 200, data: fixture('pages-list.json'), responseOptions: json };
    });
    pool.intercept({ method: 'GET', path: '/api/pages/4711' }).reply((opts) => {
      record(opts as never);
      return { statusCode: 200, data: fixture('page-read.json').replace('"__MARKDOWN__"', JSON.stringify(stored)), responseOptions: json };
    });
    const result = await publishPostmortem({ markdown: READY, tags: [{ name: 'severity', value: 'P3' }] }, { client, store: createStore(tempDir()), defaults: { bookId: 79 }, keepLocalCopy: false });
    expect(result).toMatchObject({ action: 'unchanged', pageId: 4711, chapterId: 12, requests: 2 });
    expect(result.url).toBe(`${ORIGIN}/books/homelab/page/postmortem-2026-11-28-wiki-unreachable-after-certificate-expiry`);
    expect(seen).toHaveLength(2);
    const query = new URL(seen[0]!.path, ORIGIN).searchParams;
    expect(query.get('filter[book_id]')).toBe('79');
    expect(query.get('filter[name]')).toBe('Postmortem 2026-11-28: Wiki unreachable after certificate expiry');
    expect(seen[0]!.path).toContain('%3A');
    expect(seen.every((s) => s.auth === 'Token mockTokenId:mockTokenSecret123' && s.cookie === undefined)).toBe(true);
    expect(JSON.stringify(result)).not.toContain('do-not-leak');
  });

  it('a 500 envelope with an exception text is not echoed', async () => {
    const { pool, client } = setup();
    pool.intercept({ method: 'GET', path: '/api/pages/1' }).reply(500, fixture('error-500-exception.json'), json).times(10);
    const err = await client.getPage(1).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.transient).toBe(true);
    expect(err.message).not.toMatch(/SQLSTATE|var\/www|do-not-leak/);
  });

  it('a 403 content permission names the action; a 422 lists the fields', async () => {
    const { pool, client } = setup();
    pool.intercept({ method: 'POST', path: '/api/pages' }).reply(403, fixture('error-403-permission.json'), json);
    pool.intercept({ method: 'POST', path: '/api/pages' }).reply(422, fixture('error-422-page.json'), json);
    const forbidden = await client.createPage({ bookId: 79, name: 'n', markdown: 'm' }).catch((e) => e);
    expect(forbidden.message).toMatch(/may not create pages in book 79 \(missing "page-create" permission\)/);
    const invalid = await client.createPage({ bookId: 79, name: 'n', markdown: 'm' }).catch((e) => e);
    expect(invalid).toBeInstanceOf(UserInputError);
    expect(invalid.message).toContain('book_id: The book id field is required when chapter id is not present.');
    expect(invalid.message).not.toContain('do-not-leak');
  });
});
