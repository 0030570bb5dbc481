/**
 * Gap classification of a leaf: which kind of system or process gap it names, and why we think so.
 * Keyword patterns, weighted: a missing control ("no alert on…", "nothing prevented…") outweighs a
 * condition ("the disk was full"), which outweighs a bare topic word ("runbook"), because the
 * missing control is what an action item can fix.
 */
import { GAP_TYPES, type GapType } from './constants.js';
import { normalizeApostrophes, proseOnly } from './language.js';

export { GAP_TYPES, type GapType };

export const GAP_LABELS: Record<GapType, string> = {
  guardrail: 'a missing guardrail',
  detection: 'a detection gap',
  process: 'a process gap',
  capacity: 'a capacity limit',
  dependency: 'a dependency failure',
  knowledge: 'a knowledge gap',
  other: 'a system condition',
};

interface GapPattern {
  type: Exclude<GapType, 'other'>;
  /** What the match means, for the reason text. */
  label: string;
  weight: 1 | 2 | 3;
  re: RegExp;
}

const W = String.raw`(?:\S+\s+){0,3}?`;
const NEG = String.raw`(?:did\s+not|didn't|does\s+not|doesn't|do\s+not|don't|could\s+not|couldn't|was\s+not|wasn't|were\s+not|weren't|never|failed\s+to|had\s+not|hadn't)`;

function p(type: GapPattern['type'], weight: GapPattern['weight'], label: string, source: string): GapPattern {
  return { type, weight, label, re: new RegExp(source, 'giu') };
}

