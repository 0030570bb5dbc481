/**
 * Matrix `/messages` chunks (or a plain array of events). Times come from the sender's homeserver
 * clock, so a skew warning is attached; edits (`m.replace`) replace nothing and are skipped.
 */
import { inputError, isObject, nonEmpty, str } from '../event.js';
import { htmlToText } from '../sanitize.js';
import { msToNs } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';
import { chatEvent } from './chat-common.js';

export function parseMatrix(json: unknown, ctx: ParseContext): TimelineEvent[] {
  const chunk = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.chunk) ? json.chunk : isObject(json) && Array.isArray(json.events) ? json.events : undefined;
  if (!chunk) throw inputError(ctx, 'matrix', '$.chunk', 'expected a /messages response with chunk[] or an array of room events');
  const out = new Map<string, TimelineEvent>();
  chunk.forEach((e, i) => {
    if (!isObject(e) || e.type !== 'm.room.message' || !isObject(e.content)) return;
    const rel = isObject(e.content['m.relates_to']) ? e.content['m.relates_to'] : undefined;
    if (rel?.rel_type === 'm.replace') return;
    const ts = typeof e.origin_server_ts === 'number' ? e.origin_server_ts : Number(e.origin_server_ts);
    if (!Number.isFinite(ts)) {
      ctx.warn(`${ctx.label}: event at $.chunk[${i}] has no origin_server_ts and was skipped.`);
      return;
    }
    const sender = str(e.sender) ?? 'unknown';
    const body = str(e.content.body) ?? htmlToText(str(e.content.formatted_body) ?? '');
    const eventId = nonEmpty(e.event_id) ?? `${sender}:${ts}`;
    const ev = chatEvent({
      system: 'matrix',
      nativeId: eventId,
      ref: `matrix ${str(e.room_id) ?? ctx.label} ${eventId}`,
      tsNs: msToNs(ts),
      precision: 'ms',
      author: sender.replace(/^@/, '').replace(/:.*$/, ''),
      text: body,
      bot: e.content.msgtype === 'm.notice',
    });
    if (!out.has(ev.id)) out.set(ev.id, ev);
  });
  if (out.size > 0) ctx.warn(`${ctx.label}: Matrix timestamps come from each sender's homeserver clock and may be skewed against other sources.`);
  return [...out.values()];
}
