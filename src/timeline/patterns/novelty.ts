import type { LogPattern } from './grouper.js';

const P = '<*>';

// Same event seen in a different window: templates generalise differently with different data (a
// user name constant in one window is `<*>` in the other), so positions with a wildcard on either
// side half agree, and most positions must agree.
function sameEvent(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0) return true;
  let agree = 0;
  let constantsEqual = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      agree++;
      if (a[i] !== P) constantsEqual++;
    } else if (a[i] === P || b[i] === P || globMatch(a[i] as string, b[i] as string) || globMatch(b[i] as string, a[i] as string)) {
      agree += 0.5;
    }
  }
  return constantsEqual > 0 ? agree / a.length >= 0.7 : a.every((t, i) => t === b[i]);
}

// `blk_<*>` against `blk_42`: a token with an embedded wildcard is a glob.
function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes(P)) return false;
  const parts = pattern.split(P);
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let pos = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = text.indexOf(parts[i] as string, pos);
    if (at === -1) return false;
    pos = at + (parts[i] as string).length;
  }
  return pos <= text.length - last.length;
}

// The generic miner's delimiters too, so `uid=<*>` lines up with `uid=0`.
const tokens = (template: string): string[] => template.split(/[\s=:]+/).filter((t) => t !== '');

/** Sets `novel` on every pattern: true when no baseline pattern of its partition is the same event. */
export function markNovelty(patterns: LogPattern[], baseline: LogPattern[]): void {
  // Only templates of one partition and one token count can be the same event.
  const known = new Map<string, string[][]>();
  for (const b of baseline) {
    const t = tokens(b.template);
    const key = `${b.partition}\u0000${t.length}`;
    const list = known.get(key);
    if (list) list.push(t);
    else known.set(key, [t]);
  }
  for (const p of patterns) {
    const t = tokens(p.template);
    const candidates = known.get(`${p.partition}\u0000${t.length}`) ?? [];
    p.novel = !candidates.some((k) => sameEvent(t, k));
  }
}
