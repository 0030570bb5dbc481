/**
 * gather_timeline's core: read every exported input (and live source), normalise, filter to the
 * window, merge, group logs, find key moments, cut to the budget and render the text block.
 */
import path from 'node:path';
import { type Config, configuredSources } from '../config.js';
import { CancelledError, UserInputError, isPostmortemError, throwIfAborted } from '../errors.js';
import type { Logger } from '../log.js';
import { applyBudget } from './budget.js';
import { inputError, isObject } from './event.js';
import { fastPair } from './json-stream.js';
import { detectFormat, looksLikeJsonArray, readHead, readJsonDocument, readLines, resolveInput, streamJsonDocument, formatPath, type InputSpec, type ResolvedInput } from './inputs.js';
import { LogCollector, patternsToEvents } from './logs.js';
import { correlateAlerts, correlatePatterns, dedupById, inWindow, skewFromAlerts, sortEvents } from './merge.js';
import { computeDurations, findKeyMoments } from './phases.js';
import { renderText } from './render.js';
import { DEFAULT_MAX_EVENTS, MAX_MAX_EVENTS, type GatherTimelineInput, type GatherTimelineOutput } from './schema.js';
import { parseAlertmanager } from './sources/alertmanager.js';
import { parseDiscord } from './sources/discord.js';
import { parseGrafana } from './sources/grafana.js';
import { createJournaldParser, parseJournald } from './sources/journald.js';
import { createJsonlParser } from './sources/jsonl.js';
import { parseKubectlEvents } from './sources/kubernetes.js';
import { createLogfmtParser } from './sources/logfmt.js';
import { lokiStreamHandler, parseLokiResponse } from './sources/loki.js';
import { parseMatrix } from './sources/matrix.js';
import { parseMattermost } from './sources/mattermost.js';
import { parsePrometheusAlerts } from './sources/prometheus.js';
import { parseSlack } from './sources/slack.js';
import { parseSlackExport } from './sources/slack-export.js';
import { createSyslogParser } from './sources/syslog.js';
import { createTextParser } from './sources/text.js';
import { createTranscriptParser } from './sources/transcript.js';
import { parseWoodpeckerPipelines } from './sources/woodpecker.js';
import { isValidTimeZone, nsToIso, parseIsoLike } from './time.js';
import { isZipMagic } from './zip.js';
import type {
  ConcreteFormat,
  LiveSource,
  LiveSystem,
  LogLine,
  ParseContext,
  ProgressFn,
  SourceRow,
  TimelineEvent,
  TimelineFilters,
  TimeWindow,
} from './types.js';

export interface GatherDeps {
  config: Config;
  signal: AbortSignal;
  progress: ProgressFn;
  log: Logger;
  liveSources?: LiveSource[];
}

export interface GatherResult {
  structured: GatherTimelineOutput;
  text: string;
}

const FORMAT_SYSTEM: Record<ConcreteFormat, string | undefined> = {
  'kubectl-events': 'kubernetes',
  loki: 'loki',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  'grafana-annotations': 'grafana',
  slack: 'slack',
  matrix: 'matrix',
  mattermost: 'mattermost',
  discord: 'discord',
  transcript: 'transcript',
  journald: 'journald',
  syslog: 'syslog',
  woodpecker: 'woodpecker',
  jsonl: undefined,
  logfmt: undefined,
  text: undefined,
};

/** JSON-document exports (read whole, up to the cap) and their parsers. */
const DOCUMENT_PARSERS: Record<
  'kubectl-events' | 'prometheus' | 'alertmanager' | 'grafana-annotations' | 'matrix' | 'mattermost' | 'discord' | 'woodpecker',
  (json: unknown, ctx: ParseContext) => TimelineEvent[]
> = {
  'kubectl-events': parseKubectlEvents,
  prometheus: (json, ctx) => parsePrometheusAlerts(json, ctx),
  alertmanager: parseAlertmanager,
  'grafana-annotations': parseGrafana,
  matrix: parseMatrix,
  mattermost: parseMattermost,
  discord: parseDiscord,
  woodpecker: (json, ctx) => parseWoodpeckerPipelines(json, ctx),
};

const ENV_FOR: Record<LiveSystem, string> = {
  kubernetes: 'KUBECONFIG (or run in a cluster with a service account)',
  loki: 'LOKI_URL',
  prometheus: 'PROMETHEUS_URL',
  alertmanager: 'ALERTMANAGER_URL',
  grafana: 'GRAFANA_URL (and GRAFANA_TOKEN)',
  woodpecker: 'WOODPECKER_URL, WOODPECKER_TOKEN and WOODPECKER_REPO',
};

