import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FIXTURES, imagePinProblem, parseImageRef, type Finding } from './findings.js';
import { isObject, parseYamlDocuments, type Json, type JsonObject } from './yaml-docs.js';

export const WOODPECKER_SCHEMA = path.join(FIXTURES, 'woodpecker-schema/schema.json');

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(WOODPECKER_SCHEMA, 'utf8')) as object);
  }
  return validator;
}

export function parsePipeline(text: string): Json {
  const docs = parseYamlDocuments(text, { woodpeckerMerges: true });
  if (docs.length !== 1) throw new Error(`a Woodpecker workflow file holds one YAML document, found ${docs.length}`);
  return docs[0]!;
}

/** oneOf branches make ajv noisy; keep the lines that say what is wrong (as deploy.md §3.1 advises). */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'if', 'type'].includes(e.keyword));
  return specific.length > 0 ? specific : errors;
}

export function validatePipelineSchema(pipeline: Json): Finding[] {
  const validate = schemaValidator();
  if (validate(pipeline)) return [];
  return usefulErrors(validate.errors ?? []).map((e) => ({
    check: 'woodpecker-schema',
    where: e.instancePath || '/',
    message: `${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
  }));
}

export interface PipelinePolicy {
  /** Harbor login host, e.g. harbor.example. */
  registry: string;
  /** Image path inside the registry. */
  imagePath: string;
  buildxImage: string;
  userSecret: string;
  passSecret: string;
  defaultBranch: string;
  /** Steps every event must run, each with a command it must contain. */
  requiredSteps: Record<string, RegExp>;
  dockerfile: string;
}

export const PROJECT_PIPELINE_POLICY: PipelinePolicy = {
  registry: 'harbor.example',
  imagePath: 'library/postmortem-mcp',
  buildxImage: 'woodpeckerci/plugin-docker-buildx:6.1.1',
  userSecret: 'RS_HARBOR_USER',
  passSecret: 'RS_HARBOR_PASS',
  defaultBranch: 'main',
  requiredSteps: {
    install: /^npm ci\b/,
    typecheck: /^(npx tsc -p tsconfig\.json --noEmit|npm run typecheck)\b/,
    lint: /^node dist\/cli\.js lint\b/,
    test: /^npm test\b/,
  },
  dockerfile: 'container/Dockerfile',
};

const ALL_EVENTS = ['push', 'pull_request', 'pull_request_closed', 'pull_request_metadata', 'tag', 'release', 'deployment', 'cron', 'manual'];

interface Step {
  name: string;
  raw: JsonObject;
}

function stepsOf(pipeline: JsonObject): Step[] {
  const steps = pipeline.steps;
  if (Array.isArray(steps)) {
    return steps.filter(isObject).map((raw, i) => ({ name: typeof raw.name === 'string' ? raw.name : `#${i}`, raw }));
  }
  if (isObject(steps)) return Object.entries(steps).filter(([, v]) => isObject(v)).map(([name, raw]) => ({ name, raw: raw as JsonObject }));
  return [];
}

function asList(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function conditions(when: Json | undefined): JsonObject[] {
  return asList(when).filter(isObject);
}

/** Events a when-list admits; a condition without an event filter admits every event. */
function admittedEvents(when: Json | undefined): Set<string> {
  const conds = conditions(when);
  if (conds.length === 0) return new Set(ALL_EVENTS);
  const events = new Set<string>();
  for (const cond of conds) {
    const ev = cond.event;
    if (ev === undefined) for (const e of ALL_EVENTS) events.add(e);
    else for (const e of asList(ev)) if (typeof e === 'string') events.add(e);
  }
  return events;
}

function hasEventFilter(when: Json | undefined): boolean {
  const conds = conditions(when);
  return conds.length > 0 && conds.every((c) => c.event !== undefined);
}

function dependsOn(step: JsonObject): string[] {
  return asList(step.depends_on)
    .map((d) => (typeof d === 'string' ? d : isObject(d) && typeof d.name === 'string' ? d.name : undefined))
    .filter((d): d is string => d !== undefined);
}

function fromSecret(value: Json | undefined): string | undefined {
  return isObject(value) && typeof value.from_secret === 'string' ? value.from_secret : undefined;
}

function commandsOf(step: JsonObject): string[] {
  return asList(step.commands).filter((c): c is string => typeof c === 'string').map((c) => c.trim());
}

function containsSecretRef(value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.some(containsSecretRef);
  if (isObject(value)) return 'from_secret' in value || Object.values(value).some(containsSecretRef);
  return false;
}

/** What the schema cannot see (deploy.md §3.2) plus this project's publishing rules. */
export function checkPipelinePolicy(pipeline: Json, policy: PipelinePolicy = PROJECT_PIPELINE_POLICY): Finding[] {
  const findings: Finding[] = [];
  if (!isObject(pipeline)) return [{ check: 'woodpecker-schema', message: 'the workflow is not a map' }];
  const steps = stepsOf(pipeline);
  const names = new Set(steps.map((s) => s.name));
  const workflowWhen = pipeline.when;
  const workflowEvents = admittedEvents(workflowWhen);
  const workflowFiltered = hasEventFilter(workflowWhen);

  for (const step of steps) {
    const where = `steps.${step.name}`;
    for (const dep of dependsOn(step.raw)) {
      if (!names.has(dep)) findings.push({ check: 'depends-on', where, message: `depends_on "${dep}" names no step of this workflow` });
      if (dep === step.name) findings.push({ check: 'depends-on', where, message: 'a step cannot depend on itself' });
    }
    if (!workflowFiltered && !hasEventFilter(step.raw.when)) {
      findings.push({ check: 'event-filter', where, message: 'neither the step nor the workflow restricts the events it runs on' });
    }
    const image = typeof step.raw.image === 'string' ? step.raw.image : '';
    const pin = imagePinProblem(image);
    if (pin) findings.push({ check: 'image-pinned', where, message: pin });
  }

  // Cycles make Woodpecker refuse the workflow; a depth-first walk finds them.
  const graph = new Map(steps.map((s) => [s.name, dependsOn(s.raw)] as const));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (n: string, trail: string[]): void => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'open') {
      findings.push({ check: 'depends-on', where: `steps.${n}`, message: `dependency cycle: ${[...trail, n].join(' -> ')}` });
      return;
    }
    state.set(n, 'open');
    for (const d of graph.get(n) ?? []) if (graph.has(d)) visit(d, [...trail, n]);
    state.set(n, 'done');
  };
  for (const n of graph.keys()) visit(n, []);

  for (const [name, command] of Object.entries(policy.requiredSteps)) {
    const step = steps.find((s) => s.name === name);
    if (!step) {
      findings.push({ check: 'required-steps', message: `step "${name}" is missing` });
      continue;
    }
    if (!commandsOf(step.raw).some((c) => command.test(c))) {
      findings.push({ check: 'required-steps', where: `steps.${name}`, message: `step "${name}" does not run ${command.source}` });
    }
    const events = new Set([...admittedEvents(step.raw.when)].filter((e) => workflowEvents.has(e)));
    for (const e of ['push', 'pull_request', 'tag']) {
      if (!events.has(e)) findings.push({ check: 'required-steps', where: `steps.${name}`, message: `step "${name}" does not run on ${e} events` });
    }
  }

  const publishers = steps.filter((s) => typeof s.raw.image === 'string' && parseImageRef(s.raw.image).name.endsWith('plugin-docker-buildx'));
  if (publishers.length === 0) findings.push({ check: 'publish', message: `no step publishes with ${policy.buildxImage}` });
  const expectedRepo = `${policy.registry}/${policy.imagePath}`;
  let publishesMain = false;
  let publishesTag = false;
  for (const step of publishers) {
    const where = `steps.${step.name}`;
    const s = step.raw;
    if (s.image !== policy.buildxImage) findings.push({ check: 'publish', where, message: `publish image must be exactly ${policy.buildxImage}` });
    const settings = isObject(s.settings) ? s.settings : {};
    const user = fromSecret(settings.username);
    const pass = fromSecret(settings.password);
    if (user?.toUpperCase() !== policy.userSecret) findings.push({ check: 'publish-secrets', where, message: `settings.username must be {from_secret: ${policy.userSecret}}` });
    if (pass?.toUpperCase() !== policy.passSecret) findings.push({ check: 'publish-secrets', where, message: `settings.password must be {from_secret: ${policy.passSecret}}` });
    if (settings.registry !== policy.registry) findings.push({ check: 'publish-target', where, message: `settings.registry must be the Harbor host ${policy.registry}` });
    const repos = asList(settings.repo).filter((r): r is string => typeof r === 'string');
    if (repos.length === 0 || repos.some((r) => r !== expectedRepo)) {
      findings.push({ check: 'publish-target', where, message: `settings.repo must be ${expectedRepo} (Harbor project library/)` });
    }
    if (settings.dockerfile !== policy.dockerfile) findings.push({ check: 'publish-target', where, message: `settings.dockerfile must be ${policy.dockerfile}` });
    if (settings.dry_run === true) findings.push({ check: 'publish-target', where, message: 'dry_run is set, so nothing is pushed' });
    if (commandsOf(s).length > 0) findings.push({ check: 'publish', where, message: 'a plugin step takes settings, not commands' });

    const conds = conditions(s.when);
    if (conds.length === 0 || conds.some((c) => c.event === undefined)) {
      findings.push({ check: 'publish-events', where, message: 'every when-condition of a publish step must name its events' });
    }
    const events = new Set([...admittedEvents(s.when)].filter((e) => workflowEvents.has(e)));
    for (const e of ['pull_request', 'pull_request_closed', 'pull_request_metadata']) {
      if (events.has(e)) findings.push({ check: 'publish-events', where, message: `publishes on ${e}; pull requests must never push images` });
    }
    for (const cond of conds) {
      const ev = asList(cond.event);
      if (ev.includes('push')) {
        const branches = asList(cond.branch);
        if (branches.length !== 1 || branches[0] !== policy.defaultBranch) {
          findings.push({ check: 'publish-events', where, message: `a push publish must be limited to branch ${policy.defaultBranch}` });
        } else publishesMain = true;
      }
      if (ev.includes('tag')) publishesTag = true;
    }
    const tags = asList(settings.tags).filter((t): t is string => typeof t === 'string');
    if (tags.length === 0 && settings.auto_tag !== true) findings.push({ check: 'publish-tags', where, message: 'no tags set' });
    if (tags.some((t) => t.trim() === '' || /^latest$/i.test(t))) findings.push({ check: 'publish-tags', where, message: 'tags must not be empty or latest' });
    const tagRefs = tags.join(' ');
    const onTag = conds.some((c) => asList(c.event).includes('tag'));
    const onPush = conds.some((c) => asList(c.event).includes('push'));
    if (!tagRefs.includes('${CI_COMMIT_SHA:0:8}')) findings.push({ check: 'publish-tags', where, message: 'tags must include ${CI_COMMIT_SHA:0:8}' });
    if (onTag && !/\$\{CI_COMMIT_TAG[^}]*\}/.test(tagRefs)) findings.push({ check: 'publish-tags', where, message: 'a tag publish must tag the image with ${CI_COMMIT_TAG}' });
    if (onPush && /\$\{CI_COMMIT_TAG/.test(tagRefs)) findings.push({ check: 'publish-tags', where, message: 'CI_COMMIT_TAG is empty on push events; use it only in the tag publish' });
  }
  if (publishers.length > 0 && !publishesMain) findings.push({ check: 'publish-events', message: `no publish on push to ${policy.defaultBranch}` });
  if (publishers.length > 0 && !publishesTag) findings.push({ check: 'publish-events', message: 'no publish on tag events' });

  // Secrets reach only the publishing plugin, never a command step that runs pull-request code.
  for (const step of steps) {
    if (publishers.includes(step)) continue;
    if (containsSecretRef(step.raw.environment) || containsSecretRef(step.raw.settings)) {
      findings.push({ check: 'secrets-scope', where: `steps.${step.name}`, message: 'only the publish steps may receive secrets' });
    }
  }
  // Credentials written inline instead of from_secret.
  for (const step of publishers) {
    const settings = isObject(step.raw.settings) ? step.raw.settings : {};
    for (const key of ['username', 'password']) {
      if (typeof settings[key] === 'string') findings.push({ check: 'publish-secrets', where: `steps.${step.name}.settings.${key}`, message: `${key} is written inline; use from_secret` });
    }
  }
  return findings;
}

export function checkPipelineText(text: string, policy: PipelinePolicy = PROJECT_PIPELINE_POLICY): Finding[] {
  let pipeline: Json;
  try {
    pipeline = parsePipeline(text);
  } catch (error) {
    return [{ check: 'woodpecker-yaml', message: (error as Error).message }];
  }
  const schema = validatePipelineSchema(pipeline);
  return [...schema, ...checkPipelinePolicy(pipeline, policy)];
}
