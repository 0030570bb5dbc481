// A Grafana HTTP API simulator (design/timeline.md §3.5): `/api/annotations` (from/to epoch ms,
// overlap semantics for regions, `limit` default 100, newest first, no cursor, type and tags filters)
// and `/api/v1/rules/history` (from/to epoch seconds, default 6 h, a bare data frame; 500 when the
// state history backend cannot be queried). Bearer token checks answer Grafana's JSON error body. Test code only.
import { bearer, startSim, type Sim, type SimOptions, type SimReply, type SimRequest } from './live-base.js';

export interface GrafanaAnnotation {
  id: number;
  alertId?: number;
  dashboardId?: number;
  dashboardUID?: string;
  panelId?: number;
  userId?: number;
  userName?: string;
  newState?: string;
  prevState?: string;
  time: number;
  timeEnd?: number;
  text: string;
  metric?: string;
  tags: string[];
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StateHistoryEntry {
  /** epoch ms */
  time: number;
  line: Record<string, unknown>;
  labels: Record<string, string>;
}

export interface GrafanaSimOptions extends SimOptions {
  annotations: GrafanaAnnotation[];
  history?: StateHistoryEntry[] | 'unsupported';
  token?: string;
}

export async function startGrafanaSim(options: GrafanaSimOptions): Promise<Sim> {
  const handler = (req: SimRequest): SimReply => {
    if (options.token !== undefined) {
      const t = bearer(req);
      if (!t) return { status: 401, json: { message: 'Unauthorized', messageId: 'auth.unauthorized', statusCode: 401, traceID: '' } };
      if (t !== options.token) return { status: 401, json: { message: 'Invalid API key', messageId: 'api-key.invalid', statusCode: 401, traceID: '' } };
    }
    if (req.path === '/api/annotations') {
      const from = Number(req.query.get('from') ?? '0');
      const to = Number(req.query.get('to') ?? String(Date.now()));
      const limit = Number(req.query.get('limit') ?? '100');
      const type = req.query.get('type');
      const tags = req.query.getAll('tags');
      const rows = options.annotations
        .filter((a) => a.time <= to && (a.timeEnd ?? a.time) >= from)
        .filter((a) => (type === 'alert' ? (a.alertId ?? 0) > 0 : type === 'annotation' ? (a.alertId ?? 0) === 0 : true))
        .filter((a) => tags.every((t) => a.tags.includes(t)))
        .sort((a, b) => b.time - a.time || b.id - a.id)
        .slice(0, limit);
      return { status: 200, json: rows };
    }
    if (req.path === '/api/v1/rules/history') {
      if (options.history === 'unsupported' || options.history === undefined) {
        return { status: 500, json: { message: 'Failed to query state history', error: 'unsupported history backend' } };
      }
      const nowS = Math.floor(Date.now() / 1000);
      const to = Number(req.query.get('to') ?? String(nowS));
      const from = Number(req.query.get('from') ?? String(to - 6 * 3600));
      if (!Number.isFinite(from) || !Number.isFinite(to)) return { status: 400, json: { message: 'bad request data' } };
      const ruleUID = req.query.get('ruleUID');
      const limit = Number(req.query.get('limit') ?? '1000');
      const rows = options.history
        .filter((h) => h.time >= from * 1000 && h.time <= to * 1000)
        .filter((h) => !ruleUID || h.line.ruleUID === ruleUID)
        .sort((a, b) => a.time - b.time)
        .slice(0, limit);
      // Grafana answers a bare data.Frame (response.JSON(http.StatusOK, frame) in api_ruler_history.go).
      return {
        status: 200,
        json: {
          schema: {
            name: 'states',
            fields: [
              { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
              { name: 'line', type: 'other', typeInfo: { frame: 'json.RawMessage' } },
              { name: 'labels', type: 'other', typeInfo: { frame: 'json.RawMessage' } },
            ],
          },
          data: { values: [rows.map((r) => r.time), rows.map((r) => r.line), rows.map((r) => r.labels)] },
        },
      };
    }
    return { status: 404, json: { message: 'Not found' } };
  };
  return startSim(handler, options);
}