export const GAP_PATTERNS: GapPattern[] = [
  // detection
  p('detection', 3, 'missing alert or monitoring', String.raw`\b(?:no|without(?:\s+an?|\s+any)?|lacked(?:\s+an?|\s+any)?|missing)\s+${W}(?:alerts?|alerting|alarms?|paging|pages?|monitors?|monitoring|probes?|health\s*-?checks?|dashboards?|metrics?|notifications?|warnings?|signals?|visibility|observability|logging|logs)\b`),
  p('detection', 3, 'an alert or check that did not fire', String.raw`\b(?:alerts?|alerting|alarms?|monitors?|monitoring|probes?|health\s*-?checks?|dashboards?|metrics?)\s+${W}${NEG}\s+(?:fire|trigger|detect|cover|page|notify|catch|show|include|exist|alert|report|measure|track|watch)`),
  p('detection', 3, 'a failure nobody was told about', String.raw`\b(?:went|stayed|remained|was|were)\s+(?:unnoticed|undetected|unmonitored|silent|invisible|unreported|unobserved)\b|\b(?:not|never)\s+(?:alerted|detected|monitored|noticed|visible|observed|reported|surfaced|scraped|collected|exported|instrumented|logged|recorded|measured|tracked)\b|\b(?:unscraped|uninstrumented)\b|\b(?:nobody|no\s+one|nothing)\s+(?:noticed|monitored|watched|tracked|measured|alerted|paged|was\s+(?:alerted|paged|notified|watching|monitoring))\b|\bsilent(?:ly)?\s+(?:fail|failure|drop|error|corrupt)\w*|\bblind\s+spot`),
  p('detection', 3, 'an alert routed where nobody saw it', String.raw`\b(?:alerts?|pages?|notifications?|emails?)\s+(?:\S+\s+){0,3}?(?:went|was\s+sent|were\s+sent|was\s+routed|were\s+routed|was\s+delivered|were\s+delivered)\s+to\s+(?:an?\s+|the\s+)?(?:unmonitored|muted|wrong|old|deleted|archived|unused|personal|shared)`),
  p('detection', 3, 'alerts drowned in noise', String.raw`\balert\s+fatigue\b|\bnoisy\s+(?:alerts?|pages?|paging)\b|\btoo\s+many\s+(?:alerts|pages|notifications)\b|\b(?:alerts?|pages?)\s+(?:\S+\s+){0,2}?(?:was|were)\s+(?:muted|silenced|snoozed|suppressed|downgraded)\b`),
  p('detection', 2, 'an alert threshold or rule', String.raw`\b(?:alert(?:ing)?|paging)\s+(?:threshold|rule|route|routing|condition|window)s?\b|\bthreshold\s+(?:was|of)\b`),
  p('detection', 1, 'monitoring', String.raw`\b(?:alert|alerts|alerting|monitoring|observability|dashboard|uptime\s+check|synthetic\s+check)\b`),

  // guardrail
  p('guardrail', 3, 'missing guard, validation or check', String.raw`\b(?:no|without(?:\s+an?|\s+any)?|lacked(?:\s+an?|\s+any)?|missing)\s+${W}(?:guards?|guardrails?|safeguards?|safety\s+nets?|validations?|checks?|tests?|linters?|lint|gates?|protection|confirmation|confirm\s+step|admission\s+(?:control|policy|webhook)|policy|policies|dry[\s-]?runs?|pre-?flight|verification|sanity\s+checks?|interlocks?|locks?|branch\s+protection|quotas?\s+enforcement)\b`),
  p('guardrail', 3, 'nothing prevented it', String.raw`\b(?:nothing|no\s+(?:\S+\s+){0,2}?(?:tool|system|step|mechanism|control|rule))\s+(?:\S+\s+){0,5}?(?:prevented|stopped|blocked|caught|rejected|validated|checked|compared|confirmed|diffed|flagged|refused|tested|verified|enforced|guarded)\b|\b${NEG}\s+(?:prevent|block|reject|validate|catch|stop|refuse|guard|enforce|verify|check|compare|confirm)\b`),
  p('guardrail', 3, 'a check that covers only part of the case', String.raw`\b(?:checks?|checked|checking|validates?|validated|verifies|verified|tests?|tested|compares?|compared)\s+only\b|\bonly\s+(?:checks?|checked|validates?|validated|verifies|verified|tests?|tested|compares?|compared)\b`),
  p('guardrail', 3, 'an unvalidated or unguarded path', String.raw`\b(?:not|never)\s+(?:[\p{L}]+-)?(?:validated|checked|tested|guarded|protected|enforced|verified|restricted|gated)\b|\b(?:unvalidated|unchecked|untested|unguarded|unprotected|unrestricted|unenforced|unverified)\b`),
  p('guardrail', 3, 'the system allowed an unsafe action', String.raw`\b(?:allowed|allows|permitted|permits|accepted|accepts|let)\b(?:\s+\S+){0,12}?\s+(?:without\b|to\s+(?:run|delete|drop|push|deploy|apply|merge|overwrite|bypass|skip|write|truncate|remove|force))|\b(?:force[\s-]push|pushed\s+directly\s+to\s+(?:main|master|production))`),
  p('guardrail', 3, 'an unsafe default or missing limit', String.raw`\b(?:defaulted\s+to|defaults\s+to|default\s+(?:value|setting)\s+(?:was|of))\b|\b(?:unbounded|unlimited)\b|\b(?:no|without(?:\s+an?|\s+any)?)\s+(?:upper\s+)?(?:bound|cap|maximum|limit|timeout|ttl|retention)\b`),
  p('guardrail', 3, 'missing backpressure or isolation', String.raw`\b(?:no|without(?:\s+an?|\s+any)?|lacked(?:\s+an?|\s+any)?|missing)\s+(?:\S+\s+){0,2}?(?:backoff|back-off|jitter|circuit\s+breakers?|rate\s+limits?|rate\s+limiting|load\s+shedding|backpressure|bulkheads?|retry\s+budgets?|idempotency\s+keys?|feature\s+flags?|kill\s+switch(?:es)?)\b`),
  p('guardrail', 2, 'a missing or unsafe configuration', String.raw`\bhard-?coded\b|\b(?:was|were|is|are)\s+(?:not|never)\s+(?:configured|enabled|set|enforced|pinned)\b|\bmisconfigur\w*|\b(?:absent|missing)\s+from\s+the\s+(?:config|configuration|values|manifest)\b`),
  p('guardrail', 2, 'broad access or credentials', String.raw`\b(?:had|has|have|with|gave|granted|used)\s+(?:\S+\s+){0,2}?(?:write|admin|root|full|production|prod|cluster-admin|delete|superuser|owner)\s+(?:access|rights|permissions?|privileges?|credentials|role)\b|\bleast\s+privilege\b`),
  p('guardrail', 1, 'validation', String.raw`\b(?:validation|guardrail|safeguard|admission|pre-?commit|ci\s+check|schema\s+check|dry[\s-]?run)\b`),

  // process
  p('process', 3, 'a missing process step, review or owner', String.raw`\b(?:no|without(?:\s+an?|\s+any)?|lacked(?:\s+an?|\s+any)?|missing)\s+${W}(?:review|reviews|reviewer|approval|owner|ownership|sign-?off|handover|hand-?off|canary|staging|rollback\s+(?:plan|step|procedure)|process|procedure|runbook|playbook|checklist|automation|schedule|reminder|rotation|step|stage|escalation\s+path|change\s+window|change\s+ticket)s?\b`),
  p('process', 3, 'a runbook or procedure that fell short', String.raw`\b(?:runbook|playbook|checklist|procedure|process|template|pipeline|workflow)s?\s+${W}(?:${NEG}|omitted|skipped|lacked|missed|was\s+missing|did\s+not\s+(?:include|cover|mention|require|list))\b`),
  p('process', 3, 'an unreviewed or manual step', String.raw`\b(?:not|never)\s+(?:reviewed|approved|owned|automated|scheduled|tracked|rehearsed|practi[cs]ed|tested\s+in\s+staging|required)\b|\b(?:unreviewed|unapproved|unowned|unscheduled|untracked)\b|\b(?:manual|manually|by\s+hand|hand-?run|ad[\s-]?hoc|copy-?pasted?)\b`),
  p('process', 3, 'an optional or skippable step', String.raw`\b(?:step|stage|review|approval|check)s?\s+(?:was|were|is|are)\s+(?:optional|skippable|skipped|not\s+required|voluntary|informal)\b|\bwithout\s+(?:a\s+|any\s+)?(?:review|approval|canary|staging|rollback|sign-?off|change\s+ticket)\b`),
  p('process', 2, 'the review, release or change process', String.raw`\b(?:review|approval|sign-?off|change\s+management|change\s+control|release|deploy(?:ment)?|rollout|on-?call|handover|escalation|incident|maintenance|renewal|rotation|onboarding|offboarding|provisioning)\s+(?:process|procedure|policy|workflow|checklist)\b`),
  p('process', 1, 'process', String.raw`\b(?:runbook|playbook|checklist|procedure|process|workflow|ownership)\b`),

  // capacity
  p('capacity', 3, 'a resource that filled up or ran out', String.raw`\b(?:disks?|volumes?|filesystems?|file\s+systems?|partitions?|inodes?|storage|pvcs?|buckets?|queues?|log\s+files?)\s+(?:\S+\s+){0,4}?(?:full|filled|fills|ran\s+out|exhausted|reached\s+\d|hit\s+\d|at\s+100|overflowed|grew\s+to)|\bout\s+of\s+(?:memory|disk|space|inodes|file\s+descriptors|connections|capacity|storage|quota|threads|workers)\b|\bran\s+out\s+of\b|\boom[\s-]?kill(?:ed|er)?\b|\boomkilled\b|\b(?:disk|volume|storage)\s+(?:pressure|usage)\b`),
  p('capacity', 3, 'a limit, pool or quota reached', String.raw`\b(?:pool|quota|limit|cap|maximum|max_connections|max\s+connections|rate\s+limit|ceiling|headroom|capacity|throughput|bandwidth|iops|memory|cpu|heap|connections|threads|workers|file\s+descriptors)\s+(?:\S+\s+){0,4}?(?:reached|exceeded|exhausted|hit|saturated|maxed|full|too\s+(?:small|low)|ran\s+out)\b|\b(?:reached|exceeded|exhausted|hit|saturated|maxed\s+out)\s+(?:\S+\s+){0,4}?(?:pool|quota|limits?|cap|maximum|capacity|memory|cpu|disk|connections|threads|workers|file\s+descriptors|heap|storage)\b`),
  p('capacity', 3, 'no dedicated capacity', String.raw`\bno\s+(?:separate|dedicated|isolated|spare|standby)\s+(?:\S+\s+){0,2}?(?:replicas?|instances?|clusters?|pools?|nodes?|environments?|queues?|capacity|hosts?|databases?|workers?)\b|\bshared\s+(?:the\s+same\s+)?(?:\S+\s+){0,2}?(?:pool|database|node|cluster|disk|volume|queue|host)\s+with\b`),
  p('capacity', 2, 'undersized or saturated', String.raw`\b(?:undersized|under-?provisioned|too\s+small|not\s+enough|insufficient|saturat\w*|throttl\w*|exhaust\w*|headroom)\b|\b(?:memory|cpu)\s+(?:limits?|requests?)\b|\b(?:was|were)\s+sized\b`),
  p('capacity', 1, 'capacity', String.raw`\b(?:capacity|quota|disk\s+space|memory|load|scaling|autoscal\w*)\b`),

  // dependency
  p('dependency', 3, 'an upstream, vendor or third-party failure', String.raw`\b(?:upstream|third[\s-]party|vendor|provider|supplier|saas|cloud\s+provider|isp|cdn|registrar|certificate\s+authority|let'?s\s+encrypt|dns\s+provider|external\s+(?:service|api|dependency|provider|registry|dns))\b(?:\s+\S+){0,6}?\s+(?:outage|failed|failure|changed|deprecated|rate[\s-]limit\w*|returned|was\s+down|went\s+down|was\s+unavailable|stopped|revoked|expired|timed\s+out|broke)`),
  p('dependency', 3, 'a single point of failure', String.raw`\b(?:relied|depended|relies|depends|rely|depend)\s+on\s+(?:a\s+|one\s+)?(?:single|one|the\s+only)\b|\bsingle\s+(?:point\s+of\s+failure|provider|region|vendor|zone|datacenter|data\s+centre|instance|replica|upstream|dependency)\b|\bno\s+(?:\S+\s+)?(?:failover|fallback|redundancy|secondary)\b`),
  p('dependency', 2, 'an external dependency', String.raw`\b(?:upstream|third[\s-]party|vendor|provider|supplier|saas|cloud\s+provider|isp|cdn|registrar|certificate\s+authority|dns\s+provider|external\s+(?:service|api|dependency|provider|registry|dns)|dependency|dependencies|library|libraries|package\s+registry|base\s+image|sdk)\b`),
  p('dependency', 1, 'a shared service', String.raw`\b(?:dns|registry|api|service\s+mesh)\b`),

  // knowledge
  p('knowledge', 3, 'documentation out of date or missing', String.raw`\b(?:documentation|docs|wiki|readme|runbook|diagram|inventory)\s+(?:\S+\s+){0,3}?(?:out\s+of\s+date|outdated|stale|wrong|incorrect|missing|incomplete|obsolete|did\s+not\s+(?:mention|describe|cover|document|explain))\b|\b(?:undocumented|not\s+documented|tribal\s+knowledge|bus\s+factor)\b|\bno\s+${W}(?:documentation|docs|doc|training|onboarding|knowledge\s+base|diagram|inventory|record)\b`),
  p('knowledge', 3, 'nobody knew', String.raw`\b(?:nobody|no\s+one|none\s+of\s+the\s+(?:responders|team)|only\s+(?:one|a\s+single)\s+(?:person|engineer|responder|team\s+member))\s+(?:\S+\s+){0,4}?(?:knew|understood|was\s+aware|remembered|had\s+(?:the\s+)?(?:context|knowledge)|knew\s+how)\b|\b(?:unaware|unfamiliar|not\s+known|not\s+aware|did\s+not\s+know|didn't\s+know|not\s+widely\s+known)\b`),
  p('knowledge', 2, 'knowledge or documentation', String.raw`\b(?:out\s+of\s+date|outdated|knowledge|documentation|documented)\b`),
];

