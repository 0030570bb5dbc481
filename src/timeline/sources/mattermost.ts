/** Mattermost PostList (`order` + `posts`) or an array of posts; newest `update_at` wins per id. */
import { inputError, isObject, nonEmpty, str } from '../event.js';
import { msToNs } from '../time.js';
import type { ParseContext, TimelineEvent } from '../types.js';
import { chatEvent } from './chat-common.js';

export function parseMattermost(json: unknown, ctx: ParseContext): TimelineEvent[] {
  let posts: unknown[];
  if (Array.isArray(json)) posts = json;
  else if (isObject(json) && isObject(json.posts)) posts = Object.values(json.posts);
  else throw inputError(ctx, 'mattermost', '$.posts', 'expected a PostList ({order, posts}) or an array of posts');
  const newest = new Map<string, Record<string, unknown>>();
  posts.forEach((p) => {
    if (!isObject(p)) return;
    const id = str(p.id) ?? `${str(p.user_id)}:${str(p.create_at)}`;
    const prev = newest.get(id);
    if (!prev || Number(p.update_at ?? 0) > Number(prev.update_at ?? 0)) newest.set(id, p);
  });
  const out: TimelineEvent[] = [];
  for (const [id, p] of newest) {
    if (Number(p.delete_at ?? 0) > 0) continue;
    const ts = Number(p.create_at);
    if (!Number.isFinite(ts) || ts <= 0) {
      ctx.warn(`${ctx.label}: post ${id} has no create_at and was skipped.`);
      continue;
    }
    const type = str(p.type) ?? '';
    if (type.startsWith('system_')) continue;
    const props = isObject(p.props) ? p.props : {};
    let text = str(p.message) ?? '';
    if (!text && Array.isArray(props.attachments)) {
      text = props.attachments
        .map((a) => (isObject(a) ? [str(a.title), str(a.text) ?? str(a.fallback)].filter(Boolean).join(': ') : ''))
        .filter(Boolean)
        .join('\n');
    }
    const bot = props.from_bot === 'true' || props.from_bot === true || props.from_webhook === 'true';
    out.push(
      chatEvent({
        system: 'mattermost',
        nativeId: id,
        ref: `mattermost ${str(p.channel_id) ?? ctx.label} post ${id}`,
        tsNs: msToNs(ts),
        precision: 'ms',
        author: nonEmpty(props.override_username) ?? nonEmpty(p.username) ?? str(p.user_id) ?? 'unknown',
        text,
        bot,
      }),
    );
  }
  return out;
}
