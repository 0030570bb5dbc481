/**
 * Person-as-cause detection: a role, a personal name, an @handle or a pronoun as the acting subject
 * of an action verb ("Søren ran the migration", "the operator deleted the namespace"), or as the
 * agent of a passive ("was deployed by Zhang Wei"). A role in a fact ("the on-call engineer was
 * paged at 14:05") is not a cause: only the action verbs of src/lint/data/phrases.ts count.
 * There is no Authors list here, so names are recognised by shape (capitalised words, CJK runs)
 * minus sentence-initial function words, well-known tools and common nouns.
 */
import { COMMON_FIRST_NAMES } from '../lint/data/names.js';
import { ACTION_VERBS, PERSON_ROLES } from '../lint/data/phrases.js';
import { normalizeApostrophes, proseOnly, splitClauses, splitSentences } from './language.js';

export type PersonKind = 'role' | 'name' | 'handle' | 'pronoun';

export interface PersonHit {
  kind: PersonKind;
  /** The role, name or handle as written. */
  who: string;
  /** The action verb as written (lower-cased), or the participle of a passive. */
  verb: string;
  /** What follows the verb in the clause ("the migration against production"). */
  rest: string;
  /** "X was deployed by <person>" rather than "<person> deployed X". */
  passive: boolean;
  index: number;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const WORD = /@?[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'._-]|:(?=\d))*/gu;

function words(text: string, offset: number): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].replace(/[._'-]+$/, '');
    out.push({ text: raw, lower: raw.toLowerCase(), start: offset + m.index, end: offset + m.index + raw.length });
  }
  return out;
}

const VERBS = new Set(ACTION_VERBS.map((v) => normalizeApostrophes(v).toLowerCase()));

const ROLE_WORDS: string[][] = [...new Set(PERSON_ROLES.map((r) => r.toLowerCase()))]
  .map((r) => r.split(/\s+/))
  .sort((a, b) => b.length - a.length);

const PRONOUNS = new Set(['he', 'she', 'they']);

/** Verbs that read as a state, not an action, after "did not" ("did not have access"). */
const STATE_AFTER_DID = new Set(['have', 'know', 'receive', 'get', 'hear', 'own']);

const ADVERBS = new Set([
  'then', 'also', 'again', 'still', 'already', 'just', 'had', 'has', 'have', 'never', 'once', 'later', 'first', 'subsequently',
  'not', 'accidentally', 'manually', 'mistakenly', 'inadvertently', 'unknowingly', 'unintentionally', 'quickly', 'immediately',
]);

const CONNECTORS = new Set([
  'and', 'but', 'so', 'then', 'later', 'afterwards', 'next', 'because', 'since', 'while', 'when', 'after', 'before', 'until',
  'once', 'as', 'also', 'finally', 'eventually', 'meanwhile', 'however', 'therefore', 'thus', 'instead', 'which', 'where',
  'today', 'yesterday', 'earlier', 'that', 'if', 'only', 'even',
]);

const DETERMINERS = new Set(['the', 'a', 'an', 'our', 'one', 'another', 'that', 'this', 'their', 'its', 'his', 'her', 'some', 'every', 'each', 'no']);

/** Words that cannot sit between a determiner and a role ("the alert paged the engineer" is not a subject). */
const NOT_MODIFIER = new Set([
  ...VERBS, 'was', 'were', 'is', 'are', 'be', 'been', 'being', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'by', 'for',
  'from', 'with', 'paged', 'alerted', 'notified', 'called', 'told', 'asked', 'the', 'a', 'an',
]);

/** Software that carries a role's name: "the Postgres operator", "the deploy user". */
const SOFTWARE_ROLES = new Set(['operator', 'user', 'admin', 'agent', 'manager']);

const SENTENCE_WORDS = new Set(
  `the a an this that these those it its we our us they their he she his her i me you your there here nobody noone someone
  somebody everyone everybody nothing something everything anyone anybody all some each every no none both either neither then
  later after before when while because since as at on in by for from to with without during once also finally eventually
  meanwhile however therefore thus instead monday tuesday wednesday thursday friday saturday sunday january february march april
  may june july august september october november december today yesterday tonight tomorrow utc cet cest gmt why what how who
  where which if but and or so yes not`
    .split(/\s+/)
    .filter(Boolean),
);

/** Tools and services that act as subjects in incident prose ("Renovate merged", "Kubernetes killed"). */
export const TOOL_NAMES = new Set(
  `kubernetes k8s k3s kubelet kubectl kustomize terraform opentofu tofu pulumi ansible puppet chef salt saltstack renovate dependabot
  jenkins woodpecker drone tekton buildkite circleci travis helm flux fluxcd argo argocd spinnaker docker podman buildah containerd
  cri-o postgres postgresql psql mysql mariadb sqlite mongo mongodb redis valkey memcached cassandra clickhouse elasticsearch
  opensearch kibana logstash fluentd fluentbit vector nginx traefik haproxy envoy istio linkerd caddy apache httpd vault openbao
  consul nomad grafana prometheus alertmanager loki tempo mimir thanos cortex victoriametrics kafka rabbitmq nats zookeeper etcd
  cron crond systemd journald rsyslog syslog certbot cloudflare route53 bind coredns unbound dnsmasq git github gitlab gitea
  forgejo harbor quay linux ubuntu debian alpine fedora centos rhel windows python node nodejs deno bun java golang rust ruby php perl
  bash zsh velero restic borg borgbackup longhorn ceph rook minio sentry pagerduty opsgenie slack matrix element mattermost discord
  teams jira confluence bookstack nextcloud proxmox vmware esxi aws azure gcp google amazon microsoft stripe twilio okta keycloak
  authentik ldap openldap samba zfs btrfs lvm nfs tailscale wireguard openvpn pihole unifi opnsense pfsense watchtower portainer
  rancher talos flatcar cilium calico flannel metallb letsencrypt acme hetzner ovh digitalocean linode vultr backblaze wasabi
  netlify vercel heroku fastly akamai cloudfront terraform-cloud atlantis sops kyverno gatekeeper falco trivy grype snyk sonarqube
  airflow dagster spark hadoop flink celery sidekiq resque gunicorn uwsgi puma tomcat jetty kestrel express django rails laravel
  spring hibernate liquibase flyway alembic prisma knex sequelize pgbouncer pgpool patroni stolon vitess proxysql orchestrator
  ingress-nginx external-dns cert-manager kube-proxy kube-scheduler kube-apiserver hpa vpa keda karpenter cluster-autoscaler`
    .split(/\s+/)
    .filter(Boolean),
);

/** Common nouns that start sentences in incident prose; a capitalised one is not a name. */
const COMMON_NOUNS = new Set(
  `backup deploy deployment pod node job cronjob alert user client traffic connection query write read build test retry worker
  replica service container certificate cert log metric probe update upgrade migration script automation request response error
  cache disk volume memory cpu database db cluster network dns proxy gateway pipeline release change config configuration rollout
  restart controller scheduler kernel system process thread task queue message event timer hook webhook trigger runner agent bot
  tool command api app application server host instance machine vm load balancer ingress storage table index schema row lock
  transaction replication primary secondary leader follower shard partition topic consumer producer batch file directory folder
  mount monitoring alerting logging paging page heartbeat rotation renewal expiry upstream downstream provider vendor dependency
  library package image registry tag branch commit merge patch hotfix fix rollback failover switchover cutover maintenance
  outage incident customer tenant account session token key secret policy rule limit quota threshold timeout latency load spike
  peak growth usage capacity pressure eviction oom crash panic exception bug regression feature flag toggle experiment canary
  staging production prod dev environment region zone datacenter site rack power cooling firmware driver hardware controller
  scan audit review approval check validation guard test suite lint health readiness liveness endpoint route record zone resolver
  renew cleanup garbage collection compaction vacuum snapshot restore sync replication`
    .split(/\s+/)
    .filter(Boolean),
);

const NAME_WORD = /^(?:Mc|Mac|\p{Lu}')?\p{Lu}[\p{Ll}\p{M}]+(?:['-]\p{Lu}?[\p{Ll}\p{M}]+)*$/u;
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Katakana}\p{Script=Hiragana}]{1,4}$/u;
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'den', 'di', 'la', 'le', 'bin', 'ibn', 'al']);

