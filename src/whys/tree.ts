/**
 * Builds the why tree from the flat input list and rejects structures that cannot be a causal
 * tree: duplicate or malformed ids, empty answers, unknown parents, cycles and forward references.
 * Each error names the offending id and what to send instead.
 */
import { UserInputError } from '../errors.js';
import type { WhyInput, WhyNode, WhyTree } from './types.js';

export const PROBLEM_ID = 'problem';
import { MAX_WHYS } from './constants.js';

export { MAX_WHYS };
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

function label(index: number, id: string): string {
  return `whys[${index}] (${id})`;
}

function listIds(ids: string[]): string {
  const shown = ids.slice(0, 8).map((id) => `"${id}"`);
  return ids.length > 8 ? `${shown.join(', ')} …` : shown.join(', ');
}

function evidenceList(evidence: WhyInput['evidence']): string[] {
  const raw = evidence === undefined ? [] : Array.isArray(evidence) ? evidence : [evidence];
  return raw.map((e) => e.trim()).filter((e) => e.length > 0);
}

export function buildTree(problem: string, whys: readonly WhyInput[]): WhyTree {
  const statement = problem.trim();
  if (!statement) throw new UserInputError('problem is empty; send the problem statement, e.g. "Checkout returned HTTP 502 for 47 minutes".', { field: 'problem' });
  if (whys.length === 0) {
    throw new UserInputError('whys is empty; send at least one {answer} that answers "why did the problem happen?"', { field: 'whys' });
  }
  if (whys.length > MAX_WHYS) throw new UserInputError(`whys has ${whys.length} entries; send at most ${MAX_WHYS}.`, { field: 'whys' });

  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  whys.forEach((why, i) => {
    const given = why.id?.trim();
    const id = given ? given : `w${i + 1}`;
    if (given !== undefined && given !== '' && !ID_PATTERN.test(given)) {
      throw new UserInputError(
        `whys[${i}].id "${given.slice(0, 70)}" is not a usable id; use letters, digits and "_.:-" only (at most 64 characters), or leave id out to get "w${i + 1}".`,
        { field: `whys.${i}.id` },
      );
    }
    if (id.toLowerCase() === PROBLEM_ID) {
      throw new UserInputError(`whys[${i}].id "${id}" is reserved for the problem statement; give this why another id such as "w${i + 1}".`, { field: `whys.${i}.id` });
    }
    const seen = indexOf.get(id);
    if (seen !== undefined) {
      throw new UserInputError(
        `${label(i, id)} reuses the id of whys[${seen}] (ids default to w1, w2, … by position); give whys[${i}] a different id.`,
        { field: `whys.${i}.id` },
      );
    }
    if (!why.answer || why.answer.trim() === '') {
      throw new UserInputError(`${label(i, id)} has an empty answer; write the cause as a sentence, or remove the entry.`, { field: `whys.${i}.answer` });
    }
    ids.push(id);
    indexOf.set(id, i);
  });

  // Resolve parents: absent = the previous why; null, "" or "problem" = the problem itself.
  const parents: Array<string | null> = whys.map((why, i) => {
    if (why.parent === undefined || (typeof why.parent === 'string' && why.parent.trim() === '')) return i === 0 ? null : ids[i - 1]!;
    if (why.parent === null) return null;
    const p = why.parent.trim();
    return p.toLowerCase() === PROBLEM_ID ? null : p;
  });

  parents.forEach((parent, i) => {
    const id = ids[i]!;
    if (parent === null) return;
    if (parent === id) {
      throw new UserInputError(`${label(i, id)} names itself as parent, which makes a cycle; set parent to the id of the why it answers, or "problem".`, {
        field: `whys.${i}.parent`,
      });
    }
    const at = indexOf.get(parent);
    if (at === undefined) {
      const earlier = ids.slice(0, i);
      const options = earlier.length > 0 ? `one of ${listIds(earlier)} or "problem"` : '"problem" (or leave parent out)';
      throw new UserInputError(`${label(i, id)} names parent "${parent.slice(0, 70)}", which is not an id in whys; use ${options}.`, {
        field: `whys.${i}.parent`,
      });
    }
    if (at > i) {
      const cycle = findCycle(id, parents, indexOf);
      if (cycle) {
        throw new UserInputError(
          `${label(i, id)} is part of a cycle (${cycle.join(' -> ')}); each why must answer an earlier one, so point one of them at an earlier id or "problem".`,
          { field: `whys.${i}.parent` },
        );
      }
      throw new UserInputError(
        `${label(i, id)} names parent "${parent}", which comes later in the list (whys[${at}]); list each why after the one it answers, or point it at an earlier id.`,
        { field: `whys.${i}.parent` },
      );
    }
  });

  const nodes: WhyNode[] = whys.map((why, i) => ({
    id: ids[i]!,
    index: i,
    answer: why.answer.trim(),
    parent: parents[i]!,
    evidence: evidenceList(why.evidence),
    depth: 0,
    children: [],
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Parents always come earlier, so one pass in order fills depths.
  for (const node of nodes) {
    const parent = node.parent === null ? undefined : byId.get(node.parent);
    node.depth = parent ? parent.depth + 1 : 1;
    parent?.children.push(node.id);
  }
  const leaves = nodes.filter((n) => n.children.length === 0);
  return { problem: statement, nodes, byId, leaves, depth: Math.max(...nodes.map((n) => n.depth)) };
}

function findCycle(start: string, parents: Array<string | null>, indexOf: Map<string, number>): string[] | undefined {
  const path = [start];
  let current: string | null = start;
  for (let steps = 0; steps <= parents.length; steps += 1) {
    const at: number | undefined = current === null ? undefined : indexOf.get(current);
    if (at === undefined) return undefined;
    const next: string | null = parents[at] ?? null;
    if (next === null) return undefined;
    if (next === start) return [...path, start];
    if (path.includes(next)) return undefined;
    path.push(next);
    current = next;
  }
  return undefined;
}

/** Ids from the problem down to `id` (not including the problem). */
export function pathTo(tree: WhyTree, id: string): WhyNode[] {
  const out: WhyNode[] = [];
  let node = tree.byId.get(id);
  while (node) {
    out.unshift(node);
    node = node.parent === null ? undefined : tree.byId.get(node.parent);
  }
  return out;
}
