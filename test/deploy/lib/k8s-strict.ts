import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, type Finding } from './findings.js';
import { describeDoc } from './k8s-schema.js';
import type { JsonObject } from './yaml-docs.js';

/**
 * kubeconform -strict, offline: every document becomes a typed constant over kubernetes-types 1.30
 * in an in-memory program, and every object-literal key is looked up on its contextual type with the
 * TypeScript checker. Plain tsc would stop at the first excess property of a literal (TS2353).
 * Wrong value types are left to kubernetes-models (checkSchemas); full diagnostics would double the time.
 */

const TYPES_MODULE: Record<string, string> = {
  v1: 'core/v1',
  'apps/v1': 'apps/v1',
  'batch/v1': 'batch/v1',
  'rbac.authorization.k8s.io/v1': 'rbac/v1',
  'networking.k8s.io/v1': 'networking/v1',
  'policy/v1': 'policy/v1',
};

const TYPES_ROOT = path.join(REPO_ROOT, 'node_modules/kubernetes-types');
const VIRTUAL = path.join(REPO_ROOT, '__k8s_documents__.ts');
const VIRTUAL_LIB = path.join(REPO_ROOT, '__k8s_lib__.d.ts');
// Just enough of a standard library for interface-only declarations; loading lib.es*.d.ts costs seconds.
const MINIMAL_LIB = `interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { length: number; readonly [n: number]: T; }
interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {} interface String {}
`;

export interface StrictInput {
  id: string;
  doc: JsonObject;
}

export function checkUnknownFields(inputs: StrictInput[]): Map<string, Finding[]> {
  const result = new Map<string, Finding[]>(inputs.map((i) => [i.id, []]));
  const lines: string[] = [];
  const declared: { id: string; name: string; doc: JsonObject }[] = [];
  inputs.forEach((input, n) => {
    const mod = TYPES_MODULE[String(input.doc.apiVersion)];
    // APIs outside the allowlist are reported by checkApiVersions; there is nothing to type them with.
    if (!mod) return;
    const typeFile = path.join(TYPES_ROOT, mod).replace(/\\/g, '/');
    const name = `doc${n}`;
    lines.push(`export const ${name}: import(${JSON.stringify(typeFile)}).${String(input.doc.kind).replace(/[^A-Za-z0-9]/g, '')} = ${JSON.stringify(input.doc)};`);
    declared.push({ id: input.id, name, doc: input.doc });
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noLib: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (path.resolve(fileName) === VIRTUAL) return ts.createSourceFile(fileName, source, languageVersion, true);
    if (path.resolve(fileName) === VIRTUAL_LIB) return ts.createSourceFile(fileName, MINIMAL_LIB, languageVersion, true);
    return getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => path.resolve(f) === VIRTUAL || path.resolve(f) === VIRTUAL_LIB || fileExists(f);
  const program = ts.createProgram({ rootNames: [VIRTUAL_LIB, VIRTUAL], options, host });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(VIRTUAL);
  if (!sf) throw new Error('in-memory manifest program has no source file');

  const byName = new Map(declared.map((d) => [d.name, d]));
  const hasProperty = (type: ts.Type, key: string): boolean => {
    const t = checker.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    const members = t.isUnion() ? t.types : [t];
    return members.some((m) => {
      if (m.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
      if (checker.getPropertyOfType(m, key)) return true;
      return checker.getIndexInfosOfType(m).length > 0;
    });
  };

  const walk = (node: ts.Node, trail: string[], out: Finding[], doc: JsonObject): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const type = checker.getContextualType(node);
      for (const prop of node.properties) {
        if (!ts.isPropertyAssignment(prop)) continue;
        const key = ts.isStringLiteral(prop.name) || ts.isIdentifier(prop.name) ? prop.name.text : prop.name.getText(sf);
        if (!type) {
          out.push({ check: 'unknown-field', where: describeDoc(doc), message: `${[...trail, key].join('.')}: no type known here` });
          continue;
        }
        if (!hasProperty(type, key)) {
          out.push({ check: 'unknown-field', where: describeDoc(doc), message: `${[...trail, key].join('.')} is not a field of ${checker.typeToString(checker.getNonNullableType(type))}` });
          continue;
        }
        walk(prop.initializer, [...trail, key], out, doc);
      }
    } else if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach((e, i) => walk(e, [...trail.slice(0, -1), `${trail.at(-1) ?? ''}[${i}]`], out, doc));
    }
  };

  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const d = byName.get(decl.name.getText(sf));
      if (!d || !decl.initializer) continue;
      walk(decl.initializer, [], result.get(d.id)!, d.doc);
    }
  }

  return result;
}
