/** Document wording from five_whys: past tense, no blame in the Root Cause section, hints that pass the action rules. */
import { describe, expect, it } from 'vitest';
import { checkActionText } from '../../../src/lint/action-quality.js';
import { analyzeWhys } from '../../../src/whys/index.js';
import { blamesSomeone, documentSentence, presentClause, renderActionHint, toPastTense } from '../../../src/whys/render.js';
import type { GapType } from '../../../src/whys/gaps.js';
import { lintRootCause, ROOT_CAUSE_RULES } from './helpers.js';

describe('document sentences', () => {
  it('turns present-tense answers into past tense outside code spans', () => {
    expect(toPastTense('The pipeline has no guard and the pods are not limited; `kubectl is fine`.')).toBe(
      'The pipeline had no guard and the pods were not limited; `kubectl is fine`.',
    );
    expect(toPastTense("There's no alert, and the job doesn't retry.")).toBe("There was no alert, and the job didn't retry.");
    expect(toPastTense('The nodes have 4 GiB of memory.')).toBe('The nodes had 4 GiB of memory.');
  });

  it('drops a leading "because", minimisers and names, and ends with a full stop', () => {
    expect(documentSentence('because the deploy simply skipped the canary stage')).toBe('The deploy skipped the canary stage.');
    expect(documentSentence('Only Søren knew where the unseal keys were')).toBe('Only one responder knew where the unseal keys were.');
  });

  it('recognises sentences the Root Cause rules would flag', () => {
    expect(blamesSomeone('The engineer ran the wrong command.')).toBe(true);
    expect(blamesSomeone('Human error during deployment.')).toBe(true);
    expect(blamesSomeone('The dashboard should have shown replica lag.')).toBe(true);
    expect(blamesSomeone('The on-call engineer was paged at 14:05.')).toBe(false);
  });

  it('rewrites a "no check that …" clause in the present for a hint', () => {
    expect(presentClause('ran EXPLAIN on new queries')).toBe('runs EXPLAIN on new queries');
    expect(presentClause('every TLS host was covered by a Certificate')).toBe('every TLS host is covered by a Certificate');
    expect(presentClause('the alert rules still loaded')).toBeUndefined();
  });
});

describe('Root Cause section', () => {
  it('leaves out whys that blame, and the problem when it blames, and still passes the Root Cause rules', () => {
    const result = analyzeWhys({
      problem: 'Checkout failed for 20 minutes because of human error.',
      whys: [
        { answer: 'Søren deployed release 4.1 with a broken feature flag default.', evidence: ['woodpecker:981'] },
        { answer: 'The flag service defaulted new flags to on in every region.', evidence: ['flags:audit'] },
        { answer: 'The flag service has no validation that new flags default to off in production.', evidence: ['OPS-77'] },
      ],
    });
    expect(result.verdict).toBe('ready');
    const section = result.rootCauseSection!;
    expect(section).not.toContain('Søren');
    expect(section).not.toMatch(/human error/i);
    expect(section).toContain('The flag service had no validation that new flags default to off in production.');
    const lint = lintRootCause(section, result.contributingFactors!);
    expect(lint.filter((d) => ROOT_CAUSE_RULES.includes(d.ruleId)).map((d) => d.message)).toEqual([]);
  });

  it('gives a single short chain a section of at least one ten-word sentence (PM406)', () => {
    const result = analyzeWhys({
      problem: 'API down.',
      whys: [
        { answer: 'Pods crashed.', evidence: ['k8s:1'] },
        { answer: 'Heap too big.', evidence: ['k8s:2'] },
        { answer: 'No memory check.', evidence: ['k8s:3'] },
      ],
    });
    expect(result.verdict).toBe('ready');
    expect(result.rootCauseSection!.split(/(?<=\.)\s+/).some((s) => s.split(/\s+/).length >= 10)).toBe(true);
    expect(lintRootCause(result.rootCauseSection!, []).filter((d) => ROOT_CAUSE_RULES.includes(d.ruleId))).toEqual([]);
  });

  it('lists other root causes and deeper conditions as contributing factors, not the primary root cause', () => {
    const result = analyzeWhys({
      problem: 'The storefront was unreachable for 40 minutes.',
      whys: [
        { answer: 'Resolvers returned SERVFAIL for shop.example.', evidence: ['dns:1'] },
        { answer: 'The DNS provider had an outage in its EU nodes.', evidence: ['status:1'] },
        { answer: 'The zone depended on a single third-party DNS provider.', evidence: ['tf:1'] },
        { id: 'ttl', parent: 'w1', answer: 'The record TTL of 60 s let cached answers expire within a minute of the outage.', evidence: ['dns:2'] },
        { answer: 'No runbook step raised TTLs before provider maintenance windows.', evidence: ['wiki:1'] },
      ],
    });
    expect(result.verdict).toBe('ready');
    expect(result.contributingFactors).toContain('No runbook step raised TTLs before provider maintenance windows');
    expect(result.contributingFactors).toContain('The DNS provider had an outage in its EU nodes');
    expect(result.contributingFactors).not.toContain('The zone depended on a single third-party DNS provider');
  });
});

describe('action hints', () => {
  const statements: Array<[GapType, string]> = [
    ['guardrail', 'The deploy pipeline had no guard against running destructive migrations on production.'],
    ['guardrail', 'Nothing prevented a Deployment without memory limits from being admitted.'],
    ['detection', 'There was no alert on disk usage for /var/lib/postgresql.'],
    ['detection', 'The OpenBao metrics endpoint was not scraped.'],
    ['process', 'The kernel patching runbook did not include the OpenBao unseal step.'],
    ['process', 'Certificate renewal for the legacy domain was done by hand.'],
    ['capacity', 'The connection pool limit of 20 was reached during the spike.'],
    ['dependency', 'The upstream payment provider returned 503 for 40 minutes.'],
    ['knowledge', 'The failover documentation was out of date.'],
    ['other', 'Some requests took more time than expected for various reasons, etc.'],
  ];
  it.each(statements)('%s: %s', (gapType, statement) => {
    const hint = renderActionHint({ whyId: 'w3', statement, gapType, reason: '', personShaped: false, depth: 3 });
    expect(hint.gapType).toBe(gapType);
    expect(checkActionText(hint.hint).filter((i) => i.severity !== 'info')).toEqual([]);
    expect(hint.hint).toMatch(/^(?:Add|Update|Create|Set) /);
    expect(hint.hint).not.toMatch(/\b(?:improve|more|ensure|better|some|various|etc)\b/i);
  });

  it('names the step and the runbook when a runbook lacked a step', () => {
    const hint = renderActionHint({ whyId: 'w3', statement: 'The replica removal runbook did not include dropping the replication slot.', gapType: 'process', reason: '', personShaped: false, depth: 3 });
    expect(hint.hint).toBe("Add dropping the replication slot to the replica removal runbook as a required, checkable step, and name the step's owner.");
  });
});
