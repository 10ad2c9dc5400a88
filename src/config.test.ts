import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has the defaults of SPEC.md', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demo: undefined,
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      YUQING_DATA_DIR: '/tmp/yq',
      DATABASE_URL: 'postgres://u@h/db',
      YUQING_ADMIN_PASSWORD: 'long-enough-secret',
      YUQING_DEMO: '0',
    });
    expect(c).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/tmp/yq',
      databaseUrl: 'postgres://u@h/db',
      adminPassword: 'long-enough-secret',
      demo: false,
    });
  });

  it('names each bad variable and never echoes a secret', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        YUQING_DEMO: 'maybe',
        YUQING_ADMIN_PASSWORD: 'short',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: .*"eighty"/m);
    expect(problems).toMatch(/^YUQING_DEMO: /m);
    expect(problems).toMatch(/^YUQING_ADMIN_PASSWORD: /m);
    expect(problems).toMatch(/^DATABASE_URL: /m);
    expect(problems).not.toContain('short');
    expect(problems).not.toContain('mysql://x');
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be 0..65535/);
  });
});
