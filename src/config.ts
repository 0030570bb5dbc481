/**
 * Configuration from the environment (design/tools.md). `loadConfig` is pure apart from the
 * injected `readFile` (for NAME_FILE secrets), so it is unit-tested with plain objects. Every
 * problem is collected and reported at once; no message ever contains a secret value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from './errors.js';
import type { LogLevel } from './log.js';

export const DEFAULT_BOOK_ID = 79;

export interface EndpointConfig {
  url: string;
  /** PEM bundle to trust in addition to the system CAs (`*_CA_FILE`). */
  caFile?: string;
}

export interface Config {
  logLevel: LogLevel;
  storeDir: string;
  inputRoots: string[];
  bookstack?: EndpointConfig & { tokenId: string; tokenSecret: string };
  /** Target defaults apply to the local store too, so they live outside `bookstack`. */
  bookstackTarget: { bookId: number; chapter?: string };
  loki?: EndpointConfig & { token?: string; tenant?: string };
  prometheus?: EndpointConfig & { username?: string; password?: string; token?: string };
  alertmanager?: EndpointConfig & { username?: string; password?: string; token?: string };
  grafana?: EndpointConfig & { token?: string };
  woodpecker?: EndpointConfig & { token: string; repo: string };
  kubernetes?: KubernetesConfig;
  http: { token?: string; allowedOrigins: string[] };
}

export type KubernetesConfig =
  | { mode: 'in-cluster'; host: string; port: string; tokenFile: string; caFile: string; namespaceFile: string }
  | { mode: 'kubeconfig'; path: string; context?: string };

/** Variables whose values are secrets: each may also be given as NAME_FILE. */
export const SECRET_VARIABLES = [
  'BOOKSTACK_TOKEN_ID',
  'BOOKSTACK_TOKEN_SECRET',
  'LOKI_TOKEN',
  'PROMETHEUS_PASSWORD',
  'PROMETHEUS_TOKEN',
  'ALERTMANAGER_PASSWORD',
  'ALERTMANAGER_TOKEN',
  'GRAFANA_TOKEN',
  'WOODPECKER_TOKEN',
  'MCP_HTTP_TOKEN',
] as const;

export type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  cwd?: string;
  readFile?: (file: string) => string;
  /** For in-cluster detection: does the service-account token exist? */
  fileExists?: (file: string) => boolean;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const urlSchema = z.url({ protocol: /^https?$/ });

