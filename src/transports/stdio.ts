/**
 * MCP over stdio. The SDK picks the protocol era from the first message and pins one server
 * instance from the factory for the connection. stdout carries only protocol; logs go to stderr.
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Logger } from '../log.js';
import { createServer, type ServerDeps } from '../server.js';

export interface RunningTransport {
  /** Resolves when the transport has shut down (stdin closed or a signal). */
  closed: Promise<void>;
  close(): Promise<void>;
}

export function startStdio(deps: ServerDeps & { log: Logger }): RunningTransport {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const handle = serveStdio(() => createServer(deps), {
    onerror: (error) => deps.log.warn('stdio transport error', { error: error.message }),
  });
  let closing = false;
  const close = async () => {
    if (closing) return closed;
    closing = true;
    await handle.close().catch(() => {});
    resolveClosed();
    return closed;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    deps.log.info('shutting down', { signal });
    void close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.stdin.once('end', () => void close());
  process.stdin.once('close', () => void close());
  return { closed, close };
}
