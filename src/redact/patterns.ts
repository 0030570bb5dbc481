/**
 * Known secret formats (PM702), ported in spirit from secretlint's preset-recommend (MIT) and the
 * vendors' published token formats. Every pattern is built to run in linear time on hostile input:
 * each starts with a negative lookbehind over its own body's character class, so a run of token-like
 * characters has only one candidate start, and the body has no nested or overlapping quantifiers.
 * Order matters: when two patterns overlap, the one listed first wins (sk-ant- before sk-).
 */

export interface SecretPattern {
  kind: string;
  label: string;
  regex: RegExp;
  /** Capture group holding the value to mask; 0 = whole match. */
  group?: number;
  /** Extra check on the masked value, to keep look-alike words out. */
  validate?: (value: string) => boolean;
  /** Lower-case substrings one of which every match contains: the regex is skipped when none occurs. */
  hints: string[];
}

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Random-looking: digits and letters mixed, not a kebab-case name like `sk-payments-gateway-prod`. */
export function looksRandom(value: string, minEntropy = 3): boolean {
  const digits = /[0-9]/.test(value);
  const upper = /[A-Z]/.test(value);
  const lower = /[a-z]/.test(value);
  const classes = Number(digits) + Number(upper) + Number(lower);
  if (classes < 2) return false;
  // Long words joined by dashes are names, not keys.
  if (/^(?:[a-z]+-)+[a-z]+$/i.test(value)) return false;
  return shannonEntropy(value) >= minEntropy;
}

/** Values that stand for a secret without being one. */
export const PLACEHOLDER_VALUE =
  /^(?:<[^>]*>?|\[[^\]]*\]?|\{\{[^}]*\}?\}?|\$\{[^}]*\}?|\$\(.*\)|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\*+|•+|x{3,}\w*|X{3,}\w*|\.{3,}|…|redacted|\[?redacted\]?|masked|hidden|removed|omitted|secret|changeme|change[_-]?me|example\w*|sample\w*|dummy\w*|placeholder|your[_-]?\w*|my[_-]?\w*|insert[_-]?\w*|replace[_-]?\w*|none|null|nil|undefined|true|false|todo|tbd|test|testing|password\d?|passw0rd|secret\w*|token|value|string|env\.\w+|process\.env\.\w+|secrets\.\w+|vault:.*|ref\+.*|(?:\.{0,2}\/|~\/)\S*)$/i;

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    kind: 'private-key', hints: ['private key'],
    label: 'private key block',
    regex: /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { kind: 'aws-access-key', hints: ['akia', 'asia', 'abia', 'acca', 'a3t'], label: 'AWS access key id', regex: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g },
  {
    kind: 'aws-secret-key', hints: ['aws'],
    label: 'AWS secret access key',
    regex: /(?<![A-Za-z0-9_])aws_?(?:secret|sec)_?(?:access_?)?key["']?[ \t]{0,8}[:=][ \t]{0,8}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  { kind: 'github-token', hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], label: 'GitHub token', regex: /(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36,255}(?![A-Za-z0-9_])/g },
  { kind: 'github-pat', hints: ['github_pat_'], label: 'GitHub fine-grained token', regex: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])/g },
  { kind: 'gitlab-token', hints: ['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glcbt-', 'glimt-', 'gloas-'], label: 'GitLab token', regex: /(?<![A-Za-z0-9_-])(?:glpat|glptt|glrt|gldt|glcbt|glimt|gloas)-[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])/g },
  { kind: 'slack-token', hints: ['xox'], label: 'Slack token', regex: /(?<![A-Za-z0-9-])xox[abposre]-[A-Za-z0-9-]{10,255}(?![A-Za-z0-9-])/g, validate: (v) => /[0-9]/.test(v) },
  { kind: 'slack-app-token', hints: ['xapp-'], label: 'Slack app token', regex: /(?<![A-Za-z0-9-])xapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-f0-9]{32,}/g },
  {
    kind: 'slack-webhook', hints: ['hooks.slack.com'],
    label: 'Slack webhook URL',
    regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{1,64}\/[A-Za-z0-9_]{1,64}\/[A-Za-z0-9_]{8,128}/g,
  },
  { kind: 'discord-webhook', hints: ['/api/webhooks/'], label: 'Discord webhook URL', regex: /https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{20,128}/g },
  { kind: 'stripe-key', hints: ['_live_', '_test_'], label: 'Stripe secret key', regex: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9])/g },
  { kind: 'anthropic-key', hints: ['sk-ant-'], label: 'Anthropic API key', regex: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])/g },
  {
    kind: 'openai-key', hints: ['sk-'],
    label: 'OpenAI API key',
    regex: /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])/g,
    // Real keys are long runs without dashes; kebab-case names (`sk-payments-gateway-prod`) are not keys.
    validate: (v) => looksRandom(v.slice(3)) || /^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_]{32,}$/.test(v),
  },
  { kind: 'npm-token', hints: ['npm_'], label: 'npm token', regex: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: 'pypi-token', hints: ['pypi-'], label: 'PyPI token', regex: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,255}/g },
  { kind: 'google-api-key', hints: ['aiza'], label: 'Google API key', regex: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'sendgrid-key', hints: ['sg.'], label: 'SendGrid API key', regex: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { kind: 'shopify-token', hints: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], label: 'Shopify token', regex: /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/g },
  { kind: 'huggingface-token', hints: ['hf_'], label: 'Hugging Face token', regex: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9])/g },
  { kind: 'docker-pat', hints: ['dckr_pat_'], label: 'Docker Hub token', regex: /(?<![A-Za-z0-9_])dckr_pat_[A-Za-z0-9_-]{27,64}(?![A-Za-z0-9_-])/g },
  { kind: 'grafana-token', hints: ['glsa_', 'glc_'], label: 'Grafana token', regex: /(?<![A-Za-z0-9_])(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=_])/g },
  { kind: 'vault-token', hints: ['hvs.', 'hvb.', 'hvr.'], label: 'Vault/OpenBao token', regex: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24,255}(?![A-Za-z0-9_-])/g, validate: (v) => looksRandom(v.slice(4)) },
  { kind: 'digitalocean-token', hints: ['doo_v1_', 'dop_v1_', 'dor_v1_'], label: 'DigitalOcean token', regex: /(?<![A-Za-z0-9_])do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])/g },
  { kind: 'vault-legacy-token', hints: ['s.'], label: 'Vault/OpenBao token', regex: /(?<![A-Za-z0-9_.-])s\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])/g, validate: (v) => looksRandom(v.slice(2), 3.5) },
  { kind: 'matrix-token', hints: ['syt_'], label: 'Matrix access token', regex: /(?<![A-Za-z0-9_])syt_[A-Za-z0-9]{2,64}_[A-Za-z0-9]{10,64}_[A-Za-z0-9]{4,16}(?![A-Za-z0-9_])/g },
  { kind: 'telegram-bot-token', hints: [':aa'], label: 'Telegram bot token', regex: /(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g },
  { kind: 'age-secret-key', hints: ['age-secret-key-'], label: 'age secret key', regex: /AGE-SECRET-KEY-1[0-9A-Z]{58}/g },
  { kind: 'tailscale-key', hints: ['tskey-'], label: 'Tailscale key', regex: /(?<![A-Za-z0-9_-])tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,64}-[A-Za-z0-9]{16,128}(?![A-Za-z0-9_-])/g },
  {
    kind: 'jwt', hints: ['eyj'],
    label: 'JSON Web Token',
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'authorization-header', hints: ['authorization'],
    label: 'Authorization header',
    // BookStack sends `Authorization: Token <id>:<secret>`; Basic carries base64 of user:pass.
    regex: /(?<![A-Za-z0-9_-])(?:Proxy-)?Authorization["']?[ \t]{0,8}[:=][ \t]{0,8}["']?(?:Bearer|Basic|Token|Digest|Bot|token|bearer|basic)[ \t]{1,8}([A-Za-z0-9._~+/:=-]{8,4096})/gi,
    group: 1,
    validate: (v) => !PLACEHOLDER_VALUE.test(v) && !/^\$/.test(v),
  },
  {
    kind: 'bearer-token', hints: ['bearer'],
    label: 'bearer token',
    regex: /(?<![A-Za-z0-9_-])Bearer[ \t]{1,8}([A-Za-z0-9._~+/=-]{20,4096})(?![A-Za-z0-9._~+/=-])/g,
    group: 1,
    validate: (v) => looksRandom(v, 3.5),
  },
  {
    kind: 'url-password', hints: ['://'],
    label: 'password in a URL',
    regex: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/@'"`<>]{0,256}:([^\s:/@'"`<>]{1,256})@/g,
    group: 1,
    validate: (v) => !PLACEHOLDER_VALUE.test(v) && !/^(?:pass(?:word)?|pwd|secret|user|\*+)$/i.test(v),
  },
];

