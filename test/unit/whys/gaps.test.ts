import { describe, expect, it } from 'vitest';
import { classifyGap } from '../../../src/whys/gaps.js';

describe('classifyGap', () => {
  it.each([
    ['There was no alert on disk usage for /var/lib/postgresql.', 'detection'],
    ['No alert fired on OpenBao seal status.', 'detection'],
    ['The expiry went unnoticed because the exporter was not scraped.', 'detection'],
    ['The deploy pipeline had no guard against running destructive migrations on production.', 'guardrail'],
    ['Nothing in the admission webhook prevented a Deployment without memory limits.', 'guardrail'],
    ['The CI pipeline allowed merging to main without the integration test stage passing.', 'guardrail'],
    ['Log rotation was not configured for /var/log/app, so logs grew without bound.', 'guardrail'],
    ['The runbook did not include the step to unseal OpenBao after a node restart.', 'process'],
    ['The review process let a config change ship without a second reviewer.', 'process'],
    ['Certificate renewal for the legacy domain was done by hand once a year.', 'process'],
    ['The connection pool limit of 20 was reached during the traffic spike.', 'capacity'],
    ['The data volume ran out of inodes.', 'capacity'],
    ['The API quota of 10 000 requests per hour was exhausted by the retry loop.', 'capacity'],
    ['The upstream payment provider returned 503 for 40 minutes.', 'dependency'],
    ['The DNS provider had an outage in its EU anycast nodes.', 'dependency'],
    ['The third-party SMS vendor rate-limited our account without notice.', 'dependency'],
    ['The documentation for the failover procedure was out of date.', 'knowledge'],
    ['Nobody on the rotation knew that the backup job depended on the NFS mount.', 'knowledge'],
    ['Only one responder knew where the unseal key shares were kept.', 'knowledge'],
    ['Analytics queries ran on the production replica because no separate analytics replica existed.', 'capacity'],
    ['The client retried without backoff or jitter, multiplying load on the API.', 'guardrail'],
    ['The API base URL was hard-coded in the mobile app.', 'guardrail'],
    ['The pipeline checks only the exit status of the last command in a pipe, and the bulk step piped through tee.', 'guardrail'],
    ['Nothing compared document counts before swapping the alias.', 'guardrail'],
    ['The disk alert was muted during last month\'s migration and never re-enabled.', 'detection'],
    ['Alert fatigue from 300 pages a week meant the disk page looked like noise.', 'detection'],
  ])('%s -> %s', (text, type) => {
    const c = classifyGap(text);
    expect(c.gapType).toBe(type);
    expect(c.reason.length).toBeGreaterThan(10);
    expect(c.match).toBeDefined();
  });

  it('prefers the missing control over the condition it allowed', () => {
    const c = classifyGap('The disk filled up and there was no alert on disk usage.');
    expect(c.gapType).toBe('detection');
    expect(c.reason).toContain('capacity');
  });

  it('tells an event from an absent condition when nothing matches', () => {
    const event = classifyGap('The cache expired.');
    expect(event.gapType).toBe('other');
    expect(event.gapShaped).toBe(false);
    const absent = classifyGap('The feature flag defaulted on in every region.');
    expect(absent.gapShaped).toBe(true);
  });

  it('ignores keywords inside code spans', () => {
    expect(classifyGap('The service ran `curl --no-alert http://x`.').gapType).toBe('other');
  });
});
