import { describe, expect, it } from 'vitest';
import { parseDiscord } from '../../../src/timeline/sources/discord.js';
import { parseMatrix } from '../../../src/timeline/sources/matrix.js';
import { parseMattermost } from '../../../src/timeline/sources/mattermost.js';
import { parseSlack } from '../../../src/timeline/sources/slack.js';
import { parseTranscript } from '../../../src/timeline/sources/transcript.js';
import { parseCtx, sample, sampleText } from './helpers.js';

const slack = sample('slack.json');
const matrix = sample('matrix.json');
const mattermost = sample('mattermost.json');
const discord = sample('discord.json');

describe('parseSlack', () => {
  it('reads conversations.history with µs ts as the id', () => {
    const events = parseSlack(slack.conversations_history_response, parseCtx({ label: 'C123' }));
    expect(events.map((e) => [e.id, e.tsNs, e.precision])).toEqual([
      ['slack:C123:1512085950.000216', '1512085950000216000', 'us'],
      ['slack:C123:1512104434.000490', '1512104434000490000', 'us'],
    ]);
  });

  it('reads an export day file: joins skipped, names from user_profile, mentions resolved', () => {
    const day = [...slack.ILLUSTRATIVE_export_file.content, { type: 'message', user: 'U222BBB222', text: 'cc <@U123ABC456>', ts: '1709647600.000100' }];
    const events = parseSlack(day, parseCtx({ label: 'incidents' }));
    expect(events.map((e) => e.title)).toEqual(['alice: api is 502ing', 'U222BBB222: rolling back', 'U222BBB222: cc @alice']);
    expect(events[1]!.phaseHints).toContain('mitigation');
    expect(events[1]!.source.ref).toContain('thread 1709647320.001200');
  });

  it('treats bot messages as bots and alert relays as alert events', () => {
    const [e] = parseSlack([{ type: 'message', subtype: 'bot_message', username: 'alertmanager', text: '[FIRING:1] HighErrorRate api', ts: '1709647320.000001' }], parseCtx());
    expect(e).toMatchObject({ category: 'alert_firing', labels: { alertname: 'HighErrorRate' } });
  });
});

describe('parseMatrix, parseMattermost, parseDiscord', () => {
  it('Matrix: only m.room.message, ms timestamps, a skew warning', () => {
    const ctx = parseCtx();
    const events = parseMatrix(matrix.response, ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: 'matrix:$143273582443PhrSn:example.org', ts: new Date(1432735824653).toISOString(), actor: 'example' });
    expect(ctx.warnings.join()).toMatch(/homeserver clock/);
  });

  it('Matrix: edits are not separate messages', () => {
    const chunk = [
      { type: 'm.room.message', event_id: '$1', sender: '@a:x', origin_server_ts: 1000, content: { body: 'hi' } },
      { type: 'm.room.message', event_id: '$2', sender: '@a:x', origin_server_ts: 2000, content: { body: '* hey', 'm.relates_to': { rel_type: 'm.replace', event_id: '$1' } } },
    ];
    expect(parseMatrix({ chunk }, parseCtx())).toHaveLength(1);
  });

  it('Mattermost: PostList, newest update_at wins, deleted posts dropped', () => {
    const [e] = parseMattermost(mattermost.response, parseCtx());
    expect(e).toMatchObject({ id: 'mattermost:jysnx7byebf49yxx1uynefajiy', ts: new Date(1616447014367).toISOString() });
    const posts = [
      { id: 'p', create_at: 1000, update_at: 1000, message: 'old' },
      { id: 'p', create_at: 1000, update_at: 5000, message: 'edited' },
      { id: 'q', create_at: 2000, update_at: 2000, delete_at: 3000, message: 'gone' },
    ];
    expect(parseMattermost(posts, parseCtx()).map((x) => x.title)).toEqual(['unknown: edited']);
  });

  it('Discord: trusts timestamp (not the snowflake), µs precision', () => {
    const [e] = parseDiscord([discord.message], parseCtx());
    expect(e).toMatchObject({ id: 'discord:334385199974967042', ts: '2017-07-11T17:27:07.299Z', precision: 'us', actor: 'Mason' });
  });
});

function blocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      name = line.slice(3, 5).replace('.', '').trim() || line.slice(3);
      out.set(name, '');
    } else if (name && !line.startsWith('#')) out.set(name, `${out.get(name)}${line}\n`);
  }
  return out;
}

