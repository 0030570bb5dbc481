/**
 * A Slack workspace export ZIP (design/timeline.md §3.7): `channels.json` (and `groups.json`,
 * `mpims.json`, `dms.json` when private conversations were exported), `users.json`, and one folder
 * per conversation holding `<YYYY-MM-DD>.json` day files. File dates are in the workspace's zone,
 * which the export does not record, so days within one day of the window are read and each
 * message's `ts` decides; everything else in the archive (integration logs, canvases, uploads) is
 * ignored.
 */
import { UserInputError, throwIfAborted } from '../../errors.js';
import { inputError, isObject, nonEmpty, setOwn } from '../event.js';
import type { ParseContext, ProgressFn, TimelineEvent } from '../types.js';
import { ZipArchive, type ZipEntry, type ZipLimits } from '../zip.js';
import { parseSlack } from './slack.js';

const DAY_MS = 86_400_000;
const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
/** Conversation lists: the folder of a channel, private channel or group DM is its name; of a DM, its id. */
const CONVERSATION_LISTS: Array<{ file: string; folderBy: 'name' | 'id' }> = [
  { file: 'channels.json', folderBy: 'name' },
  { file: 'groups.json', folderBy: 'name' },
  { file: 'mpims.json', folderBy: 'name' },
  { file: 'dms.json', folderBy: 'id' },
];

export interface SlackExportOptions {
  /** The input field at fault in messages, e.g. `inputs.0.path`. */
  field: string;
  signal?: AbortSignal;
  progress?: ProgressFn;
  limits?: Partial<ZipLimits>;
}

export interface SlackExportResult {
  events: TimelineEvent[];
  /** Day files parsed. */
  dayFiles: number;
  /** Day files left out because their date is more than a day outside the window. */
  skippedByDate: number;
  /** Conversations with at least one day file read. */
  channels: number;
  /** A one-line summary for the source row. */
  note: string;
}

function jsonProblem(error: unknown, text: string): string {
  const message = String((error as Error).message ?? error);
  if (/end of JSON input/i.test(message)) return 'the JSON ends early';
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    if (Number(pos[1]) >= text.trimEnd().length) return 'the JSON ends early';
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const column = Number(pos[1]) - before.lastIndexOf('\n');
    return `invalid JSON at line ${line} column ${column}`;
  }
  // V8 quotes the offending text in some messages; an export's content never goes into an error.
  return 'invalid JSON';
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function parseSlackExport(filePath: string, ctx: ParseContext, options: SlackExportOptions): Promise<SlackExportResult> {
  const zip = await ZipArchive.open(filePath, { label: ctx.label, field: options.field, limits: options.limits });
  try {
    return await readExport(zip, ctx, options);
  } finally {
    await zip.close();
  }
}

async function readJsonEntry(zip: ZipArchive, entry: ZipEntry, ctx: ParseContext): Promise<unknown> {
  const text = (await zip.read(entry)).toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError(ctx, 'slack', `entry ${entry.name}`, jsonProblem(error, text));
  }
}

