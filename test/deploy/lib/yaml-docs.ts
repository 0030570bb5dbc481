import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses every YAML document of a file. Duplicate keys are errors (as in kubectl and Woodpecker);
 * with `woodpeckerMerges`, `<<` map merges and Woodpecker's sequence merges (`- <<: *list`) are
 * resolved the way Woodpecker's YAML dialect does, which the `yaml` package refuses on its own.
 */
export function parseYamlDocuments(text: string, options: { woodpeckerMerges?: boolean } = {}): Json[] {
  const docs = parseAllDocuments(text, { merge: false, uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(docs)) throw new Error('empty YAML stream');
  const out: Json[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) throw new Error(`YAML: ${problem.message}`);
    if (doc.contents === null) continue;
    out.push(options.woodpeckerMerges ? convert(doc, doc.contents as Node, 0) : (doc.toJS({ maxAliasCount: 100 }) as Json));
  }
  return out;
}

const MERGE_KEY = '<<';

function resolve(doc: Document, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current); hops++) {
    if (hops > 50) throw new Error('YAML: alias chain too long');
    current = (current as Alias).resolve(doc);
    if (current === undefined) throw new Error(`YAML: unresolved alias ${(node as Alias).source}`);
  }
  return current;
}

function convert(doc: Document, node: unknown, depth: number): Json {
  if (depth > 200) throw new Error('YAML: nesting too deep');
  const target = resolve(doc, node);
  if (target === null || target === undefined) return null;
  if (isScalar(target)) return (target.toJSON() ?? null) as Json;
  if (isSeq(target)) {
    const items: Json[] = [];
    for (const item of target.items) {
      const resolvedItem = resolve(doc, item);
      // Woodpecker's sequence merge: an item that is only `<<: *someList` splices that list in.
      if (isMap(resolvedItem) && resolvedItem.items.length === 1) {
        const pair = resolvedItem.items[0];
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === MERGE_KEY) {
          const source = resolve(doc, pair.value);
          if (isSeq(source)) {
            for (const spliced of source.items) items.push(convert(doc, spliced, depth + 1));
            continue;
          }
        }
      }
      items.push(convert(doc, resolvedItem, depth + 1));
    }
    return items;
  }
  if (isMap(target)) {
    const own: JsonObject = {};
    const merged: JsonObject[] = [];
    for (const pair of target.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(convert(doc, pair.key, depth + 1));
      if (key === MERGE_KEY) {
        const source = resolve(doc, pair.value);
        const sources = isSeq(source) ? source.items.map((s) => resolve(doc, s)) : [source];
        for (const s of sources) {
          const value = convert(doc, s, depth + 1);
          if (!isObject(value)) throw new Error('YAML: a "<<" merge source must be a map');
          merged.push(value);
        }
        continue;
      }
      own[key] = convert(doc, pair.value, depth + 1);
    }
    // Explicit keys win over merged ones; among merge sources the first one wins (YAML merge spec).
    const result: JsonObject = {};
    for (const source of [...merged].reverse()) Object.assign(result, source);
    return Object.assign(result, own);
  }
  throw new Error('YAML: unsupported node');
}
