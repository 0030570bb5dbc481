/**
 * Turns an answer into the next why: "There was no alert on X" -> "Why was there no alert on X?",
 * "The certificate expired on 2026-11-30" -> "Why did the certificate expire on 2026-11-30?".
 * A person-shaped answer gets the blameless question instead: what made the action possible, and
 * what let it cause harm. Anything the patterns do not cover falls back to a quoted form.
 */
import { collapseSpace, splitSentences } from './language.js';
import { TOOL_NAMES, type PersonHit } from './people.js';

const IRREGULAR: Record<string, string> = {
  ran: 'run', took: 'take', went: 'go', grew: 'grow', hit: 'hit', set: 'set', froze: 'freeze', wrote: 'write', overwrote: 'overwrite',
  broke: 'break', made: 'make', sent: 'send', lost: 'lose', began: 'begin', came: 'come', fell: 'fall', kept: 'keep', left: 'leave',
  shut: 'shut', spent: 'spend', threw: 'throw', forgot: 'forget', chose: 'choose', held: 'hold', led: 'lead', built: 'build',
  caught: 'catch', drove: 'drive', got: 'get', gave: 'give', knew: 'know', saw: 'see', found: 'find', did: 'do', had: 'have',
  put: 'put', cut: 'cut', let: 'let', split: 'split', spread: 'spread', bound: 'bind', fed: 'feed', rang: 'ring', rose: 'rise',
  sank: 'sink', shot: 'shoot', stood: 'stand', stuck: 'stick', told: 'tell', thought: 'think', understood: 'understand', woke: 'wake',
  became: 'become', brought: 'bring', meant: 'mean', paid: 'pay', said: 'say', sold: 'sell', taught: 'teach', overran: 'overrun',
  rebuilt: 'rebuild', reran: 'rerun', undid: 'undo', outgrew: 'outgrow', blew: 'blow', drew: 'draw', spun: 'spin', hung: 'hang',
  struck: 'strike', wore: 'wear', tore: 'tear', slid: 'slide', fought: 'fight', dropped: 'drop', ate: 'eat', run: 'run',
};

const NOT_VERBS_ED = new Set(['red', 'bed', 'need', 'feed', 'seed', 'speed', 'shed', 'embed', 'bleed', 'breed', 'reed', 'weed', 'hundred', 'sacred', 'naked', 'wicked', 'kindred', 'shred']);

const VOWEL = 'aeiou';
const KEEP_DOUBLE = /(?:ll|ss|zz|ff|dd)$/;
const DROP_DOUBLE_L = /^(?:controll|cancell|labell|travell|modell|signall|totall|fuell|patroll|compell|propell|expell|repell)$/;
const NO_E = new Set(['edit', 'limit', 'audit', 'exit', 'visit', 'credit', 'target', 'budget', 'deposit', 'inherit', 'prohibit', 'exhibit', 'develop', 'envelop', 'gallop', 'pivot', 'focus', 'bias', 'sync', 'async', 'spec', 'market', 'interpret', 'benefit', 'profit', 'orbit', 'habit']);
const WITH_E = new Set(['creat', 'rout', 'guid', 'voic', 'delet', 'complet', 'compet', 'deplet', 'concret', 'ignit', 'invit', 'excit', 'recit', 'unit', 'writ', 'cit', 'stor', 'scor', 'ignor', 'restor', 'explor', 'bor', 'snor', 'ador', 'requir', 'acquir', 'inquir', 'chang', 'arrang', 'exchang', 'challeng', 'plung', 'loung', 'tied', 'breath', 'cach']);

