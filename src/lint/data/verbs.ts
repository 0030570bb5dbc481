/**
 * Imperative verbs an action item may start with (PM502). Vague verbs (PM503) are verbs too and are
 * listed here, so "Improve X" is reported as vague rather than as not imperative.
 */
const VERBS = `add adjust alert align allow analyse analyze annotate apply archive assign audit automate backfill backport block bound build bump cache cap capture
change check clean cleanup clarify close codify collect combine configure confirm connect consolidate containerize convert copy correct create cut deduplicate dedupe
define delete deploy deprecate describe detect disable document downgrade drain drop emit enable encrypt enforce escalate establish expand expire export expose extend extract
fail fence fix flag force fork freeze gate generate grant group handle harden hide host implement import increase index inject install instrument integrate introduce isolate
keep label limit link list load lock log lower make map mark measure merge migrate mirror monitor move notify offload page partition patch pause pin plan poll populate port
precompute prefetch prevent prioritize prioritise probe promote protect provision prune publish purge push put queue raise rate-limit re-enable rebalance rebuild record
redact reduce refactor refresh register reject release relocate remove rename render reorder replace replicate report require reroute reserve reset resize restore restrict
retain retire retry return revert revoke rewrite roll rotate route run sandbox scale schedule scope script seal separate serve set shard shorten sign simplify snapshot
split stage standardise standardize start stop store stream strip subscribe switch sync tag tighten time-box timebox track trace train transfer translate trigger trim
turn unblock unify uninstall unpin update upgrade upload use validate verify version wire wrap write
improve investigate look consider review explore ensure try communicate think discuss evaluate assess revisit work optimize optimise enhance strengthen follow address
be remind educate tell ask encourage double-check share hold announce organize organise conduct run schedule pair draft publish sunset decommission reconfigure backup
provide give expand shrink mandate forbid prohibit allowlist denylist whitelist blacklist cover exercise rehearse drill practise practice extend benchmark load-test test
onboard offboard recover reindex reship resend replay repair rerun reprocess reprovision resync retest reword
adopt append attach autoscale auto-scale avoid bake batch bind bootstrap cancel centralise centralize chunk compress compute constrain contact coordinate debounce decouple
delay deliver deny derive design destroy detach determine develop distribute divide double downscale dump duplicate elevate eliminate email embed empty enqueue evict exclude
exempt fetch fill filter finalise finalize finish flush format gather get hand hash hook identify include inform initialise initialize insert inspect invalidate invoke join kill
land launch lint listen localise localize mask match maintain minimise minimize mock model modify mount mute name narrow normalise normalize obtain open order own parallelise
parallelize parameterise parameterize parse pass persist pick pipe prepare preserve print process profile propagate propose quarantine query read recalculate receive recreate
regenerate relax remediate renew reorganise reorganize repartition request resolve respond restart restructure resume reuse revise right-size rightsize save scan search secure
seed select send shift show shut silence size skip slow sort specify spin spread squash stabilise stabilize stub submit summarise summarize supervise support suppress surface
swap take teach terminate throttle tie toggle transition tune undo unset unwind upscale wait warm watch widen yield zero bring ping feed speed proceed ring comment augment
segment experiment advance balance sequence reference structure showcase sanitise sanitize de-duplicate debug deny-list allow-list reconcile reprioritise reprioritize rehome
rollback roll-back canary contain escalate acknowledge ack page pre-warm prewarm preload pre-provision alarm`;

export const IMPERATIVE_VERBS: ReadonlySet<string> = new Set(VERBS.split(/\s+/).filter(Boolean));

/** Words that open a statement rather than a command: "We will add", "Should be added", "The team". */
export const NON_IMPERATIVE_OPENERS: ReadonlySet<string> = new Set([
  'we', 'i', 'you', 'they', 'he', 'she', 'it', 'someone', 'somebody', 'everyone', 'team', 'teams', 'will', 'should', 'must', 'need', 'needs', 'to', "let's", 'lets', 'please', 'maybe', 'possibly',
  'hopefully', 'could', 'would', 'might', 'shall', 'can', 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'their', 'its', 'my', 'all', 'any', 'each', 'every', 'more', 'better',
  'new', 'some', 'no', 'there', 'going', 'planned', 'ideally', 'also',
]);

/** Modal chains stripped to reach the verb: "We will add X" -> "add X". */
export const MODAL_CHAINS: readonly string[] = [
  'we will need to', 'we need to', 'we should', 'we will', "we'll", 'we must', 'we have to', 'we plan to', 'we are going to', "we're going to", 'we want to', 'we would like to', 'we can',
  'the team will', 'the team should', 'team will', 'team should', 'someone should', 'we', 'need to', 'needs to', 'will', 'should', 'must', 'to', "let's", 'lets', 'please', 'plan to', 'going to',
];
