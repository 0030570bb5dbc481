import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { DockerIgnore } from './dockerignore.js';
import { imagePinProblem, type Finding } from './findings.js';

export interface Stage {
  index: number;
  name?: string;
  image: string;
  /** Instructions after this FROM up to the next one. */
  instructions: Instruction[];
  line: number;
}

export interface ParsedDockerfile {
  stages: Stage[];
  all: Instruction[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const all = dockerfile.getInstructions();
  const stages: Stage[] = [];
  for (const instruction of all) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      // FROM [--platform=...] image [AS name]; flags are not arguments in dockerfile-ast.
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      const name = asIndex >= 0 ? args[asIndex + 1] : undefined;
      stages.push({
        index: stages.length,
        ...(name !== undefined ? { name } : {}),
        image: args[0] ?? '',
        instructions: [],
        line: instruction.getRange().start.line + 1,
      });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { stages, all };
}

function flagValue(instruction: Instruction, name: string): string | undefined {
  // Copy.getFromFlag() returns null as soon as a second flag is present (--from=x --chown=y),
  // so read the flags list instead.
  const flags = (instruction as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const flag = flags.find((f) => f.getName().toLowerCase() === name);
  return flag ? (flag.getValue() ?? '') : undefined;
}

/** Exec form: a JSON array of strings. Anything else is run by /bin/sh -c (or, if malformed, silently so). */
function execForm(instruction: Instruction, skipSubcommand = false): string[] | undefined {
  let content = (instruction.getArgumentsContent() ?? '').trim();
  if (skipSubcommand) content = content.replace(/^CMD\s+/i, '');
  if (!content.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function labelsOf(stage: Stage): Map<string, string> {
  const labels = new Map<string, string>();
  for (const i of stage.instructions) {
    if (i.getKeyword() !== 'LABEL') continue;
    const props = (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    for (const p of props) labels.set(p.getName().replace(/^"|"$/g, ''), p.getValue() ?? '');
  }
  return labels;
}

function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const i of stage.instructions) {
    if (i.getKeyword() !== 'ENV') continue;
    const props = (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    for (const p of props) env.set(p.getName(), p.getValue() ?? '');
  }
  return env;
}

function globExists(contextDir: string, source: string): boolean {
  const clean = source.replace(/^\.?\/+/, '');
  if (!/[*?[]/.test(clean)) return existsSync(path.join(contextDir, clean));
  const dir = path.posix.dirname(clean);
  const base = path.posix.basename(clean);
  if (/[*?[]/.test(dir)) return true;
  const re = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  const full = path.join(contextDir, dir);
  return existsSync(full) && statSync(full).isDirectory() && readdirSync(full).some((f) => re.test(f));
}

export interface DockerfilePolicy {
  /** Build context the COPY sources are resolved against (the repository root). */
  contextDir: string;
  /** Paths the final image must contain, copied from the context (the skill). */
  mustCopy: string[];
  baseImage: RegExp;
  mcpServerLabel: string;
}

export const PROJECT_DOCKERFILE_POLICY = (contextDir: string): DockerfilePolicy => ({
  contextDir,
  mustCopy: ['skills'],
  baseImage: /^(docker\.io\/)?(library\/)?node:24\.\d+\.\d+-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/,
  mcpServerLabel: 'io.modelcontextprotocol.server.name',
});

export function checkDockerfile(text: string, policy: DockerfilePolicy): Finding[] {
  const findings: Finding[] = [];
  const at = (i: Instruction): string => `line ${i.getRange().start.line + 1}`;

  for (const d of validate(text)) {
    if (d.severity === 1) findings.push({ check: 'dockerfile-lint', where: `line ${d.range.start.line + 1}`, message: typeof d.message === 'string' ? d.message : d.message.value });
  }

  // `# syntax=` makes BuildKit fetch a frontend image before anything else; it is an image like any other.
  for (const directive of DockerfileParser.parse(text).getDirectives()) {
    if (directive.getName().toLowerCase() !== 'syntax') continue;
    const problem = imagePinProblem(directive.getValue());
    if (problem) findings.push({ check: 'pinned-base', where: 'line 1', message: `syntax directive: ${problem}` });
  }

  const { stages, all } = parseDockerfile(text);
  if (stages.length === 0) return [...findings, { check: 'multi-stage', message: 'no FROM instruction' }];
  if (stages.length < 2) findings.push({ check: 'multi-stage', message: 'build and runtime must be separate stages, so compilers and dev dependencies stay out of the image' });

  const stageNames = new Map<string, number>();
  for (const stage of stages) {
    const image = stage.image;
    const fromStage = stageNames.has(image.toLowerCase());
    if (!fromStage && image !== 'scratch') {
      const problem = imagePinProblem(image);
      if (problem) findings.push({ check: 'pinned-base', where: `line ${stage.line}`, message: problem });
      else if (!policy.baseImage.test(image)) {
        findings.push({ check: 'pinned-base', where: `line ${stage.line}`, message: `base "${image}" is not the expected Node 24 slim image` });
      }
    }
    if (stage.name) {
      if (stageNames.has(stage.name.toLowerCase())) findings.push({ check: 'copy-from-stage', where: `line ${stage.line}`, message: `stage name "${stage.name}" is used twice` });
      stageNames.set(stage.name.toLowerCase(), stage.index);
    }
  }

  for (const i of all) {
    if (i.getKeyword() === 'ADD') findings.push({ check: 'no-add', where: at(i), message: 'use COPY; ADD fetches URLs and unpacks archives implicitly' });
  }

  const ignore = DockerIgnore.load(policy.contextDir);
  if (ignore.size === 0) findings.push({ check: 'dockerignore', message: '.dockerignore is missing or empty: COPY . would take tests, fixtures and local files' });

  for (const stage of stages) {
    for (const i of stage.instructions) {
      if (i.getKeyword() !== 'COPY') continue;
      const from = flagValue(i, 'from');
      let args = i.getArguments().map((a) => a.getValue());
      const json = execForm(i);
      if (json) args = json;
      const sources = args.slice(0, -1);
      if (sources.length === 0) continue;
      if (from !== undefined) {
        const target = /^\d+$/.test(from) ? Number(from) : stageNames.get(from.toLowerCase());
        const declaredLater = stages.some((s) => s.index >= stage.index && s.name?.toLowerCase() === from.toLowerCase());
        if (target === undefined || target >= stage.index || declaredLater) {
          findings.push({ check: 'copy-from-stage', where: at(i), message: `COPY --from=${from} names no earlier stage` });
        }
        continue;
      }
      for (const source of sources) {
        if (source.includes('$')) {
          findings.push({ check: 'copy-source', where: at(i), message: `COPY source "${source}" uses a variable and cannot be verified` });
        } else if (path.isAbsolute(source) && !existsSync(path.join(policy.contextDir, source))) {
          findings.push({ check: 'copy-source', where: at(i), message: `COPY source "${source}" does not exist in the build context` });
        } else if (!globExists(policy.contextDir, source)) {
          findings.push({ check: 'copy-source', where: at(i), message: `COPY source "${source}" does not exist in the build context` });
        } else if (!/[*?[]/.test(source) && ignore.excludes(source)) {
          findings.push({ check: 'copy-source', where: at(i), message: `COPY source "${source}" is excluded by .dockerignore` });
        }
      }
    }
  }

  const final = stages.at(-1)!;
  const finalOf = (keyword: string): Instruction[] => final.instructions.filter((i) => i.getKeyword() === keyword);

  const users = finalOf('USER');
  const user = users.at(-1)?.getArgumentsContent()?.trim() ?? '';
  const uid = user.split(':')[0] ?? '';
  if (!user) findings.push({ check: 'non-root-user', message: 'the final stage sets no USER, so the server runs as root' });
  else if (uid === 'root' || uid === '0' || uid.includes('$')) {
    findings.push({ check: 'non-root-user', where: at(users.at(-1)!), message: `USER ${user} is root or cannot be verified` });
  } else if (uid !== 'node' && uid !== '1000') {
    findings.push({ check: 'non-root-user', where: at(users.at(-1)!), message: `USER ${user}: run as node (uid 1000), which the Kubernetes securityContext expects` });
  }

  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    for (const i of all.filter((x) => x.getKeyword() === keyword)) {
      if (!execForm(i)) findings.push({ check: 'exec-form', where: at(i), message: `${keyword} must be a JSON array of strings (exec form), so SIGTERM reaches node` });
    }
  }
  const entrypoint = finalOf('ENTRYPOINT').at(-1);
  const cmd = finalOf('CMD').at(-1);
  const argv = [...((entrypoint && execForm(entrypoint)) ?? []), ...((cmd && execForm(cmd)) ?? [])];
  if (!entrypoint && !cmd) findings.push({ check: 'exec-form', message: 'the final stage has no ENTRYPOINT or CMD' });
  else if (argv.length > 0) {
    const joined = argv.join(' ');
    if (!/^node dist\/cli\.js serve --http\b/.test(joined) || !/--host 0\.0\.0\.0\b/.test(joined)) {
      findings.push({ check: 'default-command', message: `default command "${joined}" must be node dist/cli.js serve --http --host 0.0.0.0` });
    }
  }

  const healthchecks = finalOf('HEALTHCHECK');
  const hc = healthchecks.at(-1);
  if (!hc) findings.push({ check: 'healthcheck', message: 'no HEALTHCHECK in the final stage' });
  else {
    const content = hc.getArgumentsContent() ?? '';
    const probe = execForm(hc, true);
    if (/^\s*NONE\b/i.test(content)) findings.push({ check: 'healthcheck', where: at(hc), message: 'HEALTHCHECK NONE disables the check' });
    else if (!probe) findings.push({ check: 'healthcheck', where: at(hc), message: 'HEALTHCHECK CMD must be in exec form' });
    else {
      if (!probe.join(' ').includes('/healthz')) findings.push({ check: 'healthcheck', where: at(hc), message: 'HEALTHCHECK must probe /healthz' });
      if (/^(curl|wget)$/.test(probe[0] ?? '')) findings.push({ check: 'healthcheck', where: at(hc), message: `${probe[0]} is not in the slim Node image; probe with node` });
    }
  }

  const labels = labelsOf(final);
  for (const label of [policy.mcpServerLabel, 'org.opencontainers.image.source', 'org.opencontainers.image.version', 'org.opencontainers.image.title']) {
    if (!labels.get(label)) {
      findings.push({ check: label === policy.mcpServerLabel ? 'mcp-label' : 'oci-labels', message: `LABEL ${label} is missing in the final stage` });
    }
  }

  const runs = finalOf('RUN').map((i) => i.getArgumentsContent() ?? '');
  if (!runs.some((r) => /\bnpm ci\b[^&|;]*--omit=dev\b/.test(r))) {
    findings.push({ check: 'production-deps', message: 'the runtime stage must install dependencies with npm ci --omit=dev' });
  }
  if (runs.some((r) => /\bnpm (install|i)\b/.test(r))) {
    findings.push({ check: 'production-deps', message: 'npm install ignores the lockfile; use npm ci' });
  }
  for (const s of stages) {
    for (const i of s.instructions) {
      if (i.getKeyword() === 'COPY' && flagValue(i, 'from') !== undefined && /node_modules/.test(i.getArgumentsContent() ?? '')) {
        findings.push({ check: 'production-deps', where: at(i), message: 'node_modules is copied from another stage; install production dependencies in the runtime stage' });
      }
    }
  }

  const copiedInFinal = final.instructions
    .filter((i) => i.getKeyword() === 'COPY' && flagValue(i, 'from') === undefined)
    .flatMap((i) => i.getArguments().map((a) => a.getValue()).slice(0, -1))
    .map((s) => s.replace(/^\.?\/+/, '').replace(/\/+$/, ''));
  for (const required of policy.mustCopy) {
    if (!copiedInFinal.includes(required)) findings.push({ check: 'skills-bundled', message: `the final stage must COPY ${required}/ (the server serves it as a resource)` });
  }

  const env = envOf(final);
  if (env.get('POSTMORTEM_STORE_DIR') !== '/data') findings.push({ check: 'store-dir', message: 'ENV POSTMORTEM_STORE_DIR=/data is missing (the volume mount point in k8s/)' });

  return findings;
}
