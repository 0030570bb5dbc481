import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Pattern {
  regex: RegExp;
  exclusion: boolean;
}

/** Docker's patternmatcher: `**` spans directories, `*` and `?` stay within one, `!` re-includes, the last match wins. */
function compile(raw: string): Pattern | undefined {
  let pattern = raw.trim();
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  const exclusion = pattern.startsWith('!');
  if (exclusion) pattern = pattern.slice(1).trim();
  pattern = path.posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]!}`;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += pattern.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      }
    } else re += c.replace(/[.+^${}()|]/g, '\\$&');
  }
  return { regex: new RegExp(`^${re}$`), exclusion };
}

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(text: string) {
    this.patterns = text.split(/\r?\n/).map(compile).filter((p): p is Pattern => p !== undefined);
  }

  static load(contextDir: string): DockerIgnore {
    const file = path.join(contextDir, '.dockerignore');
    return new DockerIgnore(existsSync(file) ? readFileSync(file, 'utf8') : '');
  }

  /** Whether a context-relative path is left out of the build context (a path or any of its parents). */
  excludes(relative: string): boolean {
    const clean = path.posix.normalize(relative.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (clean === '.' || clean === '') return false;
    const parts = clean.split('/');
    let excluded = false;
    for (const p of this.patterns) {
      // A pattern matching a parent directory covers everything below it.
      let matched = false;
      for (let n = parts.length; n >= 1 && !matched; n--) matched = p.regex.test(parts.slice(0, n).join('/'));
      if (matched) excluded = !p.exclusion;
    }
    return excluded;
  }

  get size(): number {
    return this.patterns.length;
  }
}
