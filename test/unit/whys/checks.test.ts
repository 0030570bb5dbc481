/** Individual five_whys rules on small chains: each rule fires where it should and stays quiet where it should. */
import { describe, expect, it } from 'vitest';
import { analyzeWhys, WHY_RULES, type WhyInput } from '../../../src/whys/index.js';
import { eventForm, withoutHindsight } from '../../../src/whys/checks.js';
import { findPersonCauses } from '../../../src/whys/people.js';

const E = (answer: string, extra: Partial<WhyInput> = {}): WhyInput => ({ answer, evidence: ['loki:x'], ...extra });

function rules(whys: WhyInput[], problem = 'The storefront returned HTTP 503 for 20 minutes.') {
  return analyzeWhys({ problem, whys }).findings.map((f) => `${f.whyId} ${f.ruleId} ${f.severity}`);
}

describe('five_whys rules', () => {
  it('has unique, stable rule ids and aliases', () => {
    expect(new Set(WHY_RULES.map((r) => r.id)).size).toBe(WHY_RULES.length);
    expect(new Set(WHY_RULES.map((r) => r.alias)).size).toBe(WHY_RULES.length);
    for (const r of WHY_RULES) expect(r.id).toMatch(/^W\d{3}$/);
  });

  it('W101 is a warning above the leaf and an error on it', () => {
    const found = rules([E('The operator deleted the ingress.'), E('The ingress manifest had no owner label.'), E('The developer removed the admission policy.')]);
    expect(found).toContain('w1 W101 warning');
    expect(found).toContain('w3 W101 error');
    expect(found).toContain('w3 W501 error');
  });

  it('W103 rewrites hindsight into the fact it implies', () => {
    expect(withoutHindsight('The alert should have fired at 80%.')).toBe('The alert did not fire at 80%.');
    expect(withoutHindsight('The change should have been reviewed.')).toBe('The change was not reviewed.');
    expect(withoutHindsight('The job failed to rotate the logs.')).toBe('The job did not rotate the logs.');
    const result = analyzeWhys({ problem: 'p p p', whys: [E('a b c'), E('d e f'), E('The pipeline should have blocked destructive migrations.')] });
    const f = result.findings.find((x) => x.ruleId === 'W103');
    expect(f?.suggestion).toContain('"The pipeline did not block destructive migrations."');
  });

  it('W104 flags judgement but not "just" meaning "shortly"', () => {
    expect(rules([E('The deploy obviously broke the cache warmup.')])).toContain('w1 W104 warning');
    expect(rules([E('The cache was cold just after the deploy at 14:00.')]).some((r) => r.includes('W104'))).toBe(false);
    expect(rules([E('The responder just restarted the pod.')])).toContain('w1 W104 warning');
  });

  it('W105 flags @handles and names in facts, W101 already covers acting names', () => {
    expect(rules([E('The page went to @priya at 03:10 and was not acknowledged.')])).toContain('w1 W105 warning');
    const acting = rules([E('Søren ran the migration.')]);
    expect(acting).toContain('w1 W101 error');
    expect(acting.some((r) => r.includes('W105'))).toBe(false);
  });

  it('W201 catches a repeat of an ancestor above the parent, W203 a repeat on another branch', () => {
    const circular = rules([
      E('The database connection pool was exhausted by long transactions.'),
      E('A batch job held transactions open for minutes.'),
      E('The connection pool of the database was exhausted by long transactions.'),
    ]);
    expect(circular).toContain('w3 W201 error');
    const duplicate = rules([
      E('The checkout pods were evicted from node pool b.'),
      E('Node pool b ran out of memory during the sale.'),
      E('No memory alert existed for node pool b.', { parent: 'problem' }),
      E('Node pool b ran out of memory during the sale.', { id: 'dup', parent: 'w3' }),
    ]);
    expect(duplicate).toContain('dup W203 warning');
  });

  it('W301 asks for evidence only where it is missing', () => {
    const found = rules([{ answer: 'The node ran out of disk.' }, E('Log rotation was not configured.'), { answer: 'No alert watched disk usage.', evidence: '  ' }]);
    expect(found.filter((r) => r.includes('W301'))).toEqual(['w1 W301 warning', 'w3 W301 warning']);
  });

  it('W401 uses minDepth, and is a warning for a short side branch when the main chain is deep enough', () => {
    const whys = [E('The pods were OOM-killed.'), E('No check compared the heap with the memory limit.')];
    expect(analyzeWhys({ problem: 'Checkout failed.', whys }).findings.map((f) => f.ruleId)).toContain('W401');
    const shallowOk = analyzeWhys({ problem: 'Checkout failed.', whys, minDepth: 2 });
    expect(shallowOk.findings.map((f) => f.ruleId)).not.toContain('W401');
    expect(shallowOk.verdict).toBe('ready');
  });

  it('W602 notes very long answers; W601 secrets', () => {
    const long = `The job wrote ${'retry '.repeat(400)}to the queue.`;
    expect(rules([E(long)])).toContain('w1 W602 info');
    expect(rules([E('The token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked into the log.')])).toContain('w1 W601 warning');
  });

  it('states a person action as an event for the suggestion', () => {
    expect(eventForm(findPersonCauses('Søren ran the migration against production.')[0]!)).toBe('The migration against production was run');
    expect(eventForm(findPersonCauses('The operator deleted the namespace.')[0]!)).toBe('The namespace was deleted');
    expect(eventForm(findPersonCauses('José pushed the config change without running the validation script.')[0]!)).toBe(
      'The config change was pushed without running the validation script',
    );
    expect(eventForm(findPersonCauses('The SRE forgot to renew the certificate.')[0]!)).toBeUndefined();
  });

  it('does not count a role in a fact against a ready chain', () => {
    const result = analyzeWhys({
      problem: 'Search latency exceeded 3 s for 40 minutes.',
      whys: [
        E('The search cluster was in a yellow state; the on-call engineer was paged at 14:05 and acknowledged at 14:07.'),
        E('Two data nodes were drained at the same time by the autoscaler.'),
        E('The autoscaler had no disruption budget that limited concurrent drains of data nodes.'),
      ],
    });
    expect(result.findings.filter((f) => f.ruleId.startsWith('W1'))).toEqual([]);
    expect(result.verdict).toBe('ready');
    expect(result.rootCauseSection).toContain('the on-call engineer was paged at 14:05');
  });
});