export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const readFile = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const fileExists = options.fileExists ?? (() => false);
  const problems: string[] = [];

  const value = (name: string): string | undefined => {
    const direct = env[name]?.trim();
    const fileVar = `${name}_FILE`;
    const file = env[fileVar]?.trim();
    if (direct && file) {
      problems.push(`${name} and ${fileVar} are both set; keep one of them.`);
      return direct;
    }
    if (file) {
      try {
        const content = readFile(file).trim();
        if (!content) problems.push(`${fileVar} points at an empty file (${file}).`);
        return content || undefined;
      } catch {
        problems.push(`${fileVar} points at ${file}, which cannot be read; mount the secret there or unset ${fileVar}.`);
        return undefined;
      }
    }
    return direct || undefined;
  };

  const url = (name: string): string | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    if (!urlSchema.safeParse(raw).success) {
      problems.push(`${name} must be an http(s) URL such as https://host.example/ (got something else).`);
      return undefined;
    }
    const parsed = new URL(raw);
    if (parsed.username || parsed.password) {
      problems.push(`${name} must not carry credentials in the URL; use the matching token variable instead.`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  };

  const caFile = (prefix: string): { caFile?: string } => {
    const file = value(`${prefix}_CA_FILE`);
    if (file === undefined) return {};
    try {
      readFile(file);
    } catch {
      problems.push(`${prefix}_CA_FILE points at ${file}, which cannot be read.`);
    }
    return { caFile: file };
  };

  const logLevelRaw = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  let logLevel: LogLevel = 'info';
  if (['debug', 'info', 'warn', 'error'].includes(logLevelRaw)) logLevel = logLevelRaw as LogLevel;
  else problems.push(`LOG_LEVEL must be one of debug, info, warn, error (got "${logLevelRaw.slice(0, 20)}").`);

  const storeDir = path.resolve(cwd, env.POSTMORTEM_STORE_DIR?.trim() || 'postmortems');
  const inputRoots = (env.POSTMORTEM_INPUT_ROOTS?.trim() || cwd)
    .split(path.delimiter)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => path.resolve(cwd, p));

  const config: Config = {
    logLevel,
    storeDir,
    inputRoots,
    bookstackTarget: { bookId: DEFAULT_BOOK_ID },
    http: { allowedOrigins: [] },
  };

  const bookIdRaw = env.BOOKSTACK_BOOK_ID?.trim();
  if (bookIdRaw) {
    if (/^[1-9]\d{0,9}$/.test(bookIdRaw)) config.bookstackTarget.bookId = Number(bookIdRaw);
    else problems.push(`BOOKSTACK_BOOK_ID must be a positive integer book id (got "${bookIdRaw.slice(0, 20)}").`);
  }
  const chapter = env.BOOKSTACK_CHAPTER?.trim();
  if (chapter) config.bookstackTarget.chapter = chapter;

  const bookstackUrl = url('BOOKSTACK_URL');
  const tokenId = value('BOOKSTACK_TOKEN_ID');
  const tokenSecret = value('BOOKSTACK_TOKEN_SECRET');
  if (bookstackUrl || tokenId || tokenSecret) {
    const missing = [
      !bookstackUrl && env.BOOKSTACK_URL === undefined ? 'BOOKSTACK_URL' : undefined,
      !tokenId ? 'BOOKSTACK_TOKEN_ID' : undefined,
      !tokenSecret ? 'BOOKSTACK_TOKEN_SECRET' : undefined,
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      problems.push(`BookStack is partly configured: set ${missing.join(' and ')} as well (or unset the others to use the local store).`);
    } else if (bookstackUrl && tokenId && tokenSecret) {
      if (tokenSecret.includes(':') || tokenId.includes(':')) {
        problems.push('BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET must not contain ":" (BookStack splits the token on it).');
      }
      config.bookstack = { url: bookstackUrl, tokenId, tokenSecret, ...caFile('BOOKSTACK') };
    }
  }

  const lokiUrl = url('LOKI_URL');
  if (lokiUrl) {
    config.loki = { url: lokiUrl, ...caFile('LOKI') };
    const token = value('LOKI_TOKEN');
    if (token) config.loki.token = token;
    const tenant = env.LOKI_TENANT?.trim();
    if (tenant) config.loki.tenant = tenant;
  }

  for (const [prefix, key] of [
    ['PROMETHEUS', 'prometheus'],
    ['ALERTMANAGER', 'alertmanager'],
  ] as const) {
    const u = url(`${prefix}_URL`);
    if (!u) continue;
    const entry: NonNullable<Config['prometheus']> = { url: u, ...caFile(prefix) };
    const username = env[`${prefix}_USERNAME`]?.trim();
    const password = value(`${prefix}_PASSWORD`);
    const token = value(`${prefix}_TOKEN`);
    if ((username && !password) || (!username && password)) {
      problems.push(`${prefix}_USERNAME and ${prefix}_PASSWORD go together for basic auth; set both or neither.`);
    }
    if (token && (username || password)) problems.push(`${prefix}_TOKEN and basic auth are both set; choose one.`);
    if (username) entry.username = username;
    if (password) entry.password = password;
    if (token) entry.token = token;
    config[key] = entry;
  }

  const grafanaUrl = url('GRAFANA_URL');
  if (grafanaUrl) {
    config.grafana = { url: grafanaUrl, ...caFile('GRAFANA') };
    const token = value('GRAFANA_TOKEN');
    if (token) config.grafana.token = token;
  }

  const woodpeckerUrl = url('WOODPECKER_URL');
  if (woodpeckerUrl) {
    const token = value('WOODPECKER_TOKEN');
    const repo = env.WOODPECKER_REPO?.trim();
    if (!token) problems.push('WOODPECKER_URL is set but WOODPECKER_TOKEN is not; create a personal access token in Woodpecker.');
    if (!repo) problems.push('WOODPECKER_URL is set but WOODPECKER_REPO is not; set it to owner/name.');
    else if (!/^[^/\s]+\/[^/\s]+$/.test(repo)) problems.push(`WOODPECKER_REPO must look like owner/name (got "${repo.slice(0, 60)}").`);
    if (token && repo && /^[^/\s]+\/[^/\s]+$/.test(repo)) {
      config.woodpecker = { url: woodpeckerUrl, token, repo, ...caFile('WOODPECKER') };
    }
  }

  const kubeconfig = env.KUBECONFIG?.trim();
  const k8sHost = env.KUBERNETES_SERVICE_HOST?.trim();
  if (kubeconfig) {
    const first = kubeconfig.split(path.delimiter)[0]!;
    config.kubernetes = { mode: 'kubeconfig', path: path.resolve(cwd, first) };
    const context = env.KUBECONTEXT?.trim();
    if (context) config.kubernetes.context = context;
  } else if (k8sHost && fileExists(`${SERVICE_ACCOUNT_DIR}/token`)) {
    config.kubernetes = {
      mode: 'in-cluster',
      host: k8sHost,
      port: env.KUBERNETES_SERVICE_PORT?.trim() || '443',
      tokenFile: `${SERVICE_ACCOUNT_DIR}/token`,
      caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt`,
      namespaceFile: `${SERVICE_ACCOUNT_DIR}/namespace`,
    };
  }

  const httpToken = value('MCP_HTTP_TOKEN');
  if (httpToken !== undefined) {
    if (httpToken.length < 16) problems.push('MCP_HTTP_TOKEN must be at least 16 characters long; generate one with `openssl rand -hex 32`.');
    else config.http.token = httpToken;
  }
  const origins = env.MCP_ALLOWED_ORIGINS?.trim();
  if (origins) {
    for (const origin of origins.split(',').map((o) => o.trim()).filter(Boolean)) {
      try {
        const parsed = new URL(origin);
        config.http.allowedOrigins.push(parsed.origin);
      } catch {
        problems.push(`MCP_ALLOWED_ORIGINS entry "${origin.slice(0, 60)}" is not an origin such as https://app.example.`);
      }
    }
  }

  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** Every secret value in the configuration, so loggers and error paths can mask them exactly. */
export function secretValues(config: Config): string[] {
  return [
    config.bookstack?.tokenId,
    config.bookstack?.tokenSecret,
    config.loki?.token,
    config.prometheus?.password,
    config.prometheus?.token,
    config.alertmanager?.password,
    config.alertmanager?.token,
    config.grafana?.token,
    config.woodpecker?.token,
    config.http.token,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** Which live timeline sources are configured, in the contract's order. */
export function configuredSources(config: Config): string[] {
  const out: string[] = [];
  if (config.kubernetes) out.push('kubernetes');
  if (config.loki) out.push('loki');
  if (config.prometheus) out.push('prometheus');
  if (config.alertmanager) out.push('alertmanager');
  if (config.grafana) out.push('grafana');
  if (config.woodpecker) out.push('woodpecker');
  return out;
}
