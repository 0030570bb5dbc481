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
  phrases: ['should have', "should've", 'should never have', 'could have', 'could easily have', "could've", 'would have', 'would never have', "shouldn't have", 'should not have', 'failed to', 'if only', "didn't bother", 'did not bother', 'forgot to', 'neglected to', 'ought to have', 'had they', 'if they had', 'if we had'],
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

/** Adverbs and auxiliaries allowed between a person subject and its verb ("the engineer then ran"). */
export const SUBJECT_FILLERS: string[] = [
  'had', 'has', 'then', 'also', 'accidentally', 'mistakenly', 'manually', 'inadvertently', 'unknowingly', 'unintentionally', 'incorrectly', 'wrongly', 'just', 'still', 'again', 'first', 'later', 'immediately', 'never', 'not',
];

/** Irregular past participles (after Vale's Google style passive list). */
export const IRREGULAR_PARTICIPLES: string[] = [
  'awoken', 'been', 'born', 'beaten', 'become', 'begun', 'bent', 'bet', 'bid', 'bidden', 'bitten', 'bled', 'blown', 'broken', 'bred', 'brought', 'broadcast', 'built', 'burnt', 'burst', 'bought',
  'cast', 'caught', 'chosen', 'clung', 'come', 'cost', 'crept', 'cut', 'dealt', 'dug', 'done', 'drawn', 'dreamt', 'drunk', 'driven', 'dwelt', 'eaten', 'fallen', 'fed', 'felt', 'fought', 'found',
  'fled', 'flung', 'flown', 'forbidden', 'forecast', 'foreseen', 'forgotten', 'forgiven', 'forsaken', 'frozen', 'gotten', 'given', 'gone', 'ground', 'grown', 'hung', 'heard', 'hidden', 'hit',
  'held', 'hurt', 'kept', 'knelt', 'knit', 'known', 'laid', 'led', 'leant', 'leapt', 'learnt', 'left', 'lent', 'let', 'lain', 'lit', 'lost', 'made', 'meant', 'met', 'misheard', 'mislaid',
  'misled', 'misread', 'misspelt', 'mistaken', 'misunderstood', 'mown', 'overcome', 'overdone', 'overdrawn', 'overheard', 'overridden', 'overrun', 'overseen', 'overtaken', 'overthrown',
  'overwritten', 'paid', 'proven', 'put', 'quit', 'read', 'rebuilt', 'redone', 'remade', 'rerun', 'reset', 'resent', 'retaken', 'rethought', 'rewound', 'rewritten', 'rid', 'ridden', 'rung',
  'risen', 'run', 'sawn', 'said', 'seen', 'sought', 'sold', 'sent', 'set', 'sewn', 'shaken', 'shaven', 'shorn', 'shed', 'shone', 'shod', 'shot', 'shown', 'shrunk', 'shut', 'sung', 'sunk',
  'sat', 'slain', 'slept', 'slid', 'slung', 'slit', 'smelt', 'sown', 'spoken', 'sped', 'spelt', 'spent', 'spilt', 'spun', 'spat', 'split', 'spoilt', 'spread', 'sprung', 'stood', 'stolen',
  'stuck', 'stung', 'stunk', 'strewn', 'stridden', 'struck', 'strung', 'striven', 'sworn', 'swept', 'swollen', 'swum', 'swung', 'taken', 'taught', 'torn', 'told', 'thought', 'thrived',
  'thrown', 'thrust', 'trodden', 'understood', 'undergone', 'undertaken', 'undone', 'unwound', 'upheld', 'upset', 'woken', 'worn', 'woven', 'wed', 'wept', 'wet', 'won', 'wound', 'withdrawn',
  'withheld', 'withstood', 'wrung', 'written',
];

/** Words ending in -ed that are not participles after a be-verb. */
export const NOT_PARTICIPLES: string[] = [
  'need', 'speed', 'feed', 'seed', 'bleed', 'breed', 'proceed', 'exceed', 'succeed', 'indeed', 'embed', 'hundred', 'sacred', 'naked', 'wicked', 'kindred', 'shred', 'sled', 'bed', 'red', 'shed', 'weed', 'steed',
  'tired', 'interested', 'supposed', 'concerned', 'worried', 'excited', 'surprised', 'pleased', 'bored', 'scared', 'ashamed', 'prepared', 'involved', 'related', 'based', 'located', 'unexpected', 'unrelated', 'unaffected', 'unchanged',
];