const K8S_TTL_NOTE = 'Kubernetes events live 1h by default (kube-apiserver --event-ttl); older ones are gone unless they were exported, e.g. into Loki';

export function parseWindow(start: string, end: string): TimeWindow {
  const s = parseIsoLike(start)?.instant;
  if (!s) throw new UserInputError('start must be an ISO 8601 instant with a zone, such as 2026-03-05T14:00:00Z.', { field: 'start' });
  const e = parseIsoLike(end)?.instant;
  if (!e) throw new UserInputError('end must be an ISO 8601 instant with a zone, such as 2026-03-05T16:00:00Z.', { field: 'end' });
  if (e.ns <= s.ns) throw new UserInputError('end must be after start; swap them or widen the window.', { field: 'end' });
  return { start: nsToIso(s.ns), end: nsToIso(e.ns), startNs: s.ns, endNs: e.ns };
}

function matchesAny(values: Array<string | undefined>, wanted: string[]): boolean {
  const lower = wanted.map((w) => w.toLowerCase());
  return values.some((v) => v !== undefined && lower.some((w) => v.toLowerCase() === w || v.toLowerCase().includes(w)));
}

function eventFilter(filters: TimelineFilters | undefined): (e: TimelineEvent) => boolean {
  if (!filters) return () => true;
  const { namespaces, services, alertnames } = filters;
  return (e) => {
    const en = e.entity ?? {};
    if (namespaces?.length && en.namespace && !namespaces.includes(en.namespace)) return false;
    if (services?.length) {
      const vals = [en.service, en.name, en.unit, en.container, e.labels?.service, e.labels?.job, e.labels?.app];
      if (vals.some((v) => v !== undefined) && !matchesAny(vals, services)) return false;
    }
    if (alertnames?.length && e.labels?.alertname && (e.category === 'alert_firing' || e.category === 'alert_resolved' || e.source.kind === 'alert' || e.source.kind === 'alert_state')) {
      if (!alertnames.includes(e.labels.alertname)) return false;
    }
    return true;
  };
}

function logFilter(filters: TimelineFilters | undefined): ((l: LogLine) => boolean) | undefined {
  if (!filters || (!filters.namespaces?.length && !filters.services?.length)) return undefined;
  const { namespaces, services } = filters;
  return (l) => {
    const ns = l.entity?.namespace;
    if (namespaces?.length && ns && !namespaces.includes(ns)) return false;
    if (services?.length) {
      const vals = [l.service, l.entity?.service, l.entity?.name, l.entity?.unit, l.entity?.container];
      if (vals.some((v) => v !== undefined) && !matchesAny(vals, services)) return false;
    }
    return true;
  };
}

interface InputOutcome {
  row: SourceRow;
  events: TimelineEvent[];
  collector?: LogCollector;
  warnings: string[];
}

function refLabel(spec: InputSpec, index: number): string {
  const label = spec.label?.trim();
  if (label) return label.slice(0, 80);
  if (spec.path) return path.basename(spec.path).slice(0, 80);
  return `inputs[${index}]`;
}

