import { describe, expect, it } from 'vitest';
import { personCauses } from '../../../src/whys/checks.js';
import { findNamedPeople, findPersonCauses, findPersonStates } from '../../../src/whys/people.js';

describe('person as cause', () => {
  it.each([
    ['The on-call engineer restarted the pod at 14:10.', 'The on-call engineer', 'restarted'],
    ['An engineer accidentally deleted the volume.', 'An engineer', 'deleted'],
    ['The SRE forgot to renew the certificate.', 'The SRE', 'forgot'],
    ['The developer pushed directly to main, which skipped CI.', 'The developer', 'pushed'],
    ['Because the operator on call ran the script twice, the table was locked.', 'the operator', 'ran'],
    ['@alice pushed the config change.', '@alice', 'pushed'],
  ])('flags a role or handle acting: %s', (text, who, verb) => {
    const hits = findPersonCauses(text);
    expect(hits[0]?.who).toBe(who);
    expect(hits[0]?.verb).toBe(verb);
  });

  it.each([
    ['Søren ran the migration against production.', 'Søren'],
    ['Zhang Wei deployed version 2.3 on Friday.', 'Zhang Wei'],
    ['At 14:05 José deleted the namespace.', 'José'],
    ["Anne-Marie O'Brien approved the change.", "Anne-Marie O'Brien"],
    ['Then Łukasz merged the pull request.', 'Łukasz'],
    ['Nguyễn Văn An applied the Terraform plan.', 'Nguyễn Văn An'],
    ['张伟 deployed the release.', '张伟'],
    ['The change had been approved by Ingrid Bergström the day before.', 'Ingrid Bergström'],
  ])('flags a personal name acting, without an Authors list: %s', (text, who) => {
    expect(findPersonCauses(text).map((h) => h.who)).toContain(who);
  });

  it('reads "the migration was run by Søren" as a passive with the person as agent', () => {
    const [hit] = findPersonCauses('The migration was run by Søren without a dry run.');
    expect(hit).toMatchObject({ who: 'Søren', verb: 'run', passive: true, rest: 'The migration' });
  });

  it.each([
    'The on-call engineer was paged at 14:05.',
    'The alert paged the on-call engineer at 14:05.',
    'The on-call engineer did not have access to the runbook.',
    'Backups ran at 02:00 and filled the disk.',
    'Kubernetes killed the pod because it exceeded its memory limit.',
    'The pods restarted because they ran out of memory.',
    'The Postgres operator deleted the PVC when the CR was removed.',
    'Renovate merged the dependency bump without review.',
    'Requests failed over to the secondary region.',
    "An engineer's kubectl context pointed at production.",
    'The deploy pipeline had no guard against running destructive migrations on production.',
    'Nobody reviewed the change because the review process was optional.',
    'Run `kubectl delete ns prod` only with the admin ran flag.',
    'Cert-manager renewed the certificate but the Ingress kept serving the old secret.',
  ])('does not flag a fact, a tool or a system as the cause: %s', (text) => {
    expect(findPersonCauses(text)).toEqual([]);
  });

  it('merges the linter detector (common first names) with its own', () => {
    const hits = personCauses('Lee restarted the database, and the replica lag grew.');
    expect(hits.map((h) => h.who)).toContain('Lee');
  });

  it('finds named people in facts and @handles anywhere', () => {
    expect(findNamedPeople('Ingrid Bergström was paged at 03:00 but the alert linked to a deleted runbook.').map((n) => n.who)).toEqual(['Ingrid Bergström']);
    expect(findNamedPeople('The page went out, but Ingrid was asleep.').map((n) => n.who)).toEqual(['Ingrid']);
    expect(findNamedPeople('Unsealing was manual and Replication was paused.')).toEqual([]);
    expect(findNamedPeople('The page went to @priya and the secondary.').map((n) => n.who)).toEqual(['@priya']);
    expect(findNamedPeople('Ingress returned 404 for every path.')).toEqual([]);
  });

  it('finds blaming states of a person', () => {
    expect(findPersonStates('The engineer was tired after a 14-hour shift.').map((h) => h.who)).toEqual(['The engineer']);
    expect(findPersonStates('Søren was in a hurry to finish the change.').map((h) => h.who)).toEqual(['Søren']);
    expect(findPersonStates('The disk was full.')).toEqual([]);
  });
});

describe('code spans', () => {
  it('ignores people and verbs inside inline code', () => {
    expect(findPersonCauses('The job ran `engineer deployed --force` from a cron entry.')).toEqual([]);
    expect(findPersonCauses('`Søren ran` is the commit title; the pipeline applied it.')).toEqual([]);
  });
});
