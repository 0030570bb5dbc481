import { describe, expect, it } from 'vitest';
import { configuredSources, loadConfig, secretValues } from '../../src/config.js';
import { ConfigurationError } from '../../src/errors.js';

const noFiles = { readFile: () => { throw new Error('ENOENT'); }, cwd: '/srv/app' };

function problemsOf(env: Record<string, string>, opts = noFiles): string[] {
  try {
    loadConfig(env, opts);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
}

describe('loadConfig', () => {
  it('has usable defaults with an empty environment', () => {
    const config = loadConfig({}, noFiles);
    expect(config.logLevel).toBe('info');
    expect(config.storeDir).toBe('/srv/app/postmortems');
    expect(config.inputRoots).toEqual(['/srv/app']);
    expect(config.bookstackTarget).toEqual({ bookId: 79 });
    expect(config.bookstack).toBeUndefined();
    expect(configuredSources(config)).toEqual([]);
  });

  it('reads every configured system', () => {
    const config = loadConfig(
      {
        BOOKSTACK_URL: 'https://wiki.example/',
        BOOKSTACK_TOKEN_ID: 'tokid',
        BOOKSTACK_TOKEN_SECRET: 'toksecret',
        BOOKSTACK_BOOK_ID: '12',
        BOOKSTACK_CHAPTER: 'Postmortems',
        LOKI_URL: 'http://loki:3100',
        LOKI_TENANT: 'homelab',
        PROMETHEUS_URL: 'http://prom:9090',
        ALERTMANAGER_URL: 'http://am:9093',
        GRAFANA_URL: 'https://grafana.example',
        GRAFANA_TOKEN: 'glsa_abc',
        WOODPECKER_URL: 'https://ci.example',
        WOODPECKER_TOKEN: 'wp-token',
        WOODPECKER_REPO: 'homelab/infra',
        KUBECONFIG: '/home/me/.kube/config',
        POSTMORTEM_INPUT_ROOTS: '/data/a:/data/b',
        LOG_LEVEL: 'DEBUG',
      },
      noFiles,
    );
    expect(config.bookstack).toEqual({ url: 'https://wiki.example', tokenId: 'tokid', tokenSecret: 'toksecret' });
    expect(config.bookstackTarget).toEqual({ bookId: 12, chapter: 'Postmortems' });
    expect(config.inputRoots).toEqual(['/data/a', '/data/b']);
    expect(config.logLevel).toBe('debug');
    expect(configuredSources(config)).toEqual(['kubernetes', 'loki', 'prometheus', 'alertmanager', 'grafana', 'woodpecker']);
    expect(secretValues(config)).toEqual(expect.arrayContaining(['tokid', 'toksecret', 'glsa_abc', 'wp-token']));
  });

  it('reads secrets from NAME_FILE and trims them', () => {
    const files: Record<string, string> = { '/run/secrets/bs': 'from-file-secret\n' };
    const config = loadConfig(
      { BOOKSTACK_URL: 'https://wiki.example', BOOKSTACK_TOKEN_ID: 'id', BOOKSTACK_TOKEN_SECRET_FILE: '/run/secrets/bs' },
      { readFile: (f) => { if (f in files) return files[f]!; throw new Error('ENOENT'); } },
    );
    expect(config.bookstack?.tokenSecret).toBe('from-file-secret');
  });

  it('reports every problem at once and never a secret value', () => {
    const problems = problemsOf({
      LOG_LEVEL: 'loud',
      BOOKSTACK_URL: 'https://wiki.example',
      BOOKSTACK_TOKEN_SECRET: 'Sup3rS3cretValue!',
      BOOKSTACK_BOOK_ID: 'seventy-nine',
      LOKI_URL: 'ftp://loki',
      GRAFANA_URL: 'https://admin:hunter2pass@grafana.example',
      WOODPECKER_URL: 'https://ci.example',
      MCP_HTTP_TOKEN: 'short',
      LOKI_TOKEN_FILE: '/missing/file',
    });
    const joined = problems.join('\n');
    expect(problems.length).toBeGreaterThanOrEqual(8);
    for (const name of ['LOG_LEVEL', 'BOOKSTACK_TOKEN_ID', 'BOOKSTACK_BOOK_ID', 'LOKI_URL', 'GRAFANA_URL', 'WOODPECKER_TOKEN', 'WOODPECKER_REPO', 'MCP_HTTP_TOKEN']) {
      expect(joined).toContain(name);
    }
    expect(joined).not.toContain('Sup3rS3cretValue!');
    expect(joined).not.toContain('hunter2pass');
    expect(joined).not.toContain('short"');
  });

  it('refuses a value given both directly and as a file', () => {
    expect(problemsOf({ MCP_HTTP_TOKEN: 'a'.repeat(20), MCP_HTTP_TOKEN_FILE: '/x' }).join()).toMatch(/both set/);
  });

  it('detects the in-cluster service account only when its token exists', () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(loadConfig(env, { ...noFiles, fileExists: () => false }).kubernetes).toBeUndefined();
    expect(loadConfig(env, { ...noFiles, fileExists: () => true }).kubernetes).toMatchObject({ mode: 'in-cluster', host: '10.0.0.1' });
  });

  it('normalises allowed origins', () => {
    const config = loadConfig({ MCP_ALLOWED_ORIGINS: 'https://app.example/path, http://localhost:5173' }, noFiles);
    expect(config.http.allowedOrigins).toEqual(['https://app.example', 'http://localhost:5173']);
  });
});