function singular(lower: string): string[] {
  const out = [lower];
  if (lower.endsWith('ies')) out.push(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('es')) out.push(lower.slice(0, -2));
  if (lower.endsWith('s')) out.push(lower.slice(0, -1));
  return out;
}

let lastText = '';
let lastWords = new Set<string>();

/** Lower-case words of a text, cached for the text being scanned (one answer at a time). */
function lowerWords(text: string): Set<string> {
  if (text !== lastText) {
    lastText = text;
    lastWords = new Set(text.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{N}]*/gu) ?? []);
  }
  return lastWords;
}

function lowerElsewhere(text: string, word: string): boolean {
  const lower = word.toLowerCase();
  if (lower === word) return false;
  return lowerWords(text).has(lower);
}

/** Could this capitalised word be part of a personal name (and not a tool, a noun or a function word)? */
export function nameLike(word: string, fullText: string): boolean {
  if (CJK_NAME.test(word)) return true;
  if (!NAME_WORD.test(word)) return false;
  const lower = word.toLowerCase();
  if (SENTENCE_WORDS.has(lower) || TOOL_NAMES.has(lower)) return false;
  if (singular(lower).some((s) => COMMON_NOUNS.has(s) || TOOL_NAMES.has(s))) return false;
  if (VERBS.has(lower)) return false;
  // Gerunds and abstract nouns ("Unsealing", "Replication") start sentences; names rarely end so.
  if (lower.length > 5 && /(?:ing|tion|sion|ment|ness|ity|ance|ence|ship|ism|ure|age|ery|ics|ings|ers|ors)$/.test(lower)) return false;
  if (ROLE_WORDS.some((r) => r.length === 1 && singular(lower).includes(r[0]!))) return false;
  return !lowerElsewhere(fullText, word);
}