/** Vague first verbs of an action item (PM503). Multi-word entries match as phrases. */
export const VAGUE_ACTION_VERBS: PhraseList = {
  id: 'vague-action-verb',
  phrases: ['improve', 'investigate', 'look into', 'look at', 'consider', 'review', 'explore', 'ensure', 'make sure', 'try to', 'try and', 'fix the issue', 'fix the problem', 'fix it', 'communicate better', 'think about', 'discuss', 'be mindful', 'keep an eye on', 'follow up on', 'follow up'],
  scope: ['actionItems'],
  note: 'A vague verb has no observable end state; say what will exist when the action is done.',
  source: 'Google SRE workbook, Postmortem Culture: action items should be actionable, specific, bounded',
};

/** Action items that target people instead of the system (PM504). */
export const PEOPLE_TARGETED: PhraseList = {
  id: 'people-targeted',
  phrases: [
    'be more careful', 'be careful', 'more careful', 'take more care', 'pay more attention', 'pay attention', 'be more attentive', 'be more diligent', 'be vigilant', 'be more vigilant',
    'remind', 'reminding', 'retrain', 're-train', 'train engineers', 'train the team', 'train staff', 'train developers', 'train operators', 'train on-call', 'training for engineers', 'educate',
    'raise awareness', 'be aware', 'stay alert', 'think twice', 'remember to', "don't forget", 'do not forget', 'tell engineers', 'tell the team', 'ask engineers', 'ask the team',
    'make sure engineer', 'make sure engineers', 'make sure the engineer', 'make sure developers', 'make sure the on-call', 'make sure everyone', 'double-check', 'double check', 'triple-check',
    'encourage engineers', 'encourage the team', 'reprimand', 'not do this again', 'avoid doing this',
  ],
  scope: ['actionItems'],
  note: 'People under the same pressure will make the same choice; change the system (a guard, a default, automation) instead.',
  source: 'Google SRE book ch. 15; Etsy Debriefing Facilitation Guide',
};

/** Vague objects and hedges in action items (PM505). */
export const VAGUE_OBJECTS: PhraseList = {
  id: 'vague-object',
  phrases: ['more', 'better', 'some', 'various', 'etc.', 'etc', 'as needed', 'where appropriate', 'if possible', 'as necessary', 'when possible', 'where possible', 'and so on', 'stuff', 'things', 'appropriate', 'properly', 'adequate', 'sufficient', 'relevant', 'any issues', 'all the things'],
  scope: ['actionItems'],
  note: 'Unbounded words make an action impossible to close; name the system, the signal and the threshold.',
  source: 'design/lint-rules.md PM505',
};

/** Owners that are nobody in particular (PM508). */
export const COLLECTIVE_OWNERS: string[] = [
  'everyone', 'everybody', 'all', 'all teams', 'all engineers', 'the team', 'team', 'teams', 'we', 'us', 'someone', 'somebody', 'anyone', 'anybody', 'whoever', 'nobody', 'no one', 'engineering', 'engineers',
  'the engineers', 'developers', 'devs', 'staff', 'management', 'the company', 'company', 'on-call', 'oncall', 'the on-call', 'whoever is on call', 'all hands',
];

/** Owner values that mean "no owner" (PM507). */
export const MISSING_OWNERS: string[] = ['', 'tbd', 'tba', 'tbc', '?', '??', '???', '-', '--', '—', '–', 'n/a', 'na', 'none', 'unassigned', 'unknown', 'todo', 'nobody', 'owner', '[name/team]', '[owner]', 'name', 'x'];

/** Vague quantities (PM601): flagged when the sentence has no number. */
export const VAGUE_QUANTITIES: PhraseList = {
  id: 'vague-quantity',
  phrases: [
    'some downtime', 'some users', 'some customers', 'some requests', 'some errors', 'some time', 'a few users', 'a few customers', 'a few requests', 'few users', 'many users', 'many customers', 'many requests',
    'a lot of', 'lots of', 'for a while', 'a while', 'briefly', 'significant', 'significantly', 'a number of', 'a handful of', 'a large number of', 'a small number of', 'a large portion', 'numerous',
    'several users', 'several customers', 'most users', 'most customers', 'a bit', 'a little', 'substantial', 'considerable', 'massive', 'huge', 'tons of', 'a couple of', 'minimal', 'negligible',
  ],
  scope: [],
  note: 'Readers cannot size the incident from vague amounts; give the number, even as an estimate ("~4,200 users, 12%").',
  source: 'Google SRE workbook, example postmortem',
};