/** `notes` collects what the source row should say about how the input was read. */
async function parseInput(resolved: ResolvedInput, format: ConcreteFormat, ctx: ParseContext, deps: GatherDeps, notes: string[]): Promise<TimelineEvent[]> {
  const read = { signal: deps.signal, progress: deps.progress };
  const system = ctx.label;
  switch (format) {
    case 'loki': {
      if (resolved.spec.content !== undefined) {
        let json: unknown;
        try {
          json = JSON.parse(resolved.spec.content);
        } catch {
          return parseLokiResponse(await readJsonDocument(resolved, format, read), ctx);
        }
        return parseLokiResponse(json, ctx);
      }
      const handler = lokiStreamHandler(ctx);
      // One closure for every value, not a path copy and a closure per line: the handler calls
      // `where` only during handler.value, while the parser's path still names that value.
      let valuePath: readonly (string | number)[] = [];
      const whereValue = () => formatPath(valuePath);
      const isStreams = (p: readonly (string | number)[], base: number) =>
        (base === 2 ? p[0] === 'data' && p[1] === 'result' : p[0] === 'streams') && typeof p[base] === 'number';
      const root = await streamJsonDocument(
        resolved,
        format,
        {
          split: (p) =>
            (p.length === 5 && isStreams(p, 2) && p[3] === 'values') ||
            (p.length === 4 && isStreams(p, 2) && p[3] === 'stream') ||
            (p.length === 4 && isStreams(p, 1) && p[2] === 'values') ||
            (p.length === 3 && isStreams(p, 1) && p[2] === 'stream'),
          fast: fastPair,
          onValue: (p, v) => {
            const base = p[0] === 'data' ? 2 : 1;
            const idx = p[base] as number;
            if (p[base + 1] === 'stream') handler.stream(idx, v);
            else {
              valuePath = p;
              handler.value(idx, v, whereValue);
            }
          },
        },
        read,
      );
      const streams = isObject(root) && isObject(root.data) && root.data.resultType === 'streams';
      const push = isObject(root) && Array.isArray(root.streams);
      if (!streams && !push) {
        // Patterns and metric responses are small and were kept whole; the normal parser explains them.
        return parseLokiResponse(root, ctx);
      }
      handler.finish();
      return handler.events;
    }
    case 'slack': {
      if (!isZipMagic(await readHead(resolved))) return parseSlack(await readJsonDocument(resolved, format, read), ctx);
      if (!resolved.file) {
        throw new UserInputError(`${resolved.label}: content looks like a ZIP archive, which cannot be pasted as text; save the Slack export under an input root and pass its path instead.`, {
          field: `inputs.${resolved.index}.content`,
        });
      }
      const exported = await parseSlackExport(resolved.file.path, ctx, { field: `inputs.${resolved.index}.path`, signal: deps.signal, progress: deps.progress });
      notes.push(exported.note);
      return exported.events;
    }
    case 'kubectl-events':
    case 'prometheus':
    case 'alertmanager':
    case 'grafana-annotations':
    case 'matrix':
    case 'mattermost':
    case 'discord':
    case 'woodpecker':
      return DOCUMENT_PARSERS[format](await readJsonDocument(resolved, format, read), ctx);
    case 'journald': {
      if (looksLikeJsonArray(await readHead(resolved))) {
        const json = await readJsonDocument(resolved, format, read);
        parseJournald(JSON.stringify(json), ctx);
        return [];
      }
      return readLines(resolved, createJournaldParser(ctx), read);
    }
    case 'syslog':
      return readLines(resolved, createSyslogParser(ctx), read);
    case 'jsonl': {
      const parser = createJsonlParser(ctx, system);
      if (looksLikeJsonArray(await readHead(resolved))) {
        // A JSON array of log objects (an API dump) rather than one object per line.
        const json = await readJsonDocument(resolved, format, read);
        if (!Array.isArray(json)) throw inputError(ctx, format, '$', 'expected an array of log objects or one JSON object per line');
        json.forEach((obj, i) => parser.line(JSON.stringify(obj), i + 1));
        return parser.finish();
      }
      return readLines(resolved, parser, read);
    }
    case 'logfmt':
      return readLines(resolved, createLogfmtParser(ctx, system), read);
    case 'text':
      return readLines(resolved, createTextParser(ctx, system), read);
    case 'transcript':
      return readLines(resolved, createTranscriptParser(ctx), read);
  }
}