interface Subject {
  kind: PersonKind;
  who: string;
  /** Index of the first word after the subject. */
  next: number;
  start: number;
}

function matchRole(ws: Word[], at: number): { len: number } | undefined {
  for (const role of ROLE_WORDS) {
    if (at + role.length > ws.length) continue;
    let ok = true;
    for (let k = 0; k < role.length; k += 1) {
      const w = ws[at + k]!.lower;
      const want = role[k]!;
      const last = k === role.length - 1;
      if (!(w === want || (last && (w === `${want}s` || w === `${want}es`)))) {
        ok = false;
        break;
      }
    }
    if (ok) return { len: role.length };
  }
  return undefined;
}

/** A person subject starting at word `i` (after connectors), if there is one. */
function subjectAt(ws: Word[], i: number, fullText: string, sentenceStart: boolean): Subject | undefined {
  const first = ws[i];
  if (!first) return undefined;
  if (first.text.startsWith('@') && first.text.length > 1) return { kind: 'handle', who: first.text, next: i + 1, start: first.start };
  if (PRONOUNS.has(first.lower)) {
    if (first.lower === 'they' && !sentenceStart) return undefined;
    return { kind: 'pronoun', who: first.text, next: i + 1, start: first.start };
  }
  // Role: optional determiner, up to two modifiers, then a role from PERSON_ROLES.
  let j = i;
  if (DETERMINERS.has(first.lower)) j += 1;
  for (let mods = 0; mods <= 2 && j + mods < ws.length; mods += 1) {
    const modifiers = ws.slice(j, j + mods);
    if (modifiers.some((m) => NOT_MODIFIER.has(m.lower))) break;
    const role = matchRole(ws, j + mods);
    if (!role) continue;
    const roleWords = ws.slice(j + mods, j + mods + role.len);
    const head = roleWords[roleWords.length - 1]!.lower.replace(/e?s$/, '');
    if (PRONOUNS.has(roleWords[0]!.lower) && j !== i) break;
    if (
      SOFTWARE_ROLES.has(head) &&
      modifiers.some((m) => TOOL_NAMES.has(m.lower) || COMMON_NOUNS.has(m.lower) || (m.text !== m.lower && m.start !== first.start))
    ) {
      return undefined;
    }
    if (roleWords[0]!.lower === 'they' && !sentenceStart) return undefined;
    let next = j + mods + role.len;
    // "the engineer on call", "the admin on duty"
    const a = ws[next]?.lower;
    const b = ws[next + 1]?.lower;
    if ((a === 'on' && (b === 'call' || b === 'duty')) || (a === 'in' && b === 'charge')) next += 2;
    return { kind: 'role', who: ws.slice(i, j + mods + role.len).map((w) => w.text).join(' '), next, start: first.start };
  }
  // Personal name: one to three name-like words (particles allowed inside), or a CJK run.
  let k = i;
  const parts: Word[] = [];
  while (k < ws.length && parts.length < 4) {
    const w = ws[k]!;
    if (parts.length > 0 && NAME_PARTICLES.has(w.lower) && ws[k + 1] && NAME_WORD.test(ws[k + 1]!.text)) {
      parts.push(w);
      k += 1;
      continue;
    }
    if (!(NAME_WORD.test(w.text) || CJK_NAME.test(w.text))) break;
    parts.push(w);
    k += 1;
  }
  if (parts.length === 0) return undefined;
  const real = parts.filter((p) => !NAME_PARTICLES.has(p.lower));
  if (!nameLike(real[0]!.text, fullText)) return undefined;
  // Later words of a multi-word name may be anything capitalised except tools ("Zhang Wei", "José María").
  if (real.slice(1).some((p) => TOOL_NAMES.has(p.lower))) return undefined;
  return { kind: 'name', who: parts.map((p) => p.text).join(' '), next: k, start: first.start };
}

