#!/usr/bin/env node
/**
 * Entry point: parse argv, load configuration, run one command. The only module that writes to
 * stdout (outside the stdio transport's protocol stream) and the only one that calls process.exit.
 * Commands import what they need on first use, so serving stdio starts fast.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, secretValues, type Config } from './config.js';
import { isPostmortemError } from './errors.js';
import { createLogger, type Logger } from './log.js';

const USAGE = `postmortem-mcp: MCP server for blameless incident postmortems

Usage:
  postmortem-mcp                         serve MCP over stdio (default)
  postmortem-mcp serve [--http] [--port 3000] [--host 127.0.0.1]
  postmortem-mcp lint FILE... [--format stylish|json|sarif|github] [--fix]
  postmortem-mcp call TOOL --args-json '{...}' | --args-file FILE [--text]
  postmortem-mcp sync                    publish everything in the outbox to BookStack
  postmortem-mcp --version | --help

Configuration comes from the environment; see README.md (every secret also as NAME_FILE).`;

const VERSION = '0.1.0';

const out = (text: string) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const err = (text: string) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

function startup(): { config: Config; log: Logger } {
  const config = loadConfig(process.env, { fileExists: existsSync });
  const log = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  return { config, log };
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      http: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: '127.0.0.1' },
    },
    strict: true,
  });
  const { config, log } = startup();
  if (!values.http) {
    const { startStdio } = await import('./transports/stdio.js');
    await startStdio({ config, log }).closed;
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a TCP port number (got "${values.port}").`);
  const { startHttp } = await import('./transports/http.js');
  const allowedHosts = (process.env.MCP_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const running = await startHttp({ config, log }, { host: values.host, port, allowedHosts });
  err(`postmortem-mcp listening on ${running.url}`);
  await running.closed;
  return 0;
}

async function call(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'args-json': { type: 'string' }, 'args-file': { type: 'string' }, text: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('call needs exactly one tool name, e.g. call draft_postmortem --args-json \'{"title":"…","date":"2026-03-05"}\'.');
  const { allTools } = await import('./tools/index.js');
  const tool = allTools.find((t) => t.name === name);
  if (!tool) throw new UsageError(`Unknown tool "${name}"; available: ${allTools.map((t) => t.name).join(', ')}.`);
  let raw: unknown = {};
  try {
    if (values['args-file']) {
      const { readFile } = await import('node:fs/promises');
      raw = JSON.parse(await readFile(values['args-file'], 'utf8'));
    } else if (values['args-json']) {
      raw = JSON.parse(values['args-json']);
    }
  } catch (error) {
    throw new UsageError(`--args-json/--args-file must hold a JSON object (${(error as Error).message.split('\n')[0]}).`);
  }
  const { config, log } = startup();
  const { parseToolInput, toToolError } = await import('./tools/define.js');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    const input = parseToolInput(tool, raw);
    const output = await tool.handler(input, {
      config,
      log,
      signal: controller.signal,
      requestId: 'cli',
      progress: (done, total, message) => log.debug('progress', { done, total, message }),
      now: () => new Date(),
    });
    // --text prints what a model reads (the timeline table, the lint summary) instead of the JSON.
    out(values.text ? output.text : JSON.stringify(output.structured, null, 2));
    return 0;
  } catch (error) {
    err(toToolError(error, { log, config }, tool.name).text);
    return 1;
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return serve([]);
    case 'serve':
      return serve(rest);
    case 'call':
      return call(rest);
    case 'lint': {
      const { runLintCommand } = await import('./lint/cli.js');
      const { readFile, writeFile } = await import('node:fs/promises');
      return runLintCommand(rest, {
        readFile: (file: string) => readFile(file, 'utf8'),
        writeFile: (file: string, text: string) => writeFile(file, text, 'utf8'),
        stdout: out,
        stderr: err,
      });
    }
    case 'sync': {
      const { config, log } = startup();
      const { runSyncCommand } = await import('./bookstack/sync.js');
      return runSyncCommand(config, { stdout: out, stderr: err, log });
    }
    case '--version':
    case '-v':
      out(VERSION);
      return 0;
    case '--help':
    case '-h':
    case 'help':
      out(USAGE);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

// `postmortem-mcp lint … | head` closes stdout early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      err(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (isPostmortemError(error)) {
      err(error.message);
      process.exit(1);
    }
    err(`postmortem-mcp crashed: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  },
);
