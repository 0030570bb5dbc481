import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Finding } from './findings.js';

/**
 * The runtime image gets `npm ci --omit=dev`, so every package that compiled code imports at run
 * time must be a production dependency. tsc and the tests cannot see this (devDependencies are
 * installed there); only a container start would. Type-only imports are erased and exempt.
 */
const IMPORT_PATTERNS = [
  /^\s*import\s+(?!type\s)[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /^\s*export\s+(?!type\s)[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

const BUILTINS = new Set(builtinModules);

export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.startsWith('#')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) ? undefined : name;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !/\.(test|spec)\.[mc]?[tj]s$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

export function runtimeImports(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const re of IMPORT_PATTERNS) for (const m of withoutComments.matchAll(re)) found.add(m[1]!);
  return [...found];
}

export function checkRuntimeDependencies(srcDir: string, packageJson: string): Finding[] {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const production = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const findings: Finding[] = [];
  for (const file of sourceFiles(srcDir)) {
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      const name = packageOf(specifier);
      if (name && !production.has(name)) {
        findings.push({
          check: 'runtime-deps',
          where: path.relative(path.dirname(packageJson), file),
          message: `imports "${specifier}" at run time, but ${name} is not in package.json "dependencies" (the image installs only those)`,
        });
      }
    }
  }
  return findings;
}