function skipConnectors(ws: Word[], i: number): number {
  let j = i;
  for (;;) {
    const w = ws[j];
    if (!w) return j;
    if (CONNECTORS.has(w.lower)) {
      j += 1;
      continue;
    }
    // "At 14:05 UTC", "around 02:10", "on 2026-11-30"
    if (['at', 'around', 'about', 'by', 'on', 'shortly'].includes(w.lower) && ws[j + 1] && /^\d/.test(ws[j + 1]!.text)) {
      j += 2;
      if (ws[j] && /^(?:utc|z|gmt|cet|cest|am|pm)$/i.test(ws[j]!.text)) j += 1;
      continue;
    }
    if (/^\d{1,2}[:.]\d{2}/.test(w.text)) {
      j += 1;
      continue;
    }
    return j;
  }
}

/** Adverbs and auxiliaries, then an action verb; returns the verb's word index. */
function actionVerbAt(ws: Word[], i: number): number | undefined {
  let j = i;
  let skipped = 0;
  while (j < ws.length && skipped < 3 && (ADVERBS.has(ws[j]!.lower) || /^\p{Ll}+ly$/u.test(ws[j]!.text)) && !VERBS.has(ws[j]!.lower)) {
    j += 1;
    skipped += 1;
  }
  const w = ws[j];
  if (!w || !VERBS.has(w.lower)) return undefined;
  const after = ws[j + 1]?.lower;
  const after2 = ws[j + 2]?.lower;
  if (w.lower === 'did' || w.lower === "didn't") {
    const target = after === 'not' ? after2 : after;
    if (target && STATE_AFTER_DID.has(target)) return undefined;
  }
  if ((w.lower === 'ran' || w.lower === 'run' || w.lower === 'runs') && after === 'out') return undefined;
  if (w.lower === 'failed' && (after === 'over' || after === 'back')) return undefined;
  return j;
}

function restOf(clause: string, clauseStart: number, ws: Word[], verbIndex: number): string {
  const next = ws[verbIndex + 1];
  if (!next) return '';
  return clause.slice(next.start - clauseStart).trim().replace(/[.!?]+$/, '');
}

const PASSIVE_PARTICIPLES = new Set([
  ...[...VERBS].filter((v) => v.endsWith('ed')),
  'run', 'made', 'done', 'written', 'overwritten', 'broken', 'chosen', 'shipped', 'typed', 'entered',
]);

