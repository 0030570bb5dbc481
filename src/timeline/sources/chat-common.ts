/** Shared by the chat sources and pasted transcripts: phase hints from wording, bot relays of alerts. */
import { makeEvent } from '../event.js';
import type { Category, KeyMoment, Precision, Severity, TimelineEvent, TsSource } from '../types.js';

const HINTS: Array<[KeyMoment, RegExp]> = [
  ['rootCauseIdentified', /\b(root cause|found it|found the (?:issue|problem|cause)|because|caused by|the cause|culprit|turns out)\b/i],
  ['mitigation', /\b(roll(?:ed|ing)?[ -]?back|revert(?:ed|ing)?|restart(?:ed|ing)?|failover|failed over|scal(?:ed|ing) (?:up|out|down)|drain(?:ed|ing)|hotfix|mitigat\w*|disabled? the|feature flag|redeploy\w*)\b/i],
  ['resolved', /\b(resolved|all clear|incident (?:is )?(?:over|closed)|closing (?:the )?incident|fully recovered)\b/i],
  ['restored', /\b(back up|recovered|is back|working again|error rate (?:is )?(?:back|down)|looks? (?:good|healthy)|back to normal|stable now)\b/i],
  ['investigation', /\b(looking|investigat\w*|on it|checking|ack(?:ed|nowledged)?|i'?ll take|digging|taking a look)\b/i],
  ['firstSymptom', /\b(5\d\d(?:ing|s)?|down|outage|errors?|failing|timeouts?|timing out|slow|latency|broken|can'?t|cannot|unreachable|crash\w*)\b/i],
];

export function chatHints(text: string): KeyMoment[] {
  return HINTS.filter(([, re]) => re.test(text)).map(([k]) => k);
}

const RELAY = /\[(FIRING|RESOLVED)(?::\d+)?\]\s*([A-Za-z_:][A-Za-z0-9_:]*)/;
const BOT_NAME = /(bot|alertmanager|grafana|prometheus|pagerduty|opsgenie|woodpecker|ci|webhook)\b/i;

export interface ChatInit {
  system: string;
  nativeId?: string;
  ref: string;
  url?: string;
  tsNs: bigint;
  precision: Precision;
  tsSource?: TsSource;
  author: string;
  text: string;
  bot?: boolean;
  channel?: string;
}

export function chatEvent(init: ChatInit): TimelineEvent {
  const text = init.text.trim();
  const bot = init.bot ?? BOT_NAME.test(init.author);
  const relay = RELAY.exec(text);
  let category: Category = bot ? 'bot' : 'human';
  let severity: Severity = 'info';
  let hints = bot ? [] : chatHints(text);
  let labels: Record<string, string> | undefined;
  if (relay) {
    labels = { alertname: relay[2]! };
    if (relay[1] === 'FIRING') {
      category = 'alert_firing';
      severity = 'warning';
      hints = ['detection'];
    } else {
      category = 'alert_resolved';
      hints = ['restored'];
    }
  }
  const firstLine = text.split('\n')[0] ?? '';
  return makeEvent({
    system: init.system,
    kind: 'chat',
    ref: init.ref,
    url: init.url,
    nativeId: init.nativeId,
    tsNs: init.tsNs,
    precision: init.precision,
    tsSource: init.tsSource ?? 'source',
    severity,
    category,
    title: `${init.author}: ${firstLine}`,
    body: text.includes('\n') || text.length > 150 ? text : undefined,
    actor: init.author,
    labels,
    phaseHints: hints,
  });
}
