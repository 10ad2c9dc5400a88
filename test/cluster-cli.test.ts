// `yuqing cluster`, run as a user runs it: NDJSON posts in, `{id, event}` out as soon as each
// post is read (streaming), bad lines answered in place without stopping the run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Runs the CLI to the end with the stdin given; its exit code and what it printed. */
async function yuqing(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/yuqing.js', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

const results = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const RELEASE = '兰州新区统计局发布上半年工业增加值数据，同比增长百分之八';
const RELEASE_AGAIN = '兰州新区上半年工业增加值同比增长百分之八，统计局今天发布数据';
const STOCKS = '股市大跌投资者损失惨重纷纷割肉离场';

describe('yuqing cluster', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-cluster-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers each post as soon as it is read (streaming)', async () => {
    const child = spawn(process.execPath, ['bin/yuqing.js', 'cluster'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', YUQING_DATA_DIR: dir },
    });
    const out = createInterface({ input: child.stdout });
    const next = () =>
      new Promise<Record<string, unknown>>((resolve) => {
        out.once('line', (l) => resolve(JSON.parse(l) as Record<string, unknown>));
      });
    // Each post is written only after the answer to the one before came back.
    let pending = next();
    child.stdin.write(`${JSON.stringify({ id: 'a', text: RELEASE, time: 1_700_000_000 })}\n`);
    expect(await pending).toEqual({ id: 'a', event: 'e1' });
    pending = next();
    child.stdin.write(`${JSON.stringify({ id: 'b', text: RELEASE_AGAIN })}\n`);
    expect(await pending).toEqual({ id: 'b', event: 'e1' });
    pending = next();
    child.stdin.write(`${JSON.stringify({ id: 'c', text: STOCKS })}\n`);
    expect(await pending).toEqual({ id: 'c', event: 'e2' });
    child.stdin.end();
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
  });

  it('reads a file, answers bad lines in place and goes on', async () => {
    const file = path.join(dir, 'posts.ndjson');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 1, text: RELEASE, time: '2024-06-01T08:00:00Z' }),
        'not json',
        JSON.stringify({ id: 2, text: '' }),
        JSON.stringify({ id: 3, text: STOCKS, time: 'tomorrow' }),
        JSON.stringify({ id: 4, text: STOCKS, time: 1_717_230_000_000, parentId: 1 }),
        JSON.stringify({ text: RELEASE_AGAIN, time: 1_717_231_000 }),
        '',
      ].join('\n'),
    );
    const r = await yuqing(['cluster', file], { YUQING_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(results(r.stdout)).toEqual([
      { id: '1', event: 'e1' },
      { line: 2, error: 'not valid JSON' },
      { line: 3, error: 'text: must not be empty' },
      {
        line: 4,
        error: 'time: must be seconds or milliseconds since the epoch, or ISO 8601 text',
      },
      { id: '4', event: 'e1' },
      { id: 'line-6', event: 'e1' },
    ]);
    expect(r.stderr).toMatch(/clustered 3 posts into 1 events, 3 bad lines/u);
  });

  it('closes events after the window and says so in --help', async () => {
    const posts = [
      { id: 'a', text: RELEASE, time: '2024-06-01T00:00:00Z' },
      { id: 'b', text: RELEASE_AGAIN, time: '2024-06-01T05:00:00Z' },
    ];
    const stdin = posts.map((p) => JSON.stringify(p)).join('\n');
    const short = await yuqing(['cluster', '--window-hours', '2'], { YUQING_DATA_DIR: dir }, stdin);
    expect(results(short.stdout).map((l) => l.event)).toEqual(['e1', 'e2']);
    const long = await yuqing(['cluster'], { YUQING_DATA_DIR: dir }, stdin);
    expect(results(long.stdout).map((l) => l.event)).toEqual(['e1', 'e1']);
    const help = await yuqing(['cluster', '--help'], { YUQING_DATA_DIR: dir });
    expect(help.stdout).toMatch(/seconds\s+or milliseconds since the epoch, or ISO 8601/u);
    const bad = await yuqing(['cluster', '--window-hours', '0'], { YUQING_DATA_DIR: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--window-hours/u);
  });
});