async function processInput(spec: InputSpec, index: number, window: TimeWindow, filters: TimelineFilters | undefined, deps: GatherDeps): Promise<InputOutcome> {
  const label = refLabel(spec, index);
  const where = spec.label ? `inputs[${index}] "${label}"` : `inputs[${index}]`;
  const warnings: string[] = [];
  let format: ConcreteFormat | undefined = spec.format && spec.format !== 'auto' ? (spec.format as ConcreteFormat) : undefined;
  const row: SourceRow = { system: format ? (FORMAT_SYSTEM[format] ?? label) : 'input', ok: false, fetched: 0, kept: 0, input: where };
  if (format) row.format = format;
  try {
    if (spec.timezone !== undefined && !isValidTimeZone(spec.timezone)) {
      throw new UserInputError(`${where}: timezone "${spec.timezone.slice(0, 60)}" is not an IANA time zone name; use one such as Europe/Berlin or America/New_York.`, {
        field: `inputs.${index}.timezone`,
      });
    }
    const resolved = await resolveInput(spec, index, deps.config.inputRoots);
    if (!format) {
      const detected = detectFormat(await readHead(resolved));
      format = detected.format;
      row.format = format;
      row.note = `auto-detected ${format}: ${detected.reason}`;
    }
    row.system = FORMAT_SYSTEM[format] ?? label;
    const collector = new LogCollector(window, logFilter(filters));
    const ctx: ParseContext = {
      label,
      timezone: spec.timezone,
      window,
      warn: (w) => {
        if (warnings.length < 50) warnings.push(w);
      },
      log: (l) => collector.add(l),
    };
    const notes: string[] = [];
    const events = await parseInput(resolved, format, ctx, deps, notes);
    row.ok = true;
    if (notes.length > 0) row.note = [row.note, ...notes].filter(Boolean).join('; ');
    row.fetched = events.length + collector.inWindow + collector.baselineLines + collector.outside;
    if (format === 'kubectl-events') row.note = [row.note, K8S_TTL_NOTE].filter(Boolean).join('; ');
    if (collector.baselineLines > 0) {
      row.note = [row.note, `${collector.baselineLines} log lines before the window used as the novelty baseline`].filter(Boolean).join('; ');
    }
    return { row, events, collector, warnings };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    if (isPostmortemError(error)) {
      row.error = error.message;
    } else {
      deps.log.error('timeline input failed', { input: where, error });
      row.error = `${where}${format ? ` (${format})` : ''} could not be read; check that the file is a complete export in that format.`;
    }
    return { row, events: [], warnings };
  }
}

interface LiveOutcome {
  row: SourceRow;
  events: TimelineEvent[];
  collector?: LogCollector;
  warnings: string[];
}

async function runLive(systems: LiveSystem[], window: TimeWindow, filters: TimelineFilters | undefined, deps: GatherDeps): Promise<LiveOutcome[]> {
  const configured = new Set(configuredSources(deps.config));
  return Promise.all(
    systems.map(async (system): Promise<LiveOutcome> => {
      const row: SourceRow = { system, ok: false, fetched: 0, kept: 0 };
      if (!configured.has(system)) {
        row.error = `${system} is not configured; set ${ENV_FOR[system]} to query it, or pass an export of it in inputs.`;
        return { row, events: [], warnings: [] };
      }
      const live = deps.liveSources?.find((s) => s.system === system);
      if (!live) {
        row.error = `${system} is configured but live fetching is not available in this build; pass an export of it in inputs instead.`;
        return { row, events: [], warnings: [] };
      }
      try {
        const res = await live.fetch(window, filters ?? {}, deps);
        row.ok = true;
        row.fetched = res.fetched;
        if (res.truncated) row.truncated = true;
        if (res.note) row.note = res.note;
        const collector = new LogCollector(window, logFilter(filters));
        const events: TimelineEvent[] = [];
        for (const e of res.events) {
          if (e.source.kind === 'log') {
            collector.add({
              system: e.source.system,
              tsNs: e.tsNs ? BigInt(e.tsNs) : BigInt(Date.parse(e.ts)) * 1_000_000n,
              line: e.body ?? e.title,
              level: e.labels?.level,
              service: e.entity?.service ?? e.entity?.name,
              ref: e.source.ref,
              entity: e.entity,
            });
          } else events.push(e);
        }
        for (const l of res.logs ?? []) collector.add(l);
        if (system === 'kubernetes') row.note = [row.note, K8S_TTL_NOTE].filter(Boolean).join('; ');
        return { row, events, collector, warnings: res.warnings ?? [] };
      } catch (error) {
        if (error instanceof CancelledError || deps.signal.aborted) throw error instanceof CancelledError ? error : new CancelledError();
        if (isPostmortemError(error)) row.error = error.message;
        else {
          deps.log.error('live timeline source failed', { system, error });
          row.error = `${system} failed unexpectedly; the details are in the server log. Try again or pass an export in inputs.`;
        }
        return { row, events: [], warnings: [] };
      }
    }),
  );
}

