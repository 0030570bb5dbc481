/**
 * Slack: conversations.history responses and export day files (an array of messages), also an
 * object mapping day files to arrays (design/timeline.md §3.7). `ts` is both the time and the id.
 * Whole workspace export ZIPs are opened by slack-export.ts, which feeds each day file here.
 */
import { inputError, isObject, nonEmpty, str } from '../event.js';
import { slackTsToNs } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';
import { chatEvent } from './chat-common.js';

const SKIPPED_SUBTYPES = new Set(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'group_join', 'group_leave', 'message_deleted', 'pinned_item']);

export interface SlackOptions {
  channel?: string;
  /** user id -> display name (users.json). */
  users?: Record<string, string>;
  /** channel id -> name (channels.json), for `<#C…>` links. */
  channels?: Record<string, string>;
}

export function parseSlack(json: unknown, ctx: ParseContext, options: SlackOptions = {}): TimelineEvent[] {
  let messages: Array<{ m: unknown; path: string }>;
  if (Array.isArray(json)) messages = json.map((m, i) => ({ m, path: `$[${i}]` }));
  else if (isObject(json) && Array.isArray(json.messages)) messages = json.messages.map((m, i) => ({ m, path: `$.messages[${i}]` }));
  else if (isObject(json) && Object.values(json).every(Array.isArray)) {
    messages = Object.entries(json).flatMap(([k, arr]) => (arr as unknown[]).map((m, i) => ({ m, path: `$[${JSON.stringify(k)}][${i}]` })));
  } else throw inputError(ctx, 'slack', '$', 'expected conversations.history ({messages}) or an export day file (an array of messages)');
  const channel = options.channel ?? (isObject(json) ? nonEmpty(json.channel) : undefined) ?? ctx.label;
  const users = new Map<string, string>(Object.entries(options.users ?? {}));
  const channels = new Map<string, string>(Object.entries(options.channels ?? {}));
  for (const { m } of messages) {
    if (!isObject(m) || !isObject(m.user_profile) || !m.user) continue;
    const name = nonEmpty(m.user_profile.display_name) ?? nonEmpty(m.user_profile.real_name);
    if (name) users.set(String(m.user), name);
  }
  const out = new Map<string, TimelineEvent>();
  for (const { m, path } of messages) {
    if (!isObject(m)) continue;
    const subtype = str(m.subtype);
    if (subtype && SKIPPED_SUBTYPES.has(subtype)) continue;
    const ts = str(m.ts);
    const tsNs = ts ? slackTsToNs(ts) : undefined;
    if (!ts || tsNs === undefined) {
      ctx.warn(`${ctx.label}: message at ${path} has no valid ts and was skipped.`);
      continue;
    }
    const edited = subtype === 'message_changed' && isObject(m.message) ? m.message : m;
    const userId = str(edited.user) ?? str(m.user);
    const bot = subtype === 'bot_message' || m.bot_id !== undefined;
    const author = (userId && users.get(userId)) ?? nonEmpty(edited.username) ?? nonEmpty((m.bot_profile as Record<string, unknown> | undefined)?.name) ?? userId ?? 'unknown';
    let text = str(edited.text) ?? '';
    if (!text && Array.isArray(edited.attachments)) {
      text = edited.attachments
        .map((a) => (isObject(a) ? [str(a.title), str(a.text) ?? str(a.fallback)].filter(Boolean).join(': ') : ''))
        .filter(Boolean)
        .join('\n');
    }
    text = text
      .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, shown?: string) => `@${users.get(id) ?? (shown || id)}`)
      .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, shown?: string) => `#${channels.get(id) ?? (shown || id)}`)
      .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
      .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, '$1')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)');
    const ev = chatEvent({
      system: 'slack',
      nativeId: `${channel}:${ts}`,
      ref: `slack ${channel} ts ${ts}${m.thread_ts && m.thread_ts !== ts ? ` (thread ${String(m.thread_ts)})` : ''}`,
      url: nonEmpty(m.permalink),
      tsNs,
      precision: 'us',
      author,
      text,
      bot,
    });
    out.set(ev.id, ev);
  }
  return [...out.values()];
}
