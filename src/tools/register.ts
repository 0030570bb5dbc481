/**
 * Maps tool definitions onto an McpServer: builds the ToolContext from the SDK's request context
 * (cancellation signal, progress token, MCP logging), runs the handler, and turns every failure into
 * an `isError` result through the one wrapper in define.ts. Logs one line per call with tool,
 * duration and outcome.
 */
import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
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

export function registerTool(server: McpServer, definition: ToolDefinition, deps: ToolDeps): void {
  server.registerTool(
    definition.name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: definition.inputSchema,
      outputSchema: definition.outputSchema,
      annotations: { title: definition.title, ...definition.annotations },
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
