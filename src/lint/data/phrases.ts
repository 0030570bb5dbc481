/**
 * Phrase lists as data (design/lint-rules.md §2.9), shared by the linter and five_whys (one source
 * of truth). Matching is case-insensitive on word boundaries; see src/lint/text.ts.
 */
import type { SectionKey } from '../../postmortem/template.js';

export interface PhraseList {
  id: string;
  phrases: string[];
  /** Sections where the list applies; empty = everywhere. */
  scope: SectionKey[];
  note: string;
  source: string;
  /** Optional replacements offered as suggestions: phrase -> replacement. */
  replacements?: Record<string, string>;
}

export const HUMAN_ERROR: PhraseList = {
  id: 'human-error',
  phrases: ['human error', 'operator error', 'user error', 'engineer error', 'pebkac', 'carelessness', 'negligence', 'mistake by', 'human mistake', 'personal error', 'lack of attention'],
  scope: ['rootCause'],
  note: 'Naming human error as the cause stops the analysis before the system condition that made the error possible.',
  source: 'PagerDuty postmortem guide: "An individual\'s action should never be considered a root cause."',
};

export const COUNTERFACTUAL: PhraseList = {
  id: 'counterfactual',
  phrases: ['should have', "should've", 'could have', "could've", 'would have', "shouldn't have", 'should not have', 'failed to', 'if only', "didn't bother", 'did not bother', 'forgot to', 'neglected to', 'ought to have', 'had they', 'if they had', 'if we had'],
  scope: [],
  note: 'Counterfactuals describe what did not happen, judged with hindsight; describe what the system allowed instead.',
  source: 'Google SRE book ch. 15; Dekker, The Field Guide to Understanding Human Error',
};

export const JUDGEMENTAL: PhraseList = {
  id: 'judgemental',
  phrases: ['careless', 'carelessly', 'sloppy', 'lazy', 'incompetent', 'incompetence', 'stupid', 'dumb mistake', 'reckless', 'recklessly', 'negligent', 'irresponsible', 'mistakenly', 'foolish', 'inexcusable', 'obviously', 'clearly', 'simply', 'just'],
  scope: [],
  note: 'Judgement words assign blame or minimise; they add no fact.',
  source: 'design/lint-rules.md PM404',
};

/** Roles that, as the subject of an action verb, make a person the cause (PM402, five_whys). */
export const PERSON_ROLES: string[] = [
  'engineer', 'developer', 'dev', 'operator', 'on-call', 'oncall', 'on call engineer', 'on-call engineer', 'sre', 'admin', 'administrator', 'sysadmin',
  'intern', 'contractor', 'employee', 'staff member', 'team member', 'person', 'someone', 'somebody', 'user', 'he', 'she', 'they', 'responder', 'manager', 'dba', 'release manager', 'tech lead',
];

/** Verbs of doing; a person/role subject followed by one of these reads as "a person caused it". */
export const ACTION_VERBS: string[] = [
  'ran', 'run', 'runs', 'deployed', 'deploys', 'pushed', 'pushes', 'merged', 'merges', 'deleted', 'deletes', 'dropped', 'drops', 'changed', 'changes', 'misconfigured',
  'configured', 'forgot', 'forgets', 'missed', 'misses', 'ignored', 'ignores', 'broke', 'breaks', 'caused', 'causes', 'typed', 'executed', 'executes', 'applied', 'applies',
  'removed', 'removes', 'skipped', 'skips', 'approved', 'approves', 'committed', 'commits', 'restarted', 'rebooted', 'killed', 'overwrote', 'modified', 'made', 'did', 'didn\'t', 'failed', 'neglected',
  'used', 'entered', 'chose', 'decided', 'released', 'shipped', 'upgraded', 'disabled', 'enabled', 'edited', 'wrote', 'introduced',
];
