/**
 * A seeded corpus of generated postmortems for bench/lint.ts: rendered from the document model with
 * varied content (good and bad action items, vague impact, wrong severities, renamed headings,
 * an occasional pasted token), so both linters see realistic documents.
 */
import { renderPostmortem } from '../src/postmortem/render.js';
import { PostmortemSchema } from '../src/postmortem/schema.js';
import { mulberry32 } from '../test/support/random.js';

const prng = mulberry32;

const SERVICES = ['checkout-api', 'orders-service', 'ingress-public', 'ledger-db', 'auth-gateway', 'search-indexer', 'object-store', 'coredns', 'payments-api', 'ci-runner'];
const CAUSES = [
  'The connection pool limit defaulted to unlimited when the key was absent from the configuration.',
  'A schema migration took an exclusive lock on a large table during peak traffic.',
  'The certificate was issued by hand and was not covered by automated renewal.',
  'A CoreDNS configuration edit dropped the forward block for the internal zone.',
  'The retention job had been failing silently, so the metadata volume filled up.',
  'Human error during deployment.',
];
const EVENTS = ['Deploy of release started', 'Alert "5xx > 2%" fired and paged the on-call', 'Error spike visible on the dashboard', 'Rollback started', 'Mitigation applied', 'Error rate back to baseline and incident resolved'];
const ACTIONS = ['Add an alert on connection pool saturation above 80%', 'Improve monitoring', 'Be more careful when deploying', 'Add a canary stage for config pushes', 'Document the rollback steps in the runbook', 'Add more tests'];
const OWNERS = ['Team Platform', '@priya', 'TBD', 'everyone', 'Sam Lee'];

/** `count` varied postmortems, the same for the same seed. */
export function generateCorpus(count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const service = pick(SERVICES);
    const start = 8 * 60 + Math.floor(rnd() * 600);
    const rows = 3 + Math.floor(rnd() * 8);
    const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const timeline = Array.from({ length: rows }, (_, k) => ({
      time: hhmm(start + k * (3 + Math.floor(rnd() * 15))),
      event: `${pick(EVENTS)} on ${service}`,
      ...(rnd() < 0.7 ? { source: `loki {app="${service}"}` } : {}),
    }));
    const doc = PostmortemSchema.parse({
      title: `${service} errors after change ${1000 + i}`,
      date: `2025-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      duration: hhmm(20 + Math.floor(rnd() * 200)),
      severity: pick(['P1', 'P2', 'P3', 'P4', 'High']),
      status: pick(['Resolved', 'Resolved', 'Ongoing', 'Done']),
      authors: [pick(['Sam Lee', 'Dana Kowalski', 'Mei Chen'])],
      reviewers: rnd() < 0.8 ? [pick(['Team Payments', 'Priya Natarajan', 'Luis Ortega'])] : [],
      summary: `The ${service} returned errors for ${20 + Math.floor(rnd() * 100)} minutes. About ${1 + Math.floor(rnd() * 40)}% of requests failed. ${pick(CAUSES)}`,
      timeline,
      impact: { services: service, users: rnd() < 0.8 ? `~${Math.floor(rnd() * 10000)}` : 'some users', dataLoss: pick(['None', 'TBD']), revenueSla: 'None' },
      rootCause: `${pick(CAUSES)} ${pick(CAUSES)}`,
      contributingFactors: [pick(CAUSES), 'Config pushes skip the canary stage.'],
      wentWell: ['The alert fired within 2 minutes.'],
      wentPoorly: ['The runbook had no section on this failure mode.'],
      actionItems: Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, k) => ({
        action: `${pick(ACTIONS)} (OPS-${100 + k})`,
        owner: pick(OWNERS),
        due: pick(['2025-12-01', '2026-01-15', 'soon', '2025-13-01']),
        priority: pick(['P1', 'P2', 'P3', 'urgent']),
      })),
      lessons: 'Configuration changes need the same gates as code. We will add a canary stage.',
    });
    let md = renderPostmortem(doc);
    // some hand-edited variety: renamed and moved sections, a pasted token, lowercase headings
    if (rnd() < 0.15) md = md.replace('## Root Cause', '## Root cause analysis');
    if (rnd() < 0.1) md = md.replace('\n## Contributing Factors', '\n<!-- postmortem-lint disable-next-line PM605 -- quoted -->\n## Contributing Factors');
    if (rnd() < 0.1) md = md.replace('## What Went Well', '## What went well');
    if (rnd() < 0.05) md = `${md}\nexport GITHUB_TOKEN=ghp_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}\n`;
    docs.push(md);
  }
  return docs;
}