describe('parseTranscript (all formats of chat-transcripts.txt)', () => {
  const b = blocks(sampleText('chat-transcripts.txt'));
  const berlin = { start: '2024-03-05T12:00:00Z', end: '2024-03-06T12:00:00Z', timezone: 'Europe/Berlin' };

  it('A: [HH:MM] name: and <name>, minute precision, date from the window, zone applied', () => {
    const events = parseTranscript(b.get('A')!, parseCtx(berlin));
    expect(events.map((e) => [e.ts, e.actor, e.precision])).toEqual([
      ['2024-03-05T13:02:00.000Z', 'alice', 'min'],
      ['2024-03-05T13:03:00.000Z', 'bob', 'min'],
      ['2024-03-05T13:05:00.000Z', 'carol', 'min'],
    ]);
    expect(events[0]!.tsSource).toBe('assumed_tz');
  });

  it('B: Slack copy (name line, 12-hour time, text on the next line)', () => {
    const events = parseTranscript(b.get('B')!, parseCtx(berlin));
    expect(events.map((e) => [e.ts, e.title])).toEqual([
      ['2024-03-05T13:02:00.000Z', 'Alice Smith: api is throwing 502s'],
      ['2024-03-05T13:03:00.000Z', 'Bob: looking'],
    ]);
  });

  it('C and D: dated lines with seconds, and ISO with an offset (which wins over timezone)', () => {
    const c = parseTranscript(b.get('C')!, parseCtx(berlin));
    expect(c.map((e) => [e.ts, e.precision])).toEqual([
      ['2024-03-05T13:02:11.000Z', 's'],
      ['2024-03-05T13:05:40.000Z', 's'],
    ]);
    const [d] = parseTranscript(b.get('D')!, parseCtx({ ...berlin, timezone: 'America/New_York' }));
    expect(d!.ts).toBe('2024-03-05T13:02:11.000Z');
    expect(d!.tsSource).toBe('source');
  });

  it('E and F: Discord copy and WhatsApp export', () => {
    const [e] = parseTranscript(b.get('E')!, parseCtx(berlin));
    expect(e).toMatchObject({ ts: '2024-03-05T13:02:00.000Z', title: 'alice: api is throwing 502s' });
    const ctx = parseCtx(berlin);
    const [f] = parseTranscript(b.get('F')!, ctx);
    expect(f).toMatchObject({ ts: '2024-03-05T13:02:00.000Z', actor: 'Alice' });
    expect(ctx.warnings.join()).toMatch(/day\/month/);
  });

  it('a time earlier than the previous line rolls over to the next day', () => {
    const events = parseTranscript(b.get('Da')!, parseCtx({ start: '2024-03-05T20:00:00Z', end: '2024-03-06T04:00:00Z' }));
    expect(events.map((e) => e.ts)).toEqual(['2024-03-05T23:58:00.000Z', '2024-03-06T00:03:00.000Z']);
  });

  it('without a timezone reads as UTC and warns; untimed lines continue the message', () => {
    const ctx = parseCtx({ start: '2024-03-05T00:00:00Z', end: '2024-03-06T00:00:00Z' });
    const events = parseTranscript('[14:02] alice: stack trace:\n  at foo()\n  at bar()\n[14:03] bob: ok', ctx);
    expect(events[0]!.ts).toBe('2024-03-05T14:02:00.000Z');
    expect(events[0]!.body).toContain('at bar()');
    expect(ctx.warnings.join()).toMatch(/read as UTC/);
  });

  it('reports DST-ambiguous and skipped local times', () => {
    const fall = parseCtx({ start: '2026-10-24T22:00:00Z', end: '2026-10-25T06:00:00Z', timezone: 'Europe/Berlin' });
    const [a] = parseTranscript('[02:30] alice: which 02:30?', fall);
    expect(a!.ts).toBe('2026-10-25T00:30:00.000Z');
    expect(fall.warnings.join()).toMatch(/repeated hour.*Europe\/Berlin.*earlier instant/);
    const spring = parseCtx({ start: '2026-03-28T23:00:00Z', end: '2026-03-29T06:00:00Z', timezone: 'Europe/Berlin' });
    const [b] = parseTranscript('[02:30] bob: this minute never happened', spring);
    expect(b!.ts).toBe('2026-03-29T01:30:00.000Z');
    expect(spring.warnings.join()).toMatch(/do not exist in Europe\/Berlin/);
  });

  it('WhatsApp month/day order decided by a value above 12', () => {
    const events = parseTranscript('03/13/2024, 09:00 - A: one\n03/05/2024, 10:00 - B: two', parseCtx());
    expect(events.map((e) => e.ts.slice(0, 10))).toEqual(['2024-03-13', '2024-03-05']);
  });
});