/** Stems whose past tense only added "d" to a final "e" ("expired" -> "expire"), by spelling. */
function needsE(stem: string): boolean {
  if (NO_E.has(stem)) return false;
  if (WITH_E.has(stem) || /(?:creat|delet|complet)$/.test(stem)) return true;
  const n = stem.length;
  const last = stem[n - 1]!;
  const prev = stem[n - 2] ?? '';
  const prev2 = stem[n - 3] ?? '';
  const vowelish = (c: string) => VOWEL.includes(c) || c === 'y';
  const cvc = !VOWEL.includes(last) && vowelish(prev) && (prev2 === '' || !VOWEL.includes(prev2));
  const vvc = !VOWEL.includes(last) && VOWEL.includes(prev) && VOWEL.includes(prev2);
  if (/(?:rg|dg|lg|rc|nc|rs|ps|ns|ls|lv|rv|uc)$/.test(stem)) return true;
  switch (last) {
    case 'v':
      return true;
    case 'c':
      return true;
    case 'z':
      return prev !== 'z';
    case 's':
      return cvc || vvc;
    case 'l':
      if (prev === 'l') return false;
      if (!VOWEL.includes(prev)) return true; // throttl, settl, handl, cycl
      if (!cvc) return false;
      return prev === 'i' || prev === 'u' || (prev === 'a' && n <= 4);
    case 'n':
      return cvc && (prev === 'u' || prev === 'i' || (prev === 'o' && n <= 4));
    case 'r':
      return cvc && (prev === 'i' || prev === 'u' || prev === 'a');
    case 't':
      if (!cvc) return false;
      if (prev === 'a') return true; // rotat, updat, migrat
      return prev === 'u' || prev === 'o';
    case 'k':
    case 'g':
    case 'm':
    case 'p':
    case 'b':
    case 'd':
      return cvc;
    default:
      return false;
  }
}

/** The base form of a past-tense verb ("expired" -> "expire", "ran" -> "run"), or undefined. */
export function baseForm(word: string): string | undefined {
  const lower = word.toLowerCase();
  const prefix = word.slice(0, Math.max(0, word.lastIndexOf('-') + 1));
  const tail = prefix ? lower.slice(prefix.length) : lower;
  if (IRREGULAR[tail]) return `${prefix}${IRREGULAR[tail]}`;
  if (tail.length < 4 || !tail.endsWith('ed') || NOT_VERBS_ED.has(tail)) return undefined;
  if (/^(?:tied|died|lied)$/.test(tail)) return `${prefix}${tail.slice(0, -1)}`;
  let stem = tail.slice(0, -2);
  if (stem.endsWith('i')) return `${prefix}${stem.slice(0, -1)}y`;
  if (stem.endsWith('e')) return `${prefix}${stem}e`; // agreed -> agree
  if (DROP_DOUBLE_L.test(stem)) return `${prefix}${stem.slice(0, -1)}`;
  if (/([bdgklmnprtvz])\1$/.test(stem) && !KEEP_DOUBLE.test(stem)) return `${prefix}${stem.slice(0, -1)}`;
  if (needsE(stem)) stem += 'e';
  return `${prefix}${stem}`;
}

const DETERMINERS = /^(?:the|a|an|this|that|these|those|its|our|their|every|each|some|all|both|any)$/i;
const LOWERABLE = /^(?:The|A|An|This|That|These|Those|Its|Our|Their|Every|Each|Some|All|Both|Any|Nothing|Nobody|Requests|Traffic|Users|Customers)\b/;

