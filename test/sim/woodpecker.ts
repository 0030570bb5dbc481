// A Woodpecker CI API simulator (design/timeline.md §3.6, woodpecker-ci/woodpecker
// server/store/datastore/pipeline.go GetPipelineList): `/api/repos/lookup/{owner}/{name}` and
// `/api/repos/{id}/pipelines` with page/perPage (capped at 50), `after`/`before` as RFC 3339 compared
// strictly against `created`, newest number first; bearer PAT; times in epoch seconds with 0 = unset.
// Test code only.
import { bearer, startSim, type Sim, type SimOptions, type SimReply, type SimRequest } from './live-base.js';

export interface WoodpeckerPipeline {
  id: number;
  number: number;
  event: string;
  status: string;
  created: number;
  updated?: number;
  started: number;
  finished: number;
  author?: string;
  message?: string;
  commit?: string;
  branch?: string;
  ref?: string;
  deploy_to?: string;
  deploy_task?: string;
  forge_url?: string;
  [key: string]: unknown;
}

export interface WoodpeckerSimOptions extends SimOptions {
  repo: { id: number; owner: string; name: string };
  pipelines: WoodpeckerPipeline[];
  token: string;
}

export async function startWoodpeckerSim(options: WoodpeckerSimOptions): Promise<Sim> {
  const handler = (req: SimRequest): SimReply => {
    if (bearer(req) !== options.token) return { status: 401, text: 'Unauthorized' };
    const lookup = /^\/api\/repos\/lookup\/([^/]+)\/([^/]+)$/.exec(req.path);
    if (lookup) {
      const [owner, name] = [decodeURIComponent(lookup[1]!), decodeURIComponent(lookup[2]!)];
      if (owner !== options.repo.owner || name !== options.repo.name) return { status: 404, text: 'Not Found' };
      return {
        status: 200,
        json: {
          id: options.repo.id,
          forge_remote_id: '17',
          owner,
          name,
          full_name: `${owner}/${name}`,
          forge_url: `https://git.example/${owner}/${name}`,
          clone_url: `https://git.example/${owner}/${name}.git`,
          default_branch: 'main',
          private: false,
          active: true,
        },
      };
    }
    const list = /^\/api\/repos\/(\d+)\/pipelines$/.exec(req.path);
    if (list) {
      if (Number(list[1]) !== options.repo.id) return { status: 404, text: 'Not Found' };
      const page = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
      const perPage = Math.min(50, Math.max(1, Number(req.query.get('perPage') ?? '50') || 50));
      const parse = (name: string): number | undefined => {
        const raw = req.query.get(name);
        if (!raw) return undefined;
        const ms = Date.parse(raw);
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(ms)) {
          throw Object.assign(new Error(`invalid ${name}`), { status: 400 });
        }
        return Math.floor(ms / 1000);
      };
      let after: number | undefined;
      let before: number | undefined;
      try {
        after = parse('after');
        before = parse('before');
      } catch (error) {
        return { status: 400, text: (error as Error).message };
      }
      const events = (req.query.get('event') ?? '').split(',').filter(Boolean);
      const rows = options.pipelines
        .filter((p) => after === undefined || p.created > after)
        .filter((p) => before === undefined || p.created < before)
        .filter((p) => events.length === 0 || events.includes(p.event))
        .sort((a, b) => b.number - a.number)
        .slice((page - 1) * perPage, page * perPage);
      return { status: 200, json: rows };
    }
    return { status: 404, text: 'Not Found' };
  };
  return startSim(handler, options);
}
