// Drain: He, Zhu, Zheng, Lyu, "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017.
// Structure follows logpai/Drain3 (MIT): a length-first prefix tree of fixed depth whose leaves hold
// clusters; a line joins the most similar cluster of its leaf when similarity reaches the threshold.
import { isSpace } from './chars.js';
import { DEFAULT_MASKS, MARK, expandToken, markedValue, maskVariables, maskWithMarkers, type MaskRule } from './masks.js';

export interface MinerOptions {
  /** Similarity a line needs to join a cluster (equal constant tokens / tokens). */
  simThreshold?: number;
  /** Tree depth including root and length levels (Drain3 `depth`, minimum 3). */
  depth?: number;
  maxChildren?: number;
  /** Least recently used clusters beyond this are evicted (memory bound). 0 = unbounded. */
  maxClusters?: number;
  masks?: MaskRule[];
  /** Separate tokens like whitespace (Drain3 `extra_delimiters`) but stay in the rendered template. */
  extraDelimiters?: string[];
  paramToken?: string;
  /** Tokens containing a digit descend the `<*>` branch of the tree (Drain's rule). */
  parametrizeNumericTokens?: boolean;
  /** Count template `<*>` positions as similar (Drain3 `include_params`). */
  includeParams?: boolean;
}

export interface MinerResult {
  clusterId: number;
  template: string;
  changed: boolean;
  /** Tokens of the masked content, aligned with the template tokens. */
  tokens: string[];
  /** The same tokens before masking: the parameter values. */
  values: string[];
  templateTokens: readonly string[];
  /** Cluster ids dropped from the LRU while adding this line. */
  evicted?: number[];
}

export interface Tokenized {
  tokens: string[];
  /** seps[i] follows tokens[i]; kept so a template reads like the line (`uid=<*>`, not `uid <*>`). */
  seps: string[];
  prefix: string;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusterIds: number[];
}

interface Cluster {
  id: number;
  tokens: string[];
  seps: string[];
  prefix: string;
  size: number;
  leaf: TreeNode;
  /** Rendered template, refreshed when a position turns into a parameter. */
  text: string;
  /** Neighbours in least-recently-used order. */
  older: Cluster | undefined;
  newer: Cluster | undefined;
}

