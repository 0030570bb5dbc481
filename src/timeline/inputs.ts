/**
 * Exported evidence: where an input's bytes come from (inline content or a file under the input
 * roots), which format it is (`auto` says what it chose and why), and how it is read: line formats
 * and Loki responses are streamed; other JSON documents are read whole up to a size cap.
 */
import { createReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { UserInputError, throwIfAborted } from '../errors.js';
import { inputError } from './event.js';
import { JsonStreamParser, JsonSyntaxError, formatPath, type PathSeg } from './json-stream.js';
import { runLines, type LineParser } from './sources/log-common.js';
import type { ConcreteFormat, ProgressFn, TimelineEvent } from './types.js';

export const JSON_DOCUMENT_CAP = 128 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
const PROGRESS_EVERY = 4 * 1024 * 1024;
// Decoded chunks (and a chunk joined to the rest of the previous one) stay below V8's large-object
// size of 128 KB even as two-byte text: large strings are freed only by full collections, so bigger
// chunks made the streamed parse about twice as slow and tripled its peak memory (and a log line
// sliced from a chunk can keep the whole chunk alive).
const DECODED_CHUNK = 48 * 1024;

export interface InputSpec {
  format?: string;
  content?: string;
  path?: string;
  timezone?: string;
  label?: string;
}

export interface ResolvedInput {
  index: number;
  label: string;
  spec: InputSpec;
  file?: { path: string; size: number };
}

export function inputLabel(spec: InputSpec, index: number): string {
  const label = spec.label?.trim();
  return label ? `inputs[${index}] "${label.slice(0, 60)}"` : `inputs[${index}]`;
}

function within(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Checks `path` against the input roots after resolving symlinks; refuses anything but a regular file. */
export async function resolveInput(spec: InputSpec, index: number, inputRoots: readonly string[]): Promise<ResolvedInput> {
  const label = inputLabel(spec, index);
  const hasContent = typeof spec.content === 'string';
  const hasPath = typeof spec.path === 'string' && spec.path !== '';
  if (hasContent === hasPath) {
    throw new UserInputError(`${label}: give exactly one of content (the pasted export) or path (a file under the input roots).`, { field: `inputs.${index}` });
  }
  if (hasContent) return { index, label, spec };
  if (inputRoots.length === 0) {
    throw new UserInputError(`${label}: reading files is disabled because no input roots are configured; set POSTMORTEM_INPUT_ROOTS or pass content instead.`, { field: `inputs.${index}.path` });
  }
  const requested = spec.path!;
  const roots: string[] = [];
  for (const r of inputRoots) {
    try {
      roots.push(await realpath(r));
    } catch {
      // A configured root that does not exist cannot contain the file.
    }
  }
  // A relative path is looked up under each root in turn; an absolute one stands for itself.
  const candidates = path.isAbsolute(requested) ? [requested] : inputRoots.map((r) => path.resolve(r, requested));
  let real: string | undefined;
  for (const candidate of candidates) {
    try {
      real = await realpath(candidate);
      break;
    } catch {
      // try the next root
    }
  }
  if (real === undefined) {
    throw new UserInputError(`${label}: ${requested} does not exist under the input roots (${inputRoots.join(', ')}); check the path or POSTMORTEM_INPUT_ROOTS.`, {
      field: `inputs.${index}.path`,
    });
  }
  if (!roots.some((r) => within(r, real))) {
    throw new UserInputError(
      `${label}: ${requested} resolves outside the input roots (${inputRoots.join(', ')}); copy the export under a root or add its folder to POSTMORTEM_INPUT_ROOTS.`,
      { field: `inputs.${index}.path` },
    );
  }
  const st = await stat(real);
  if (!st.isFile()) {
    throw new UserInputError(`${label}: ${requested} is not a regular file (directories, devices and pipes are refused); point at the exported file itself.`, {
      field: `inputs.${index}.path`,
    });
  }
  return { index, label, spec, file: { path: real, size: st.size } };
}

export async function readHead(input: ResolvedInput): Promise<string> {
  if (input.spec.content !== undefined) return input.spec.content.slice(0, HEAD_BYTES);
  const fh = await open(input.file!.path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, input.file!.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    // A multi-byte character cut at the end only costs the last character of the sniff.
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

const TRANSCRIPT_LINE =
  /^(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]\s*(?:<[^>]+>|[^:]{1,60}:)|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+(?:<[^>]+>|[\w .'-]{1,40}:\s)|\[?\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}:\d{2}.*?\s-\s[^:]{1,60}:|\S.{0,59}?\s{2,}\d{1,2}:\d{2}\s*[AP]M\s*$|\S.{0,59}?\s+[—–]\s+(?:Today|Yesterday|\d{1,2}\/\d{1,2}\/\d{4})\b)/;
const SYSLOG_LINE = /^(?:<\d{1,3}>\d?\s?)?(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \S+ [^\s:]+(?:\[\d+\])?:|\d{4}-\d{2}-\d{2}T\S+ \S+ [^\s:]+(?:\[\d+\])?:)|^<\d{1,3}>/;
const LOGFMT_LINE = /(?:^|\s)(?:ts|time|level|lvl|msg|t)=\S/;

/** `[` starts JSON only when a JSON value follows; `[Sun Dec 04 ...]` and `[14:02]` are log and chat lines. */
export function looksLikeJsonArray(head: string): boolean {
  return /^\[\s*(?:[[{"\]]|-?\d+(?:\.\d+)?\s*[,\]]|true\b|false\b|null\b)/.test(head.trimStart());
}

export interface Detection {
  format: ConcreteFormat;
  reason: string;
}

/** Picks a format from the first 64 KB; the reason is shown in the source row. */
export function detectFormat(head: string): Detection {
  if (head.startsWith('PK\u0003\u0004')) return { format: 'slack', reason: 'a ZIP archive, read as a Slack workspace export (channels.json, users.json, <channel>/<date>.json)' };
  if (/^\u001e\s*\{/.test(head) && /"__CURSOR"\s*:|"__REALTIME_TIMESTAMP"\s*:/.test(head)) return { format: 'journald', reason: 'RS-separated journal entries (journalctl -o json-seq)' };
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{') || looksLikeJsonArray(t)) {
    const has = (re: RegExp) => re.test(t);
    const firstLine = t.split('\n', 1)[0]!;
    const lineObjects = t.split('\n').filter((l) => l.trim().startsWith('{')).length;
    if (has(/"resultType"\s*:\s*"streams"/) || (has(/"streams"\s*:\s*\[/) && has(/"values"\s*:/))) return { format: 'loki', reason: 'a Loki streams response (resultType "streams")' };
    if (has(/"data"\s*:\s*\[\s*\{\s*"pattern"\s*:/)) return { format: 'loki', reason: 'a Loki /patterns response' };
    if (has(/"resultType"\s*:\s*"matrix"/)) return { format: 'prometheus', reason: 'a Prometheus range query (resultType "matrix")' };
    if (has(/"alerts"\s*:\s*\[/) && has(/"activeAt"\s*:/)) return { format: 'prometheus', reason: 'Prometheus /api/v1/alerts (activeAt)' };
    if (has(/"involvedObject"\s*:|"regarding"\s*:|"kind"\s*:\s*"Event(?:List)?"/)) return { format: 'kubectl-events', reason: 'Kubernetes Event objects (involvedObject/regarding)' };
    if (has(/"__CURSOR"\s*:|"__REALTIME_TIMESTAMP"\s*:/)) return { format: 'journald', reason: 'journal entries (__CURSOR/__REALTIME_TIMESTAMP)' };
    if (has(/"groupKey"\s*:|"fingerprint"\s*:\s*"[0-9a-f]{16}"/) && has(/"startsAt"\s*:/)) return { format: 'alertmanager', reason: 'Alertmanager alerts (fingerprint, startsAt)' };
    if (has(/"schema"\s*:\s*\{/) && has(/"fields"\s*:/) && has(/"values"\s*:/)) return { format: 'grafana-annotations', reason: 'a Grafana state-history data frame' };
    if (has(/"dashboardUID"\s*:|"panelId"\s*:|"newState"\s*:|"alertId"\s*:/)) return { format: 'grafana-annotations', reason: 'Grafana annotations (dashboardUID/panelId)' };
    if (has(/"origin_server_ts"\s*:/)) return { format: 'matrix', reason: 'Matrix room events (origin_server_ts)' };
    if (has(/"create_at"\s*:/) && has(/"channel_id"\s*:|"order"\s*:/)) return { format: 'mattermost', reason: 'Mattermost posts (create_at)' };
    if (has(/"ts"\s*:\s*"\d{9,12}\.\d{1,6}"/)) return { format: 'slack', reason: 'Slack messages (ts "secs.micro")' };
    if (has(/"channel_id"\s*:/) && has(/"timestamp"\s*:\s*"\d{4}-/) && has(/"author"\s*:/)) return { format: 'discord', reason: 'Discord messages (channel_id, author, ISO timestamp)' };
    if (has(/"forge_url"\s*:|"deploy_to"\s*:/) || (has(/"number"\s*:/) && has(/"started"\s*:/) && has(/"finished"\s*:/))) return { format: 'woodpecker', reason: 'Woodpecker pipelines (number, started, finished)' };
    if (firstLine.trim().startsWith('{') && firstLine.trim().endsWith('}') && lineObjects > 0) return { format: 'jsonl', reason: 'one JSON object per line' };
    return { format: 'jsonl', reason: 'JSON that matches no known export; read as JSON lines' };
  }
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 200);
  const share = (re: RegExp) => (lines.length === 0 ? 0 : lines.filter((l) => re.test(l)).length / lines.length);
  if (share(SYSLOG_LINE) >= 0.5) return { format: 'syslog', reason: 'syslog lines (RFC 3164/5424 headers)' };
  if (share(TRANSCRIPT_LINE) >= 0.3) return { format: 'transcript', reason: 'chat lines with times and names' };
  if (share(LOGFMT_LINE) >= 0.5) return { format: 'logfmt', reason: 'key=value lines with ts/level/msg' };
  return { format: 'text', reason: 'plain text lines' };
}

export interface ReadOptions {
  signal?: AbortSignal;
  progress: ProgressFn;
}

/** Feeds a line parser from inline content or a streamed file. */
export async function readLines(input: ResolvedInput, parser: LineParser, opts: ReadOptions): Promise<TimelineEvent[]> {
  if (input.spec.content !== undefined) return runLines(parser, input.spec.content);
  const total = input.file!.size;
  const stream = createReadStream(input.file!.path, { encoding: 'utf8', highWaterMark: DECODED_CHUNK });
  let bytes = 0;
  let nextReport = PROGRESS_EVERY;
  stream.on('data', (chunk) => {
    bytes += Buffer.byteLength(chunk as string);
  });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      parser.line(line, lineNo);
      if ((lineNo & 1023) === 0) {
        throwIfAborted(opts.signal);
        if (bytes >= nextReport) {
          nextReport = bytes + PROGRESS_EVERY;
          opts.progress(bytes, total, `reading ${input.label}`);
        }
      }
    }
  } finally {
    rl.close();
    stream.destroy();
  }
  throwIfAborted(opts.signal);
  return parser.finish();
}

/** A whole JSON document (non-Loki exports): inline, or read up to the cap. Falls back to JSON lines. */
export async function readJsonDocument(input: ResolvedInput, format: string, opts: ReadOptions): Promise<unknown> {
  let text: string;
  if (input.spec.content !== undefined) text = input.spec.content;
  else {
    if (input.file!.size > JSON_DOCUMENT_CAP) {
      throw new UserInputError(
        `${input.label} (${format}): the file is ${Math.round(input.file!.size / 1048576)} MB, above the ${JSON_DOCUMENT_CAP / 1048576} MB limit for ${format} JSON documents; export a narrower window or split the file.`,
        { field: `inputs.${input.index}.path` },
      );
    }
    const chunks: string[] = [];
    const stream = createReadStream(input.file!.path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    let bytes = 0;
    for await (const chunk of stream) {
      chunks.push(chunk as string);
      bytes += (chunk as string).length;
      throwIfAborted(opts.signal);
      opts.progress(bytes, input.file!.size, `reading ${input.label}`);
    }
    text = chunks.join('');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // Archives of webhooks or API pages are often one JSON document per line.
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      const out: unknown[] = [];
      for (let i = 0; i < lines.length; i++) {
        try {
          const v = JSON.parse(lines[i]!);
          if (Array.isArray(v)) out.push(...v);
          else out.push(v);
        } catch {
          throw inputError({ label: input.label }, format, `line ${i + 1}`, 'not valid JSON');
        }
      }
      return out;
    }
    const m = /position (\d+)/.exec(String(error));
    const pos = m ? Number(m[1]) : /end of JSON input/.test(String(error)) ? text.length : undefined;
    const where = pos === undefined ? '$' : `line ${text.slice(0, pos).split('\n').length}${pos >= text.trimEnd().length ? ' (the document ends early)' : ''}`;
    throw inputError({ label: input.label }, format, where, 'not valid JSON');
  }
}

export interface StreamedJsonHandlers {
  split(path: readonly PathSeg[]): boolean;
  onValue(path: readonly PathSeg[], value: unknown): void;
  fast?(buf: string, pos: number): { value: unknown; end: number } | null | undefined;
}

/** Streams a large JSON document, handing split values out as they complete. Returns the remaining tree. */
export async function streamJsonDocument(input: ResolvedInput, format: string, handlers: StreamedJsonHandlers, opts: ReadOptions): Promise<unknown> {
  const parser = new JsonStreamParser(handlers);
  const total = input.file?.size ?? input.spec.content!.length;
  try {
    if (input.spec.content !== undefined) {
      parser.write(input.spec.content);
    } else {
      // Read in large blocks (fewer reads), parsed in decoded pieces of at most DECODED_CHUNK.
      const stream = createReadStream(input.file!.path, { highWaterMark: 4 * DECODED_CHUNK });
      const decoder = new StringDecoder('utf8');
      let bytes = 0;
      let nextReport = PROGRESS_EVERY;
      for await (const block of stream) {
        for (let at = 0; at < (block as Buffer).length; at += DECODED_CHUNK) {
          const text = decoder.write((block as Buffer).subarray(at, at + DECODED_CHUNK));
          parser.write(text);
          bytes += Buffer.byteLength(text);
        }
        throwIfAborted(opts.signal);
        if (bytes >= nextReport) {
          nextReport = bytes + PROGRESS_EVERY;
          opts.progress(bytes, total, `reading ${input.label}`);
        }
      }
      const tail = decoder.end();
      if (tail !== '') parser.write(tail);
    }
    return parser.end();
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw inputError({ label: input.label }, format, error.path, `invalid JSON, ${error.message}`);
    throw error;
  }
}

export { formatPath };