/**
 * Credential assignments (PM703): a key whose last word names a credential, then `=` or `:`, then a
 * value. The key is matched as a whole identifier and classified in code, which keeps the regex simple
 * and linear (`DB_PASSWORD`, `clientSecret`, `api-key` match; `token_count`, `password_policy` do not).
 */
export const ASSIGNMENT =
  /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})["']?[ \t]{0,8}(?::=|=>|[:=])[ \t]{0,8}(["'`]?)([^\s"'`,;]{8,512})/g;

/** Cheap pre-check: some credential word followed (closely) by an assignment sign. */
export const ASSIGNMENT_HINT = /(?:pass|pwd|secret|token|key|credential)[\w."'-]{0,64}[ \t]{0,8}[:=]/i;

const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credentials', 'credential']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'client', 'auth', 'license']);

/** Words of an identifier: `DB_PASSWORD` -> [db, password]; `clientSecret` -> [client, secret]. */
export function identifierWords(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True when the identifier ends in a credential word (`password`, `token`, `api_key`, `secretKey`). */
export function isCredentialKey(identifier: string): boolean {
  const words = identifierWords(identifier);
  const last = words[words.length - 1];
  if (!last) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  if (last === 'key' || last === 'pass') {
    const prev = words[words.length - 2];
    return prev !== undefined && KEY_QUALIFIERS.has(prev);
  }
  return false;
}

/**
 * Whether an assigned value looks like a real credential. Short strings cannot reach 3.5 bits/char
 * (log2(11) is 3.46), so the threshold scales with length and tops out at the catalogue's 3.5.
 */
export function looksLikeCredentialValue(value: string): boolean {
  if (value.length < 8) return false;
  if (PLACEHOLDER_VALUE.test(value)) return false;
  if (/^[a-z]+$/.test(value) || /^[A-Z_]+$/.test(value)) return false; // a word or an env var name
  if (/^\d+$/.test(value)) return false; // a number (ttl, port, count)
  if (/^[a-z]+(?:[-_][a-z]+)+$/.test(value)) return false; // kebab/snake names: secret-name references
  if (/^\{\{|^\$\{\{|\}\}$/.test(value)) return false; // templating
  if (/^(?:https?|file):\/\//i.test(value)) return false; // a URL, checked by url-password
  const threshold = Math.min(3.5, 0.85 * Math.log2(value.length));
  return shannonEntropy(value) >= threshold;
}