/** Every person-as-cause in `text`, in order. */
export function findPersonCauses(text: string): PersonHit[] {
  const prose = proseOnly(normalizeApostrophes(text));
  const hits: PersonHit[] = [];
  for (const sentence of splitSentences(prose)) {
    for (const clause of splitClauses(sentence)) {
      const ws = words(clause.text, clause.start);
      const i = skipConnectors(ws, 0);
      const subject = subjectAt(ws, i, prose, clause.sentenceStart && i === 0 ? true : clause.sentenceStart);
      if (subject) {
        const v = actionVerbAt(ws, subject.next);
        if (v !== undefined) {
          hits.push({
            kind: subject.kind,
            who: subject.who,
            verb: ws[v]!.lower,
            rest: restOf(clause.text, clause.start, ws, v),
            passive: false,
            index: subject.start,
          });
          continue;
        }
      }
      // Passive with a person as agent: "was deployed by Zhang Wei", "approved by @soren".
      for (let b = 1; b < ws.length - 1; b += 1) {
        if (ws[b]!.lower !== 'by' || !PASSIVE_PARTICIPLES.has(ws[b - 1]!.lower)) continue;
        const agent = subjectAt(ws, b + 1, prose, false);
        if (!agent || agent.kind === 'pronoun') continue;
        const before = ws.slice(0, b - 1);
        const subjectText = before.length > 0 ? clause.text.slice(0, before[before.length - 1]!.end - clause.start) : '';
        hits.push({
          kind: agent.kind,
          who: agent.who,
          verb: ws[b - 1]!.lower,
          rest: subjectText.replace(/\s+(?:was|were|got|been|is|are)$/i, '').trim(),
          passive: true,
          index: agent.start,
        });
        break;
      }
    }
  }
  return hits;
}

export interface NamedPerson {
  who: string;
  kind: 'name' | 'handle';
  index: number;
}

/** @handles anywhere, and names that open a clause ("Søren was paged"), whether or not they acted. */
export function findNamedPeople(text: string): NamedPerson[] {
  const prose = proseOnly(normalizeApostrophes(text));
  const out: NamedPerson[] = [];
  for (const m of prose.matchAll(/(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_][\p{L}\p{N}_.-]*/gu)) {
    out.push({ who: m[0].replace(/[.-]+$/, ''), kind: 'handle', index: m.index });
  }
  for (const sentence of splitSentences(prose)) {
    for (const clause of splitClauses(sentence)) {
      const ws = words(clause.text, clause.start);
      const i = skipConnectors(ws, 0);
      const subject = subjectAt(ws, i, prose, clause.sentenceStart);
      if (subject?.kind !== 'name') continue;
      // A lone sentence-initial word needs a verb after it to read as a name ("Søren was paged", not "Ingress"),
      // and, being capitalised anyway, also a name's look: a known first name, letters beyond ASCII, or two words.
      const nextWord = ws[subject.next]?.lower;
      const nextText = ws[subject.next]?.text ?? '';
      if (!nextWord || !/^\p{Ll}/u.test(nextText)) continue;
      const single = !subject.who.includes(' ');
      if (single && subject.start === sentence.start && !COMMON_FIRST_NAMES.has(subject.who) && !/[^\x00-\x7f]/.test(subject.who)) continue;
      out.push({ who: subject.who, kind: 'name', index: subject.start });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

export interface PersonOpener {
  kind: PersonKind;
  who: string;
  /** The clause after the subject ("was tired after a 14-hour shift"). */
  tail: string;
  index: number;
}

/** Person subjects that open a clause, whatever follows them. */
export function findPersonOpeners(text: string): PersonOpener[] {
  const prose = proseOnly(normalizeApostrophes(text));
  const out: PersonOpener[] = [];
  for (const sentence of splitSentences(prose)) {
    for (const clause of splitClauses(sentence)) {
      const ws = words(clause.text, clause.start);
      const subject = subjectAt(ws, skipConnectors(ws, 0), prose, clause.sentenceStart);
      const next = subject ? ws[subject.next] : undefined;
      if (!subject || !next) continue;
      out.push({ kind: subject.kind, who: subject.who, tail: clause.text.slice(next.start - clause.start), index: subject.start });
    }
  }
  return out;
}

const BLAME_STATES =
  /^(?:was|were|is|are|got|felt|seemed|had\s+been)\s+(?:(?:too|very|quite|so|a\s+bit)\s+)?(?:tired|exhausted|fatigued|distracted|rushed|careless|sloppy|lazy|inattentive|negligent|confused|stressed|in\s+a\s+hurry|not\s+careful|not\s+paying\s+attention|not\s+attentive|not\s+focused|unfocused|hasty)\b/i;

/** A person subject with a blaming state ("the engineer was tired", "Søren was in a hurry"). */
export function findPersonStates(text: string): PersonHit[] {
  return findPersonOpeners(text).flatMap((o) => {
    const m = BLAME_STATES.exec(o.tail);
    return m ? [{ kind: o.kind, who: o.who, verb: m[0].toLowerCase(), rest: '', passive: false, index: o.index }] : [];
  });
}