export interface GapMatch {
  type: Exclude<GapType, 'other'>;
  label: string;
  weight: number;
  text: string;
  index: number;
  end: number;
}

export interface GapClassification {
  gapType: GapType;
  reason: string;
  /** The strongest match for the chosen type, when there is one. */
  match?: GapMatch;
  matches: GapMatch[];
  /** Reads as a condition that was absent or allowed (not an event), even when no type matched. */
  gapShaped: boolean;
}

const ORDER: Exclude<GapType, 'other'>[] = ['guardrail', 'detection', 'process', 'capacity', 'dependency', 'knowledge'];

const LACK =
  /\b(?:no|not|never|none|nothing|nobody|no\s+one|without|lacked|lacking|lacks|missing|absent|unbounded|unlimited|defaulted|default|allowed|permitted|only|optional|outdated|stale|single\s+point|hard-?coded|shared|depended|relied|assumed|un[a-z]+ed)\b|n't\b/i;

export function gapMatches(text: string): GapMatch[] {
  const source = normalizeApostrophes(proseOnly(text));
  const out: GapMatch[] = [];
  for (const pattern of GAP_PATTERNS) {
    pattern.re.lastIndex = 0;
    for (const m of source.matchAll(pattern.re)) {
      out.push({ type: pattern.type, label: pattern.label, weight: pattern.weight, text: text.slice(m.index, m.index + m[0].length), index: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

export function classifyGap(text: string): GapClassification {
  const matches = gapMatches(text);
  const gapShaped = LACK.test(normalizeApostrophes(proseOnly(text)));
  if (matches.length === 0) {
    return {
      gapType: 'other',
      reason: gapShaped
        ? 'describes an absent or allowed condition, but names no guardrail, alert, process step, capacity limit, dependency or documentation'
        : 'reads as an event, not as a missing guardrail, alert, process step, capacity limit, dependency or piece of knowledge',
      matches,
      gapShaped,
    };
  }
  // Per type, the strongest weight counts most; further matches add a little, so "no alert" (3)
  // beats a topic word repeated twice (1 + 1).
  const score = new Map<GapMatch['type'], number>();
  for (const type of ORDER) {
    const ofType = matches.filter((m) => m.type === type);
    if (ofType.length === 0) continue;
    const best = Math.max(...ofType.map((m) => m.weight));
    score.set(type, best * 10 + Math.min(ofType.length, 5));
  }
  let chosen: GapMatch['type'] = ORDER.find((t) => score.has(t))!;
  for (const type of ORDER) if ((score.get(type) ?? 0) > (score.get(chosen) ?? 0)) chosen = type;
  const match = matches
    .filter((m) => m.type === chosen)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)[0]!;
  const others = [...score.keys()].filter((t) => t !== chosen);
  const also = others.length > 0 ? `; also mentions ${others.join(', ')}` : '';
  return {
    gapType: chosen,
    reason: `${match.label}: "${shorten(match.text)}"${also}`,
    match,
    matches,
    gapShaped: true,
  };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}
