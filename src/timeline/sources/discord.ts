/**
 * Discord messages (an array, newest first as the API returns them, or a single message). The
 * `timestamp` field is trusted; snowflakes are for paging only.
 */
import { inputError, isObject, nonEmpty, str } from '../event.js';
import { parseRfc3339 } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';
import { chatEvent } from './chat-common.js';

export function parseDiscord(json: unknown, ctx: ParseContext): TimelineEvent[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.messages) ? json.messages : isObject(json) && json.id !== undefined ? [json] : undefined;
  if (!list) throw inputError(ctx, 'discord', '$', 'expected an array of Discord message objects');
  const out = new Map<string, TimelineEvent>();
  list.forEach((m, i) => {
    if (!isObject(m)) return;
    const at = parseRfc3339(str(m.timestamp) ?? '');
    if (!at) {
      ctx.warn(`${ctx.label}: message at $[${i}] has no valid timestamp and was skipped.`);
      return;
    }
    const author = isObject(m.author) ? m.author : {};
    let text = str(m.content) ?? '';
    if (!text && Array.isArray(m.embeds)) {
      text = m.embeds
        .map((e) => (isObject(e) ? [str(e.title), str(e.description)].filter(Boolean).join(': ') : ''))
        .filter(Boolean)
        .join('\n');
    }
    const id = nonEmpty(m.id) ?? `${str(author.id)}:${at.ns}`;
    const ev = chatEvent({
      system: 'discord',
      nativeId: id,
      ref: `discord ${str(m.channel_id) ?? ctx.label} message ${id}`,
      tsNs: at.ns,
      precision: at.precision,
      author: nonEmpty(author.global_name) ?? nonEmpty(author.username) ?? 'unknown',
      text,
      bot: author.bot === true || m.webhook_id !== undefined,
    });
    out.set(ev.id, ev);
  });
  return [...out.values()];
}
