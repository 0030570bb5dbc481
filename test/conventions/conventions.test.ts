// Meta-tests over the repository: the rules of ../shared/design/architecture.md §3 that a machine
// can check. Each test names the rule it guards.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allTools } from '../../src/tools/index.js';
import { connectInMemory, REPO } from '../support/mcp.js';

const CONTRACT: Record<string, [boolean, boolean, boolean, boolean]> = {
  // tool: readOnly, destructive, idempotent, openWorld (design/tools.md)
  gather_timeline: [true, false, true, true],
  five_whys: [true, false, true, false],
  draft_postmortem: [true, false, true, false],
  lint_postmortem: [true, false, true, false],
  save_to_bookstack: [false, false, true, true],
};
const TOOL_NAMES = Object.keys(CONTRACT);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
const srcFiles = walk(path.join(REPO, 'src')).filter((f) => f.endsWith('.ts'));
const rel = (f: string) => path.relative(REPO, f);

describe('rule 1: importing a module never starts anything', () => {
  it('imports every src module without touching stdin or stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const read = vi.spyOn(process.stdin, 'read');
    const on = vi.spyOn(process.stdin, 'on');
    for (const file of srcFiles.filter((f) => rel(f) !== 'src/cli.ts')) await import(file);
    expect(write).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
    expect(on).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('rule 4: domain code never imports the SDK, tools, server or transports', () => {
  const domains = ['postmortem', 'lint', 'whys', 'timeline', 'bookstack', 'redact', 'http'];
  it.each(domains)('src/%s', (domain) => {
    for (const file of srcFiles.filter((f) => rel(f).startsWith(`src/${domain}/`))) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(spec, `${rel(file)} imports ${spec}`).not.toMatch(/^@modelcontextprotocol\//);
        const target = spec.startsWith('.') ? path.relative(path.join(REPO, 'src'), path.resolve(path.dirname(file), spec)) : '';
        expect(target, `${rel(file)} imports ${spec}`).not.toMatch(/^(tools\/|server\.js|transports\/|cli\.js)/);
      }
    }
  });

  it('redact/ and postmortem/ import nothing from the other domain folders', () => {
    for (const file of srcFiles.filter((f) => /^src\/(redact|postmortem)\//.test(rel(f)))) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from\s*['"](\.[^'"]+)['"]/g)].map((m) => path.relative(path.join(REPO, 'src'), path.resolve(path.dirname(file), m[1]!)));
      const own = rel(file).split('/')[1];
      for (const target of imports) expect(target.startsWith(`${own}/`) || ['errors.js', 'redact/index.js'].includes(target) || target.startsWith('redact/'), `${rel(file)} -> ${target}`).toBe(true);
    }
  });
});

describe('rule 7: logs go to stderr only', () => {
  it('has no console.log/info/debug or stdout writes outside src/cli.ts', () => {
    for (const file of srcFiles.filter((f) => rel(f) !== 'src/cli.ts')) {
      const text = readFileSync(file, 'utf8');
      expect(text, rel(file)).not.toMatch(/console\.(log|info|debug)\(|process\.stdout\.write/);
    }
  });
});

describe('rules 3, 6, 11: tool definitions', () => {
  let listed: Awaited<ReturnType<Awaited<ReturnType<typeof connectInMemory>>['listTools']>>['tools'];
  let close: () => Promise<void>;
  beforeAll(async () => {
    const client = await connectInMemory();
    listed = (await client.listTools()).tools;
    close = () => client.close();
  });
  afterAll(async () => close?.());

  it('registers only contract tools, in the workflow order', () => {
    const names = listed.map((t) => t.name);
    for (const name of names) expect(TOOL_NAMES).toContain(name);
    expect(names).toEqual(TOOL_NAMES.filter((n) => names.includes(n)));
  });

  it('gives every tool all four annotation hints with the contract values', () => {
    for (const tool of listed) {
      const [readOnlyHint, destructiveHint, idempotentHint, openWorldHint] = CONTRACT[tool.name]!;
      expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint, destructiveHint, idempotentHint, openWorldHint });
    }
  });

  it('has a title, a short description naming the next tool, and schemas without $ref/$defs', () => {
    for (const tool of listed) {
      expect(tool.name).toMatch(/^[a-z0-9_]{1,64}$/);
      expect(tool.title).toBeTruthy();
      expect(tool.description!.length, tool.name).toBeLessThanOrEqual(700);
      if (tool.name !== 'save_to_bookstack') {
        expect(TOOL_NAMES.some((other) => other !== tool.name && tool.description!.includes(other)), `${tool.name} names a next tool`).toBe(true);
      }
      const schemas = JSON.stringify([tool.inputSchema, tool.outputSchema]);
      expect(schemas).not.toMatch(/"\$ref"|"\$defs"|"definitions"/);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('keeps one thin file per tool, named after it', () => {
    for (const tool of allTools) {
      const file = path.join(REPO, 'src/tools', `${tool.name.replace(/_/g, '-')}.ts`);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`name: '${tool.name}'`);
      expect(text).toContain('defineTool(');
    }
  });
});

describe('rule 9: SKILL.md', () => {
  const skillDir = path.join(REPO, 'skills/writing-postmortem');
  const skill = readFileSync(path.join(skillDir, 'SKILL.md'), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(skill);

  it('has valid Agent Skills frontmatter', () => {
    expect(match).not.toBeNull();
    const front = match![1]!;
    const name = /^name: (.+)$/m.exec(front)?.[1]?.trim();
    const description = /^description: (.+)$/m.exec(front)?.[1]?.trim() ?? '';
    expect(name).toBe(path.basename(skillDir));
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(name!.length).toBeLessThanOrEqual(64);
    expect(name).not.toMatch(/anthropic|claude/);
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).not.toMatch(/<[^>]+>/);
    expect(description).toMatch(/^Use when/);
    for (const key of front.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0])) {
      expect(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']).toContain(key);
    }
  });

  it('keeps the body under 500 lines and names exactly the five tools', () => {
    const body = match![2]!;
    expect(body.split('\n').length).toBeLessThan(500);
    for (const tool of TOOL_NAMES) expect(body).toContain(tool);
    // Backticked snake_case words are tool names, except the result values the skill quotes.
    const values = new Set(['needs_work', 'dry_run', 'saved_locally', 'k8s_event', 'log_pattern']);
    const named = new Set([...body.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1]!).filter((n) => !values.has(n)));
    for (const name of named) expect(TOOL_NAMES, `SKILL.md names unknown tool ${name}`).toContain(name);
  });

  it('links only to references that exist', () => {
    for (const m of skill.matchAll(/\]\((references\/[^)]+)\)/g)) {
      expect(() => statSync(path.join(skillDir, m[1]!)), m[1]).not.toThrow();
    }
  });
});
