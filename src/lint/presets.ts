/**
 * Severity resolution in one place (as remark-lint's unified-lint-rule does): preset first, then
 * category tags, then rule id or alias, the most specific setting winning.
 */
import { UserInputError } from '../errors.js';
import type { LintOptions, Rule, RuleTag, Severity, SeveritySetting } from './types.js';

export type PresetName = 'recommended' | 'strict';
export const PRESETS: readonly PresetName[] = ['recommended', 'strict'];
export const TAGS: readonly RuleTag[] = ['structure', 'fields', 'timeline', 'impact', 'root-cause', 'action-items', 'tone', 'hygiene'];
const SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

export function inPreset(rule: Rule, preset: PresetName): boolean {
  if (rule.optIn) return false;
  return preset === 'strict' || rule.recommended;
}

/** The effective setting per rule id; `undefined` severity in the map means "the rule's own per-finding severity". */
export interface ResolvedRule {
  rule: Rule;
  /** Explicit override; when absent the finding's severity (or the rule default) applies. */
  override?: Severity;
  enabled: boolean;
}

export function findRule(rules: readonly Rule[], key: string): Rule | undefined {
  const k = key.trim().toLowerCase();
  return rules.find((r) => r.id.toLowerCase() === k || r.alias === k);
}

export function resolveRules(rules: readonly Rule[], options: LintOptions = {}): ResolvedRule[] {
  const preset = options.preset ?? 'recommended';
  if (!PRESETS.includes(preset)) {
    throw new UserInputError(`Unknown preset "${String(preset)}"; use "recommended" or "strict".`, { field: 'preset' });
  }
  const byTag = new Map<string, SeveritySetting>();
  const byRule = new Map<string, SeveritySetting>();
  for (const [key, value] of Object.entries(options.rules ?? {})) {
    if (!SETTINGS.includes(value)) {
      throw new UserInputError(`Rule setting "${key}" is "${String(value)}"; use off, info, warning or error.`, { field: `rules.${key}` });
    }
    const rule = findRule(rules, key);
    if (rule) byRule.set(rule.id, value);
    else if ((TAGS as readonly string[]).includes(key.toLowerCase())) byTag.set(key.toLowerCase(), value);
    else throw new UserInputError(`Unknown rule "${key}" in rules; use a rule id (PM401), an alias (root-cause-human-error) or a category tag.`, { field: `rules.${key}` });
  }
  return rules.map((rule) => {
    let setting: SeveritySetting | undefined = byRule.get(rule.id);
    if (setting === undefined) for (const tag of rule.tags) if (byTag.has(tag)) setting = byTag.get(tag);
    if (setting === 'off') return { rule, enabled: false };
    if (setting !== undefined) return { rule, enabled: true, override: setting };
    return { rule, enabled: inPreset(rule, preset) };
  });
}
