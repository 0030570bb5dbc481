import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { buildTree, pathTo } from '../../../src/whys/tree.js';

function thrown(fn: () => unknown): UserInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error('expected a UserInputError');
}

describe('buildTree', () => {
  it('chains answers without parent and numbers them w1, w2, … by position', () => {
    const tree = buildTree('Checkout returned 502', [{ answer: 'a' }, { answer: 'b' }, { answer: 'c' }]);
    expect(tree.nodes.map((n) => [n.id, n.parent, n.depth])).toEqual([
      ['w1', null, 1],
      ['w2', 'w1', 2],
      ['w3', 'w2', 3],
    ]);
    expect(tree.leaves.map((l) => l.id)).toEqual(['w3']);
    expect(tree.depth).toBe(3);
  });

  it('builds branches from parent ids and keeps explicit ids', () => {
    const tree = buildTree('p', [
      { id: 'a', answer: 'x' },
      { id: 'b', answer: 'y' },
      { id: 'c', answer: 'z', parent: 'a' },
      { answer: 'second direct cause', parent: 'problem' },
      { answer: 'under the fourth' },
    ]);
    expect(tree.nodes.map((n) => [n.id, n.parent, n.depth])).toEqual([
      ['a', null, 1],
      ['b', 'a', 2],
      ['c', 'a', 2],
      ['w4', null, 1],
      ['w5', 'w4', 2],
    ]);
    expect(tree.leaves.map((l) => l.id)).toEqual(['b', 'c', 'w5']);
    expect(pathTo(tree, 'w5').map((n) => n.id)).toEqual(['w4', 'w5']);
    expect(tree.byId.get('a')?.children).toEqual(['b', 'c']);
  });

  it('accepts null and "problem" as the problem, and a string or list as evidence', () => {
    const tree = buildTree('p', [
      { answer: 'x', evidence: 'loki:abc123' },
      { answer: 'y', parent: null, evidence: ['k8s:ev-1', '  ', 'OPS-12'] },
      { answer: 'z', parent: 'PROBLEM' },
    ]);
    expect(tree.nodes.map((n) => n.parent)).toEqual([null, null, null]);
    expect(tree.nodes.map((n) => n.evidence)).toEqual([['loki:abc123'], ['k8s:ev-1', 'OPS-12'], []]);
  });

  it('rejects an unknown parent, naming the id and the ids that exist', () => {
    const error = thrown(() => buildTree('p', [{ answer: 'x' }, { answer: 'y' }, { id: 'w9x', answer: 'z', parent: 'w7' }]));
    expect(error.message).toContain('whys[2] (w9x)');
    expect(error.message).toContain('"w7"');
    expect(error.message).toContain('"w1", "w2" or "problem"');
    expect(error.field).toBe('whys.2.parent');
  });

  it('rejects a cycle between two whys and a why that answers itself', () => {
    const cycle = thrown(() => buildTree('p', [{ answer: 'x' }, { id: 'a', answer: 'y', parent: 'b' }, { id: 'b', answer: 'z', parent: 'a' }]));
    expect(cycle.message).toContain('cycle');
    expect(cycle.message).toContain('a -> b -> a');
    const self = thrown(() => buildTree('p', [{ id: 'loop', answer: 'y', parent: 'loop' }]));
    expect(self.message).toContain('whys[0] (loop)');
    expect(self.message).toContain('cycle');
  });

  it('rejects a forward reference that is not a cycle', () => {
    const error = thrown(() => buildTree('p', [{ answer: 'x' }, { answer: 'y', parent: 'w3' }, { answer: 'z', parent: 'w1' }]));
    expect(error.message).toContain('whys[1] (w2)');
    expect(error.message).toContain('comes later');
    expect(error.field).toBe('whys.1.parent');
  });

  it('rejects duplicate ids, including an explicit id that collides with a default one', () => {
    const explicit = thrown(() => buildTree('p', [{ id: 'a', answer: 'x' }, { id: 'a', answer: 'y' }]));
    expect(explicit.message).toContain('whys[1] (a) reuses the id of whys[0]');
    const collision = thrown(() => buildTree('p', [{ answer: 'x' }, { answer: 'y' }, { id: 'w2', answer: 'z' }]));
    expect(collision.message).toContain('whys[2] (w2)');
    expect(collision.field).toBe('whys.2.id');
  });

  it('rejects empty and blank answers, naming the id', () => {
    const error = thrown(() => buildTree('p', [{ answer: 'x' }, { id: 'disk', answer: '   \n ' }]));
    expect(error.message).toContain('whys[1] (disk) has an empty answer');
    expect(error.field).toBe('whys.1.answer');
  });

  it('rejects an empty problem, an empty list, reserved and malformed ids', () => {
    expect(thrown(() => buildTree('  ', [{ answer: 'x' }])).field).toBe('problem');
    expect(thrown(() => buildTree('p', [])).field).toBe('whys');
    expect(thrown(() => buildTree('p', [{ id: 'problem', answer: 'x' }])).message).toContain('reserved');
    expect(thrown(() => buildTree('p', [{ id: 'has space', answer: 'x' }])).field).toBe('whys.0.id');
  });

  it('keeps every error message to one sentence', () => {
    const messages = [
      () => buildTree('p', [{ answer: 'x', parent: 'nope' }]),
      () => buildTree('p', [{ id: 'a', answer: 'y', parent: 'b' }, { id: 'b', answer: 'z', parent: 'a' }]),
      () => buildTree('p', [{ answer: '' }]),
    ].map((fn) => thrown(fn).message);
    for (const m of messages) expect(m.replace(/e\.g\./g, 'eg').split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length).toBe(1);
  });
});
