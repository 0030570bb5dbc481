import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One policy or schema violation; `check` is a stable id the tests and fixtures refer to. */
export interface Finding {
  check: string;
  message: string;
  where?: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/deploy');

export function checksOf(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.check))].sort();
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.check}${f.where ? ` @ ${f.where}` : ''}: ${f.message}`).join('\n');
}

/** A fixture names the checks it must fail in a leading comment: `# expect: check-a, check-b`. */
export function expectedChecks(text: string): string[] {
  const match = /^\s*#\s*expect:\s*(.+)$/m.exec(text);
  if (!match) throw new Error('fixture has no "# expect: <check>" line');
  return match[1]!.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `repo:tag`, `repo@sha256:...`; a tag is pinned when it names an exact version, not a major or latest. */
export function parseImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function imagePinProblem(ref: string): string | undefined {
  if (ref.includes('$')) return `image "${ref}" uses a variable, so its pin cannot be verified`;
  const { tag, digest } = parseImageRef(ref);
  if (digest !== undefined) {
    return /^sha256:[0-9a-f]{64}$/.test(digest) ? undefined : `image "${ref}" has a malformed digest`;
  }
  if (tag === undefined) return `image "${ref}" has no tag (resolves to latest)`;
  if (/^(latest|stable|lts|current|main|master|edge|nightly)$/i.test(tag)) return `image "${ref}" uses the moving tag "${tag}"`;
  if (!/^v?\d+\.\d+\.\d+/.test(tag)) return `image "${ref}" tag "${tag}" is not an exact version (major.minor.patch)`;
  return undefined;
}