/** `input` is the tool's validated arguments (or the same shape from code; defaults are applied here). */
export async function gatherTimeline(input: GatherTimelineInput, deps: GatherDeps): Promise<GatherResult> {
  const maxEvents = Math.min(MAX_MAX_EVENTS, Math.max(1, Math.floor(input.maxEvents ?? DEFAULT_MAX_EVENTS)));
  const window = parseWindow(input.start, input.end);
  const filters = input.filters;
  const inputs = input.inputs ?? [];
  // Contract: without `sources`, every configured live source is queried (exported inputs or not).
  const systems: LiveSystem[] = input.sources ?? (configuredSources(deps.config) as LiveSystem[]);
  if (inputs.length === 0 && systems.length === 0) {
    throw new UserInputError('Nothing to gather: no live source is configured and no inputs were given; pass inputs (exported files or pasted content) or configure a source such as LOKI_URL.', {
      field: 'inputs',
    });
  }
  const warnings: string[] = [];
  const rows: SourceRow[] = [];
  const outcomes: InputOutcome[] = [];
  for (let i = 0; i < inputs.length; i++) {
    throwIfAborted(deps.signal);
    deps.progress(i, inputs.length, `reading input ${i + 1} of ${inputs.length}`);
    outcomes.push(await processInput(inputs[i]!, i, window, filters, deps));
  }
  throwIfAborted(deps.signal);
  outcomes.push(...(await runLive(systems, window, filters, deps)));
  throwIfAborted(deps.signal);

  const succeeded = outcomes.filter((o) => o.row.ok);
  if (succeeded.length === 0) {
    const first = outcomes.find((o) => o.row.error)?.row.error ?? 'no source could be read';
    throw new UserInputError(outcomes.length === 1 ? first : `No source could be read; the first problem: ${first}`, { field: inputs.length > 0 ? 'inputs' : 'sources' });
  }

  const keep = eventFilter(filters);
  let all: TimelineEvent[] = [];
  let outsideWindow = 0;
  for (const o of outcomes) {
    rows.push(o.row);
    warnings.push(...o.warnings);
    const filtered = o.events.filter(keep);
    const { kept, dropped } = inWindow(filtered, window);
    outsideWindow += dropped + (o.events.length - filtered.length);
    o.row.kept = kept.length + (o.collector?.inWindow ?? 0);
    all.push(...kept);
  }
  const patternResult = patternsToEvents(outcomes.flatMap((o) => (o.collector ? [o.collector] : [])));
  outsideWindow += patternResult.outside;
  warnings.push(...patternResult.skewWarnings);

  all = dedupById(all);
  const correlated = correlateAlerts(all);
  warnings.push(...skewFromAlerts(correlated.alertOffsets));
  all = correlatePatterns([...correlated.events, ...patternResult.events]);
  sortEvents(all);

  const k8sRows = rows.filter((r) => r.system === 'kubernetes' && r.ok);
  if (k8sRows.length > 0) {
    const firstK8s = all.find((e) => e.source.system === 'kubernetes');
    const hourNs = 3_600_000_000_000n;
    if (!firstK8s) warnings.push(`No Kubernetes events fall in the window; they expire after 1h by default (--event-ttl), so for an older incident export them into Loki or pass a saved kubectl export.`);
    else if (BigInt(firstK8s.tsNs!) - window.startNs > hourNs) {
      warnings.push(`The earliest Kubernetes event is more than 1h after the window start; earlier events have probably expired (--event-ttl default 1h).`);
    }
  }
  if (patternResult.lines > 0 && patternResult.baselineLines === 0) {
    warnings.push('No log lines before the window were given, so log patterns are not marked new or known; include the hour before start in the log export to get novelty.');
  }

  const keyMoments = findKeyMoments(all, window.startNs, window.endNs);
  const durations = computeDurations(keyMoments);
  const budget = applyBudget(all, maxEvents, keyMoments);
  const omitted: GatherTimelineOutput['omitted'] = { ...budget.omitted };
  if (outsideWindow > 0) omitted.outsideWindow = outsideWindow;
  if (budget.omitted.events > 0 || budget.omitted.patterns > 0) {
    omitted.note = `maxEvents ${maxEvents} left out ${budget.omitted.events} events and ${budget.omitted.patterns} log patterns; narrow start/end around the key moments, use filters (namespaces, services, alertnames), or raise maxEvents (up to 500).`;
  }
  const uniqueWarnings = [...new Set(warnings)];
  const structured: GatherTimelineOutput = {
    window: { start: window.start, end: window.end },
    events: budget.kept,
    keyMoments,
    durations,
    sources: rows,
    omitted,
    warnings: uniqueWarnings,
  };
  const text = renderText({
    window,
    events: budget.kept,
    keyMoments,
    durations,
    sources: rows,
    omitted,
    warnings: uniqueWarnings,
    totals: { events: all.length, logLines: patternResult.lines, patterns: patternResult.patterns },
  });
  deps.progress(inputs.length, inputs.length, 'timeline ready');
  return { structured, text };
}
