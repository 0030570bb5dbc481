/**
 * Maps tool definitions onto an McpServer: builds the ToolContext from the SDK's request context
 * (cancellation signal, progress token, MCP logging), runs the handler, and turns every failure into
 * an `isError` result through the one wrapper in define.ts. Logs one line per call with tool,
 * duration and outcome.
 */
import type { McpServer, ServerContext, StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { toToolError, type ToolContext, type ToolDefinition } from './define.js';

export interface ToolDeps {
  config: Config;
  log: Logger;
  now?: () => Date;
}

type McpLevel = 'debug' | 'info' | 'warning' | 'error';

function forwardingLogger(base: Logger, sdk: ServerContext, tool: string): Logger {
  const send = (level: McpLevel, msg: string, fields?: Record<string, unknown>) => {
    // MCP log notifications are best effort: a closed connection must not fail the tool.
    sdk.mcpReq.log(level, { msg, ...fields }, tool).catch(() => {});
  };
  const wrap = (logger: Logger): Logger => ({
    level: logger.level,
    debug: (m, f) => (logger.debug(m, f), send('debug', m, f)),
    info: (m, f) => (logger.info(m, f), send('info', m, f)),
    warn: (m, f) => (logger.warn(m, f), send('warning', m, f)),
    error: (m, f) => (logger.error(m, f), send('error', m, f)),
    child: (b) => wrap(logger.child(b)),
  });
  return wrap(base);
}

function progressReporter(sdk: ServerContext): ToolContext['progress'] {
  const token = sdk.mcpReq._meta?.progressToken;
  if (token === undefined) return () => {};
  let last = -Infinity;
  return (progress, total, message) => {
    // The spec requires progress to increase with every notification.
    if (!(progress > last)) return;
    last = progress;
    sdk.mcpReq
      .notify({
        method: 'notifications/progress',
        params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) },
      })
      .catch(() => {});
  };
}

const SAFE_INT = 9007199254740991;

/**
 * tools/list is read by the model on every turn (goal: all five definitions under 4,000
 * tokens), so the advertised JSON Schemas are lean: zod's implicit ±2^53 bounds on integers go, and
 * output schemas keep their top two levels (field names, types, required) without descriptions or
 * `additionalProperties: false`; deeper structure is documented in the contract and the README.
 * Validation still runs on the full zod schemas.
 */
export function leanJsonSchema(node: unknown, output: boolean, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((n) => leanJsonSchema(n, output, depth));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Record<string, unknown>;
  if (output && depth >= 2 && (schema.type === 'object' || schema.type === 'array')) return { type: schema.type };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'minimum' && value === -SAFE_INT) || (key === 'maximum' && value === SAFE_INT)) continue;
    // 2020-12 is the default dialect of MCP 2025-11-25 and later (SEP-1613); naming it costs tokens.
    if (key === '$schema' && depth === 0) continue;
    if (output && ((key === 'description' && typeof value === 'string') || (key === 'additionalProperties' && value === false))) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, leanJsonSchema(v, output, depth + 1)]));
    } else {
      out[key] = leanJsonSchema(value, output, key === 'items' ? depth + 1 : depth);
    }
  }
  return out;
}

function lean<S>(schema: S, output: boolean): S {
  const std = (schema as unknown as StandardSchemaWithJSON)['~standard'];
  const convert = (fn: (o: never) => Record<string, unknown>) => (options: never) => leanJsonSchema(fn(options), output) as Record<string, unknown>;
  return {
    '~standard': { ...std, validate: std.validate, jsonSchema: { input: convert(std.jsonSchema.input), output: convert(std.jsonSchema.output) } },
  } as unknown as S;
}

export function registerTool(server: McpServer, definition: ToolDefinition, deps: ToolDeps): void {
  server.registerTool(
    definition.name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: lean(definition.inputSchema, false),
      outputSchema: lean(definition.outputSchema, true),
      annotations: { ...definition.annotations },
    },
    async (args: unknown, sdk: ServerContext) => {
      const requestId = String(sdk.mcpReq.id);
      const log = deps.log.child({ tool: definition.name, requestId });
      const ctx: ToolContext = {
        config: deps.config,
        log: forwardingLogger(log, sdk, definition.name),
        signal: sdk.mcpReq.signal,
        requestId,
        progress: progressReporter(sdk),
        now: deps.now ?? (() => new Date()),
      };
      const started = performance.now();
      try {
        const output = await definition.handler(args as never, ctx);
        log.info('tool call', { durationMs: Math.round(performance.now() - started), outcome: 'ok' });
        return {
          content: [{ type: 'text' as const, text: output.text }],
          structuredContent: output.structured as Record<string, unknown>,
        };
      } catch (error) {
        const result = toToolError(error, { log, config: deps.config }, definition.name);
        log.info('tool call', { durationMs: Math.round(performance.now() - started), outcome: result.kind });
        return { isError: true, content: [{ type: 'text' as const, text: result.text }] };
      }
    },
  );
}
