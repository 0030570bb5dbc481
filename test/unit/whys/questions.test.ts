import { describe, expect, it } from 'vitest';
import { findPersonCauses } from '../../../src/whys/people.js';
import { baseForm, personQuestion, whyQuestion } from '../../../src/whys/questions.js';

describe('baseForm', () => {
  it.each([
    ['expired', 'expire'], ['deleted', 'delete'], ['filled', 'fill'], ['stopped', 'stop'], ['applied', 'apply'], ['ran', 'run'],
    ['OOM-killed', 'OOM-kill'], ['synced', 'sync'], ['paged', 'page'], ['monitored', 'monitor'], ['committed', 'commit'], ['caused', 'cause'],
    ['edited', 'edit'], ['configured', 'configure'], ['agreed', 'agree'], ['exceeded', 'exceed'], ['throttled', 'throttle'], ['routed', 'route'],
  ])('%s -> %s', (word, base) => expect(baseForm(word)).toBe(base));

  it('leaves words that are not past tense alone', () => {
    expect(baseForm('need')).toBeUndefined();
    expect(baseForm('disk')).toBeUndefined();
    expect(baseForm('red')).toBeUndefined();
  });
});

describe('whyQuestion', () => {
  it.each([
    ['There was no alert on disk usage for /var/lib/postgresql.', 'Why was there no alert on disk usage for /var/lib/postgresql?'],
    ['No check compared the heap with the memory limit.', 'Why was there no check compared the heap with the memory limit?'],
    ['The certificate expired on 2026-11-30.', 'Why did the certificate expire on 2026-11-30?'],
    ['The pods were OOM-killed.', 'Why were the pods OOM-killed?'],
    ['The memory limit was 512Mi.', 'Why was the memory limit 512Mi?'],
    ['The runbook did not include the unseal step.', 'Why did the runbook not include the unseal step?'],
    ['The pipeline had no dry-run stage.', 'Why did the pipeline have no dry-run stage?'],
    ['Because the disk on db-1 filled up.', 'Why did the disk on db-1 fill up?'],
    ['OpenBao started sealed after the reboot.', 'Why did OpenBao start sealed after the reboot?'],
    ['The failed node rejoined the cluster with stale data.', 'Why did the failed node rejoin the cluster with stale data?'],
  ])('%s', (statement, question) => expect(whyQuestion(statement)).toBe(question));

  it('falls back to a quoted question for shapes it does not know', () => {
    const q = whyQuestion('Friday, end of quarter, peak traffic.');
    expect(q).toMatch(/^What caused this: ".+"\?$/);
  });
});

describe('personQuestion', () => {
  it('asks what made an action possible and harmful, not who did it', () => {
    const hit = findPersonCauses('Søren ran the migration against production.')[0];
    const q = personQuestion(hit, 'Søren ran the migration against production.');
    expect(q).toBe('What made it possible to run the migration against production, and what let that action cause harm?');
    expect(q).not.toContain('Søren');
  });

  it('asks why the system relied on memory for an omission', () => {
    const hit = findPersonCauses('The SRE forgot to renew the certificate.')[0];
    expect(personQuestion(hit, '')).toBe('Why did the system rely on a person remembering to renew the certificate, and why did nothing catch the omission?');
  });

  it('asks how a step could be skipped', () => {
    const hit = findPersonCauses('The developer skipped the canary stage.')[0];
    expect(personQuestion(hit, '')).toBe('Why could the canary stage be skipped without anything catching it?');
  });
});
