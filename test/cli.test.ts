// The `yuqing` command line, run as a user would run it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `node bin/yuqing.js` (what `npx yuqing` runs; the --help test goes through npx itself). */
function yuqing(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
  via: 'node' | 'npx' = 'node',
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      via === 'npx' ? 'npx' : process.execPath,
      via === 'npx' ? ['--offline', 'yuqing', ...args] : ['bin/yuqing.js', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

// Each case starts several processes, and a cold start compiles the sources: allow time.
describe('yuqing CLI', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-cli-'));
    env = { YUQING_DATA_DIR: dir };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('explains itself with --help through npx', async () => {
    const r = await yuqing(['--help'], {}, undefined, 'npx');
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'user', 'token']) expect(r.stdout).toContain(cmd);
    const user = await yuqing(['user', '--help']);
    for (const cmd of ['add', 'list', 'passwd']) expect(user.stdout).toContain(cmd);
  });

  it('migrates, manages users and creates tokens', async () => {
    const m = await yuqing(['migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('applied: 0001-organisation');
    expect(m.stdout).toMatch(/created user "admin" with password \S{12,}/);
    expect(fs.existsSync(path.join(dir, 'yuqing.db'))).toBe(true);
    expect((await yuqing(['migrate'], env)).stdout).toContain('schema is up to date');

    const add = await yuqing(
      ['user', 'add', 'alice', '--roles', 'office,viewer', '--name', '王测试'],
      env,
      'alice password 1\n',
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('created alice (office, viewer)');

    const list = await yuqing(['user', 'list', '--json'], env);
    const users = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { username: string; roles: string[]; display_name: string });
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'alice']);
    expect(users.find((u) => u.username === 'alice')).toMatchObject({
      roles: ['office', 'viewer'],
      display_name: '王测试',
    });
    expect(list.stdout).not.toMatch(/scrypt|password/);

    const pw = await yuqing(['user', 'passwd', 'alice'], {
      ...env,
      YUQING_PASSWORD: 'alice password 2',
    });
    expect(pw.code, pw.stderr).toBe(0);

    const token = await yuqing(['token', 'create', 'rss-bridge', '--scopes', 'ingest'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^yq_[A-Za-z0-9_-]{43}$/);
    expect(token.stderr).toContain('shown only this once');
  });

  it('refuses bad input with a clear message and keeps what was there', async () => {
    const role = await yuqing(['user', 'add', 'bob', '--roles', 'king'], env, 'bob password 1\n');
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain('unknown role "king"');
    const weak = await yuqing(['user', 'add', 'bob', '--roles', 'viewer'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 10 characters');
    const dup = await yuqing(
      ['user', 'add', 'alice', '--roles', 'viewer'],
      env,
      'another password\n',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('taken');
    const unit = await yuqing(
      ['user', 'add', 'carol', '--roles', 'viewer', '--unit', 'NOPE'],
      env,
      'carol password 1\n',
    );
    expect(unit.stderr).toContain('no unit with code NOPE');
    const list = await yuqing(['user', 'list'], env);
    expect(list.stdout).toContain('alice');
  });

  it('names the bad variable when the configuration is wrong', async () => {
    const r = await yuqing(['migrate'], { ...env, PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT: ');
    expect(r.stderr).toContain('"eighty"');
  });
});
