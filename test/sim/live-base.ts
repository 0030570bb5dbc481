// Shared plumbing for the live-source simulators (Loki, Kubernetes, Grafana, Woodpecker): a node:http
// (or https) server on 127.0.0.1 with an ephemeral port, a request log for assertions, and fault
// injection (status, body, delay, dropped connection) consumed in order by matching requests.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SimReply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface Fault {
  /** Which requests the fault applies to (path regexp or predicate); default every request. */
  match?: RegExp | ((req: SimRequest) => boolean);
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Answer after this delay (a slow upstream); with no status the normal answer follows the delay. */
  delayMs?: number;
  /** Close the socket without answering. */
  drop?: boolean;
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number;
}

export interface Sim {
  url: string;
  readonly requests: SimRequest[];
  fault(f: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface SimOptions {
  tls?: { key: string; cert: string };
}

export type SimHandler = (req: SimRequest) => SimReply | Promise<SimReply>;

export async function startSim(handler: SimHandler, options: SimOptions = {}): Promise<Sim> {
  const requests: SimRequest[] = [];
  const faults: Array<Fault & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const simReq: SimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(simReq);
      const fault = faults.find((f) => f.left > 0 && matches(f, simReq));
      if (fault) fault.left -= 1;
      const answer = async () => {
        if (fault?.drop) {
          req.socket.destroy();
          return;
        }
        let reply: SimReply;
        if (fault?.status !== undefined) {
          reply = {
            status: fault.status,
            ...(fault.json !== undefined ? { json: fault.json } : {}),
            ...(fault.text !== undefined ? { text: fault.text } : {}),
            ...(fault.headers ? { headers: fault.headers } : {}),
          };
        } else {
          try {
            reply = await handler(simReq);
          } catch (error) {
            reply = { status: 500, text: `simulator error: ${(error as Error).message}` };
          }
        }
        if (res.destroyed) return;
        const headers: Record<string, string> = { ...(reply.headers ?? {}) };
        let body = '';
        if (reply.json !== undefined) {
          headers['content-type'] ??= 'application/json';
          body = JSON.stringify(reply.json);
        } else if (reply.text !== undefined) {
          headers['content-type'] ??= 'text/plain; charset=utf-8';
          body = reply.text;
        }
        res.writeHead(reply.status, headers).end(body);
      };
      if (fault?.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          void answer();
        }, fault.delayMs);
        timers.add(t);
      } else {
        void answer();
      }
    });
  };

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createHttpServer(onRequest);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    fault(f) {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function matches(f: Fault, req: SimRequest): boolean {
  if (!f.match) return true;
  if (f.match instanceof RegExp) return f.match.test(req.path);
  return f.match(req);
}

export function bearer(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  const m = /^Bearer\s+(.+)$/i.exec(value ?? '');
  return m?.[1];
}

export function header(req: SimRequest, name: string): string | undefined {
  const h = req.headers[name.toLowerCase()];
  return Array.isArray(h) ? h[0] : h;
}

/** Parses ns epoch, float seconds or RFC 3339 into ns, as Loki does. */
export function parseLokiTime(raw: string | null, fallbackNs: bigint): bigint {
  if (raw === null || raw === '') return fallbackNs;
  if (/^\d+$/.test(raw)) {
    // Loki reads an integer with more than 10 digits as ns... a short integer as seconds.
    return raw.length > 10 ? BigInt(raw) : BigInt(raw) * 1_000_000_000n;
  }
  if (/^\d+\.\d+$/.test(raw)) {
    const [s, frac] = raw.split('.') as [string, string];
    return BigInt(s) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9));
  }
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(raw);
  if (!m) throw new Error(`cannot parse time "${raw}"`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9));
}