/** Lower-cases the first word unless it looks like a name of something (a tool, an acronym, CamelCase). */
function lowerFirst(subject: string): string {
  if (LOWERABLE.test(subject)) return subject[0]!.toLowerCase() + subject.slice(1);
  const first = /^[\p{L}][\p{L}\p{N}'-]*/u.exec(subject)?.[0] ?? '';
  if (!/^\p{Lu}\p{Ll}+$/u.test(first) || TOOL_NAMES.has(first.toLowerCase())) return subject;
  return subject[0]!.toLowerCase() + subject.slice(1);
}

function firstSentence(statement: string): string {
  const flat = collapseSpace(statement);
  const first = splitSentences(flat)[0]?.text ?? flat;
  return first
    .replace(/^(?:because|since|as|due\s+to\s+the\s+fact\s+that)\s*,?\s+/i, '')
    .replace(/[.!?;:,\s]+$/, '')
    .trim();
}

/** The main clause: a second clause with its own subject and verb ("…, so the loop ran", "… and orders were delayed") is cut. */
export function mainClause(sentence: string): string {
  const cut = sentence
    .split(/\s*;\s*|,\s*(?:so|which|because|while|but|and\s+so|so\s+that)\s+|,?\s+and\s+(?=(?:\S+\s+){0,3}?(?:was|were|is|are|had|has|did|could|\p{L}+ed)\b)/iu)[0]!
    .trim();
  return cut.split(/\s+/).length >= 3 ? cut : sentence;
}

const MAX_QUESTION = 240;

function quoted(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157).replace(/\s+\S*$/, '')}…` : s;
}

/** The why-question an answer raises. */
export function whyQuestion(statement: string): string {
  const s = mainClause(firstSentence(statement));
  if (!s) return 'Why did this happen?';
  const q = patternQuestion(s);
  if (q && q.length <= MAX_QUESTION) return q;
  return `What caused this: "${quoted(s)}"?`;
}

function patternQuestion(s: string): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^there\s+(was|were|is|are)\s+(?:no|not\s+any)\s+(.+)$/i.exec(s))) return `Why ${pastBe(m[1]!)} there no ${m[2]}?`;
  if ((m = /^there\s+(was|were|is|are)\s+(.+)$/i.exec(s))) return `Why ${pastBe(m[1]!)} there ${m[2]}?`;
  if ((m = /^no\s+(.+?)\s+(?:existed|exists|was\s+(?:configured|in\s+place|set\s+up|defined)|were\s+(?:configured|in\s+place|set\s+up|defined))\b\s*(.*)$/i.exec(s))) {
    return `Why was there no ${m[1]}${m[2] ? ` ${m[2]}` : ''}?`;
  }
  if ((m = /^nothing\s+(\S+)\s*(.*)$/i.exec(s))) {
    const base = baseForm(m[1]!);
    if (base) return `Why did nothing ${base}${m[2] ? ` ${m[2]}` : ''}?`;
  }
  if ((m = /^no\s+(.+)$/i.exec(s)) && !/\s(?:was|were|is|are|had|did)\s/i.test(m[1]!)) return `Why was there no ${m[1]}?`;

  const subjectVerb = /^(.{1,90}?)\s+(was|were|is|are|had|has|have|did\s+not|didn't|does\s+not|doesn't|do\s+not|don't|could\s+not|couldn't|would\s+not|wouldn't|cannot|can't|can|could|would|will|won't)\s+(.+)$/i.exec(s);
  const past = pastVerbSplit(s);
  // Take whichever verb comes first: "The alert that was added…" is rare next to "The pods were…".
  if (subjectVerb && (!past || subjectVerb[1]!.length <= past.subject.length) && plausibleSubject(subjectVerb[1]!)) {
    const subject = lowerFirst(subjectVerb[1]!);
    const verb = subjectVerb[2]!.toLowerCase().replace(/\s+/g, ' ');
    const rest = subjectVerb[3]!;
    switch (verb) {
      case 'was':
      case 'is':
        return /^not\s+/i.test(rest) ? `Why was ${subject} not ${rest.replace(/^not\s+/i, '')}?` : `Why was ${subject} ${rest}?`;
      case 'were':
      case 'are':
        return /^not\s+/i.test(rest) ? `Why were ${subject} not ${rest.replace(/^not\s+/i, '')}?` : `Why were ${subject} ${rest}?`;
      case 'had':
      case 'has':
      case 'have':
        if (/^(?:been|already)\s/i.test(rest)) return `Why had ${subject} ${rest}?`;
        if (/^no\s/i.test(rest)) return `Why did ${subject} have ${rest}?`;
        if (/^not\s/i.test(rest)) return `Why had ${subject} ${rest}?`;
        return `Why did ${subject} have ${rest}?`;
      case 'did not':
      case "didn't":
      case 'does not':
      case "doesn't":
      case 'do not':
      case "don't":
        return `Why did ${subject} not ${rest}?`;
      case 'could not':
      case "couldn't":
      case 'cannot':
      case "can't":
        return `Why could ${subject} not ${rest}?`;
      case 'would not':
      case "wouldn't":
      case "won't":
        return `Why would ${subject} not ${rest}?`;
      case 'can':
      case 'could':
        return `Why could ${subject} ${rest}?`;
      case 'would':
      case 'will':
        return `Why would ${subject} ${rest}?`;
    }
  }
  if (past && plausibleSubject(past.subject)) {
    return `Why did ${lowerFirst(past.subject)} ${past.base}${past.rest ? ` ${past.rest}` : ''}?`;
  }
  return undefined;
}

/** The noun phrase before the first verb ("the connection pool limit of 20"), lower-cased where safe. */
export function subjectOf(statement: string): string | undefined {
  const s = mainClause(firstSentence(statement));
  const be = /^(.{1,90}?)\s+(?:was|were|is|are|had|has|have|did|does|do|could|would|can|will|never|lacked|lacks|used|ran)\b/i.exec(s);
  const past = pastVerbSplit(s);
  const subject = be && (!past || be[1]!.length <= past.subject.length) ? be[1]! : past?.subject;
  if (!subject || !plausibleSubject(subject) || /^(?:there|it|this|that|no|nothing|nobody|none|no one)\b/i.test(subject)) return undefined;
  return lowerFirst(subject);
}

function pastBe(be: string): string {
  return /^(?:were|are)$/i.test(be) ? 'were' : 'was';
}

function plausibleSubject(subject: string): boolean {
  const words = subject.split(/\s+/);
  return words.length <= 10 && !/[,;]/.test(subject) && !/^(?:and|but|so|then|because|if|when)$/i.test(words[0]!);
}

/** Splits "<subject> <past verb> <rest>" at the first past-tense verb that is not a modifier ("the failed node"). */
function pastVerbSplit(s: string): { subject: string; base: string; rest: string } | undefined {
  const words = [...s.matchAll(/\S+/g)];
  for (let i = 1; i < words.length && i <= 10; i += 1) {
    const word = words[i]![0];
    const clean = word.replace(/[^\p{L}'-]+$/u, '');
    const base = baseForm(clean);
    if (!base) continue;
    const prev = words[i - 1]![0];
    if (DETERMINERS.test(prev) || /^(?:of|to|for|with|by|in|on|at|from|and|or)$/i.test(prev)) continue;
    const subject = s.slice(0, words[i]!.index).trim();
    const rest = s.slice(words[i]!.index + word.length).trim();
    return { subject, base, rest };
  }
  return undefined;
}

const OMISSION = new Set(['forgot', 'forgets', 'neglected', 'failed', 'did', "didn't"]);
const PASSED_OVER = new Set(['missed', 'misses', 'skipped', 'skips', 'ignored', 'ignores']);

/** The blameless next question for an answer whose cause is a person's action. */
export function personQuestion(hit: PersonHit | undefined, statement: string): string {
  if (!hit) return 'What condition in the system made this error possible, and what let it cause harm?';
  const rest = hit.rest.replace(/[.!?;:,\s]+$/, '');
  if (hit.passive) {
    const thing = rest ? lowerFirst(rest) : 'it';
    return `What made it possible for ${thing} to be ${hit.verb} that way, and what let it cause harm?`;
  }
  if (/^(?:was|were|is|are|got|felt|seemed|had been)\b/.test(hit.verb)) {
    return 'What in the schedule, tooling or process made the outcome depend on one person being alert, and what could catch the same slip next time?';
  }
  if (OMISSION.has(hit.verb)) {
    const task = rest.replace(/^(?:not|to)\s+/i, '').replace(/^to\s+/i, '');
    if (task) return `Why did the system rely on a person remembering to ${task}, and why did nothing catch the omission?`;
  }
  if (PASSED_OVER.has(hit.verb) && rest) {
    const participle = hit.verb.endsWith('s') ? `${baseForm(`${hit.verb.slice(0, -1)}ed`) ?? hit.verb}ed` : hit.verb;
    return `Why could ${lowerFirst(rest)} be ${participle.replace(/eed$/, 'ed')} without anything catching it?`;
  }
  const base = baseForm(hit.verb) ?? (/(?:s)$/.test(hit.verb) ? hit.verb.slice(0, -1) : hit.verb);
  if (rest) return `What made it possible to ${base} ${rest}, and what let that action cause harm?`;
  return `What in the system made this action possible and let it cause harm: "${quoted(firstSentence(statement))}"?`;
}