/** Emotive adverbs (PM602), removed by the fix. */
export const EMOTIVE_ADVERBS: PhraseList = {
  id: 'emotive-adverb',
  phrases: ['unfortunately', 'fortunately', 'sadly', 'luckily', 'thankfully', 'happily', 'regrettably', 'obviously', 'clearly', 'of course', 'basically', 'frankly', 'honestly', 'needless to say', 'amazingly', 'miraculously', 'painfully', 'embarrassingly'],
  scope: [],
  note: 'Emotive words carry a judgement and no fact; the sentence reads better without them.',
  source: 'design/lint-rules.md PM602',
};

/** Minimising "just" and "simply" only when they precede a verb or "a small thing" (PM404). */
export const MINIMISER_FOLLOWERS: string[] = [
  'run', 'restart', 'add', 'use', 'do', 'click', 'roll', 'revert', 'change', 'set', 'delete', 'remove', 'ignore', 'retry', 'reboot', 'deploy', 'fix', 'update', 'check', 'needed', 'need', 'had', 'have',
  'forgot', 'missed', 'skipped', 'a typo', 'a small', 'a minor', 'a simple', 'a quick', 'a one-line', 'a config', 'a configuration', 'an oversight', 'bad luck', 'one line', 'flip', 'toggle', 'bump', 'copy', 'paste', 'type', 'rerun', 're-run',
];

/** Vague time expressions (PM607), ignored when the sentence also gives a clock time. */
export const VAGUE_TIMES: PhraseList = {
  id: 'vague-time',
  phrases: [
    'in the afternoon', 'in the morning', 'in the evening', 'at night', 'later that day', 'later that night', 'earlier that day', 'shortly after', 'shortly afterwards', 'shortly before', 'around noon',
    'around midnight', 'at some point', 'a while later', 'some time later', 'sometime later', 'soon after', 'soon afterwards', 'eventually', 'later on', 'after a while', 'a few minutes later', 'a bit later',
    'at one point', 'overnight', 'in the meantime', 'a little later',
  ],
  scope: ['summary', 'timeline', 'rootCause'],
  note: 'A timeline is only reconstructable with timestamps; use HH:MM UTC.',
  source: 'design/lint-rules.md PM607',
};

/** Curated insensitive terms with neutral replacements (PM609; opt-in). */
export const INSENSITIVE_TERMS: PhraseList = {
  id: 'insensitive',
  phrases: ['master/slave', 'master-slave', 'slave', 'slaves', 'whitelist', 'whitelisted', 'blacklist', 'blacklisted', 'sanity check', 'sanity-check', 'dummy value', 'crazy', 'insane', 'grandfathered', 'man-hours', 'manhours', 'guys', 'crippled', 'cripple', 'lame', 'blind spot', 'dumb'],
  scope: [],
  note: 'Neutral terms keep the document usable for every reader.',
  source: 'retext-equality 7.1.0 word list (curated subset)',
  replacements: {
    'master/slave': 'primary/replica', 'master-slave': 'primary-replica', slave: 'replica', slaves: 'replicas', whitelist: 'allowlist', whitelisted: 'allowlisted', blacklist: 'denylist',
    blacklisted: 'denylisted', 'sanity check': 'quick check', 'sanity-check': 'quick check', 'dummy value': 'placeholder value', crazy: 'unexpected', insane: 'extreme', grandfathered: 'exempted',
    'man-hours': 'person-hours', manhours: 'person-hours', guys: 'everyone', crippled: 'degraded', cripple: 'degrade', lame: 'weak', 'blind spot': 'gap', dumb: 'simple',
  },
};

/** Words that read as a total outage (PM610). */
export const OUTAGE_WORDS: string[] = ['outage', 'down', 'went down', 'was down', 'fully unavailable', 'total outage', 'complete outage', 'full outage'];

/** Narrative verbs in present tense (PM603, heuristic). */
export const PRESENT_NARRATIVE_VERBS: string[] = [
  'starts', 'goes', 'fails', 'returns', 'crashes', 'restarts', 'begins', 'stops', 'drops', 'spikes', 'fires', 'pages', 'notices', 'sees', 'evicts', 'rolls', 'deploys', 'pushes', 'triggers', 'acknowledges',
  'escalates', 'recovers', 'resolves', 'discovers', 'decides', 'finds', 'opens', 'joins', 'declares', 'reverts', 'rises', 'climbs', 'falls', 'times out', 'runs out', 'comes back', 'goes down',
];