function render(c: Cluster): string {
  let out = c.prefix;
  const n = c.tokens.length;
  for (let i = 0; i < n; i++) out += c.tokens[i] + (i === n - 1 ? (c.seps[i] as string).trimEnd() : (c.seps[i] as string));
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const DIGIT = /\d/;

const WS_RUN = /\s+/g;

function newNode(): TreeNode {
  return { children: new Map(), clusterIds: [] };
}

export class TemplateMiner {
  readonly simThreshold: number;
  readonly depth: number;
  readonly maxChildren: number;
  readonly maxClusters: number;
  readonly paramToken: string;
  private readonly masks: readonly MaskRule[];
  private readonly extraDelimiters: readonly string[];
  private readonly parametrizeNumeric: boolean;
  private readonly includeParams: boolean;
  private readonly maxNodeDepth: number;
  private readonly splitter: RegExp;
  // ASCII delimiter table for the single-character case (the generic miner's); undefined = regex path.
  private readonly delimTable: Uint8Array | undefined;
  private readonly root = new Map<number, TreeNode>();
  private readonly byId = new Map<number, Cluster>();
  // The LRU order as a linked list through the clusters: moving one costs no hashing.
  private oldest: Cluster | undefined;
  private newest: Cluster | undefined;
  private nextId = 1;

  constructor(opts: MinerOptions = {}) {
    this.simThreshold = opts.simThreshold ?? 0.4;
    this.depth = Math.max(3, opts.depth ?? 4);
    this.maxChildren = Math.max(2, opts.maxChildren ?? 100);
    this.maxClusters = Math.max(0, opts.maxClusters ?? 0);
    this.paramToken = opts.paramToken ?? '<*>';
    this.masks = opts.masks ?? DEFAULT_MASKS;
    this.extraDelimiters = opts.extraDelimiters ?? [];
    this.parametrizeNumeric = opts.parametrizeNumericTokens ?? true;
    this.includeParams = opts.includeParams ?? false;
    this.maxNodeDepth = this.depth - 2;
    const extra = this.extraDelimiters.filter((d) => d !== '').map(escapeRegex);
    this.splitter = new RegExp(`(?:\\s|${extra.length > 0 ? extra.join('|') : '\\s'})+`, 'g');
    const singles = this.extraDelimiters.filter((d) => d !== '');
    if (singles.every((d) => d.length === 1 && d.charCodeAt(0) < 128 && !isSpace(d.charCodeAt(0)))) {
      const table = new Uint8Array(128);
      for (let c = 0; c < 128; c++) if (isSpace(c)) table[c] = 1;
      for (const d of singles) table[d.charCodeAt(0)] = 2;
      this.delimTable = table;
    }
  }

  /** Whitespace and the extra delimiters separate tokens (Drain3 replaces delimiters by spaces). */
  split(content: string): Tokenized {
    return this.delimTable ? this.splitFast(content, this.delimTable, true) : this.splitRegex(content);
  }

  // Separators and prefix matter only to a new cluster's rendering; a line that joins a cluster
  // needs its tokens alone.
  private tokensOf(content: string): string[] {
    return this.delimTable ? this.splitFast(content, this.delimTable, false).tokens : this.splitRegex(content).tokens;
  }

  private splitFast(content: string, table: Uint8Array, withSeps: boolean): Tokenized {
    const tokens: string[] = [];
    const seps: string[] = [];
    let prefix = '';
    let pos = 0;
    let i = 0;
    const n = content.length;
    while (i < n) {
      const c = content.charCodeAt(i);
      if (c < 128 ? table[c] === 0 : !isSpace(c)) {
        i++;
        continue;
      }
      const start = i;
      let ws = false;
      while (i < n) {
        const d = content.charCodeAt(i);
        const kind = d < 128 ? (table[d] as number) : isSpace(d) ? 1 : 0;
        if (kind === 0) break;
        if (kind === 1) ws = true;
        i++;
      }
      if (!withSeps) {
        if (start > 0) tokens.push(content.slice(pos, start));
        pos = i;
        continue;
      }
      let sep = i - start === 1 && c === 32 ? ' ' : content.slice(start, i);
      if (ws && sep !== ' ') sep = sep.replace(WS_RUN, ' ');
      if (start === 0) prefix = sep.trim() === '' ? '' : sep.trimStart();
      else {
        tokens.push(content.slice(pos, start));
        seps.push(sep);
      }
      pos = i;
    }
    if (pos < n) {
      tokens.push(content.slice(pos));
      if (withSeps) seps.push('');
    }
    return { tokens, seps, prefix };
  }

  private splitRegex(content: string): Tokenized {
    const tokens: string[] = [];
    const seps: string[] = [];
    let prefix = '';
    let pos = 0;
    const re = this.splitter;
    re.lastIndex = 0;
    for (let m = re.exec(content); m; m = re.exec(content)) {
      const sep = /\s/.test(m[0]) ? m[0].replace(/\s+/g, ' ') : m[0];
      if (m.index === 0) prefix = sep.trim() === '' ? '' : sep.trimStart();
      else {
        tokens.push(content.slice(pos, m.index));
        seps.push(sep);
      }
      pos = m.index + m[0].length;
    }
    if (pos < content.length) {
      tokens.push(content.slice(pos));
      seps.push('');
    }
    return { tokens, seps, prefix };
  }

  tokenize(content: string): string[] {
    return this.split(content).tokens;
  }

  mask(content: string): string {
    return maskVariables(content, this.masks, this.paramToken);
  }

  /** `marked` (the masked content, markers in place) is split again only for a new cluster's separators. */
  private prepare(content: string): { marked: string; tokens: string[]; values: string[] } {
    const { marked, originals } = maskWithMarkers(content, this.masks);
    const split = this.tokensOf(marked);
    if (originals.length === 0) return { marked, tokens: split.slice(), values: split };
    const n = split.length;
    const tokens = new Array<string>(n);
    const values = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const tok = split[i] as string;
      // Most tokens hold no marker or are exactly one: no tuple for those.
      const whole = markedValue(tok, originals);
      if (whole !== undefined) {
        tokens[i] = this.paramToken;
        values[i] = whole;
        continue;
      }
      if (!tok.includes(MARK)) {
        tokens[i] = tok;
        values[i] = tok;
        continue;
      }
      const [masked, value] = expandToken(tok, originals, this.paramToken);
      tokens[i] = masked;
      values[i] = value;
    }
    return { marked, tokens, values };
  }

  add(content: string): MinerResult {
    const { marked, tokens, values } = this.prepare(content);
    const found = this.search(tokens);
    if (found) {
      this.touch(found);
      found.size++;
      let changed = false;
      const t = found.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i] !== tokens[i] && t[i] !== this.paramToken) {
          t[i] = this.paramToken;
          changed = true;
        }
      }
      if (changed) found.text = render(found);
      return { clusterId: found.id, template: found.text, changed, tokens, values, templateTokens: t };
    }
    const { seps, prefix } = this.split(marked);
    const cluster: Cluster = {
      id: this.nextId++,
      tokens: tokens.slice(),
      seps,
      prefix,
      size: 1,
      leaf: newNode(),
      text: '',
      older: undefined,
      newer: undefined,
    };
    cluster.text = render(cluster);
    cluster.leaf = this.insert(cluster);
    this.byId.set(cluster.id, cluster);
    this.append(cluster);
    const evicted = this.evict();
    const res: MinerResult = {
      clusterId: cluster.id,
      template: cluster.text,
      changed: true,
      tokens,
      values,
      templateTokens: cluster.tokens,
    };
    if (evicted) res.evicted = evicted;
    return res;
  }

  /** The cluster a line would join, without changing anything. */
  match(content: string): { clusterId: number; template: string } | undefined {
    const c = this.search(this.prepare(content).tokens);
    return c ? { clusterId: c.id, template: c.text } : undefined;
  }

  clusters(): Array<{ id: number; template: string; size: number }> {
    return [...this.byId.values()].sort((a, b) => a.id - b.id).map((c) => ({ id: c.id, template: c.text, size: c.size }));
  }

  get clusterCount(): number {
    return this.byId.size;
  }

  private append(c: Cluster): void {
    c.older = this.newest;
    c.newer = undefined;
    if (this.newest) this.newest.newer = c;
    else this.oldest = c;
    this.newest = c;
  }

  private unlink(c: Cluster): void {
    if (c.older) c.older.newer = c.newer;
    else this.oldest = c.newer;
    if (c.newer) c.newer.older = c.older;
    else this.newest = c.older;
  }

  private touch(c: Cluster): void {
    if (this.maxClusters > 0 && this.newest !== c) {
      this.unlink(c);
      this.append(c);
    }
  }

  private evict(): number[] | undefined {
    if (this.maxClusters === 0) return undefined;
    let out: number[] | undefined;
    while (this.byId.size > this.maxClusters) {
      const oldest = this.oldest as Cluster;
      this.unlink(oldest);
      this.byId.delete(oldest.id);
      const ids = oldest.leaf.clusterIds;
      const at = ids.indexOf(oldest.id);
      if (at >= 0) ids.splice(at, 1);
      (out ??= []).push(oldest.id);
    }
    return out;
  }

  private search(tokens: string[]): Cluster | undefined {
    const n = tokens.length;
    let node: TreeNode | undefined = this.root.get(n);
    if (!node) return undefined;
    let depth = 1;
    for (const tok of tokens) {
      if (depth >= this.maxNodeDepth || depth >= n) break;
      const next: TreeNode | undefined = node.children.get(tok) ?? node.children.get(this.paramToken);
      if (!next) return undefined;
      node = next;
      depth++;
    }
    return this.fastMatch(node.clusterIds, tokens);
  }

  private fastMatch(ids: number[], tokens: string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    const p = this.paramToken;
    for (const id of ids) {
      const c = this.byId.get(id);
      if (!c) continue;
      const t = c.tokens;
      let same = 0;
      let params = 0;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === p) params++;
        else if (t[i] === tokens[i]) same++;
      }
      if (this.includeParams) same += params;
      const sim = t.length === 0 ? 1 : same / t.length;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= this.simThreshold ? best : undefined;
  }

  private insert(cluster: Cluster): TreeNode {
    const tokens = cluster.tokens;
    const n = tokens.length;
    let node: TreeNode | undefined = this.root.get(n);
    if (!node) {
      node = newNode();
      this.root.set(n, node);
    }
    const p = this.paramToken;
    let depth = 1;
    for (const tok of tokens) {
      if (depth >= this.maxNodeDepth || depth >= n) break;
      let next: TreeNode | undefined = node.children.get(tok);
      if (!next) {
        const kids: Map<string, TreeNode> = node.children;
        if (this.parametrizeNumeric && DIGIT.test(tok)) {
          next = kids.get(p);
          if (!next) kids.set(p, (next = newNode()));
        } else if (kids.has(p)) {
          if (kids.size < this.maxChildren) kids.set(tok, (next = newNode()));
          else next = kids.get(p) as TreeNode;
        } else if (kids.size + 1 < this.maxChildren) {
          kids.set(tok, (next = newNode()));
        } else if (kids.size + 1 === this.maxChildren) {
          kids.set(p, (next = newNode()));
        } else {
          next = kids.get(p);
          if (!next) kids.set(p, (next = newNode()));
        }
      }
      node = next;
      depth++;
    }
    node.clusterIds.push(cluster.id);
    return node;
  }
}