async function readExport(zip: ZipArchive, ctx: ParseContext, options: SlackExportOptions): Promise<SlackExportResult> {
  // Some tools re-zip the unpacked export inside one top folder; accept that one level.
  const channelsEntry = zip.entries
    .filter((e) => e.safeName && /^(?:[^/]+\/)?channels\.json$/.test(e.name))
    .sort((a, b) => a.name.length - b.name.length)[0];
  if (!channelsEntry) {
    throw new UserInputError(
      `${ctx.label} (slack): the ZIP archive has no channels.json, so it is not a Slack workspace export; pass the ZIP that Slack's export produced, or a single day file with format slack.`,
      { field: options.field },
    );
  }
  const root = channelsEntry.name.slice(0, channelsEntry.name.length - 'channels.json'.length);

  const folderChannel = new Map<string, string>();
  const channelNames: Record<string, string> = {};
  for (const list of CONVERSATION_LISTS) {
    const entry = zip.find(root + list.file);
    if (!entry) continue;
    const json = await readJsonEntry(zip, entry, ctx);
    if (!Array.isArray(json)) throw inputError(ctx, 'slack', `entry ${entry.name}`, 'expected an array of conversations ({id, name})');
    for (const c of json) {
      if (!isObject(c)) continue;
      const id = nonEmpty(c.id);
      const name = nonEmpty(c.name);
      const folder = list.folderBy === 'id' ? id : name;
      if (folder) folderChannel.set(folder, name ?? folder);
      if (id && name) setOwn(channelNames, id, name);
    }
  }

  const users: Record<string, string> = {};
  const usersEntry = zip.find(`${root}users.json`);
  if (usersEntry) {
    const json = await readJsonEntry(zip, usersEntry, ctx);
    if (!Array.isArray(json)) throw inputError(ctx, 'slack', `entry ${usersEntry.name}`, 'expected an array of users ({id, name, profile})');
    for (const u of json) {
      if (!isObject(u)) continue;
      const id = nonEmpty(u.id);
      const profile = isObject(u.profile) ? u.profile : {};
      const name = nonEmpty(profile.display_name) ?? nonEmpty(profile.real_name) ?? nonEmpty(u.real_name) ?? nonEmpty(u.name);
      if (id && name) setOwn(users, id, name);
    }
  } else {
    ctx.warn(`${ctx.label}: the Slack export has no users.json, so authors and @mentions stay as user ids.`);
  }

  // File dates are local to the workspace (UTC-12..UTC+14): a day of margin each side covers any zone.
  const firstDay = utcDay(Number(ctx.window.startNs / 1_000_000n) - DAY_MS);
  const lastDay = utcDay(Number((ctx.window.endNs - 1n) / 1_000_000n) + DAY_MS);
  const dayFiles: Array<{ entry: ZipEntry; folder: string }> = [];
  let skippedByDate = 0;
  for (const entry of zip.entries) {
    if (!entry.safeName || !entry.name.startsWith(root)) continue;
    const m = DAY_FILE.exec(entry.name.slice(root.length));
    if (!m) continue;
    if (m[2]! < firstDay || m[2]! > lastDay) skippedByDate++;
    else dayFiles.push({ entry, folder: m[1]! });
  }
  dayFiles.sort((a, b) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));

  const events: TimelineEvent[] = [];
  const channelsRead = new Set<string>();
  for (let i = 0; i < dayFiles.length; i++) {
    throwIfAborted(options.signal);
    const { entry, folder } = dayFiles[i]!;
    options.progress?.(i, dayFiles.length, `reading ${ctx.label} ${entry.name}`);
    const json = await readJsonEntry(zip, entry, ctx);
    if (!Array.isArray(json)) throw inputError(ctx, 'slack', `entry ${entry.name}`, 'expected an array of messages (a Slack export day file)');
    const channel = folderChannel.get(folder) ?? folder;
    const dayCtx: ParseContext = { ...ctx, label: `${ctx.label} ${entry.name}` };
    events.push(...parseSlack(json, dayCtx, { channel, users, channels: channelNames }));
    channelsRead.add(channel);
  }

  const parts = [`Slack export: read ${dayFiles.length} day file${dayFiles.length === 1 ? '' : 's'} from ${channelsRead.size} channel${channelsRead.size === 1 ? '' : 's'} dated ${firstDay}..${lastDay} (the window ±1 day)`];
  if (skippedByDate > 0) parts.push(`skipped ${skippedByDate} dated outside it`);
  if (dayFiles.length === 0) {
    ctx.warn(`${ctx.label}: the Slack export has no day files dated ${firstDay}..${lastDay}; check start/end or export the right date range.`);
  }
  return { events, dayFiles: dayFiles.length, skippedByDate, channels: channelsRead.size, note: parts.join(', ') };
}
