// `yuqing analyze` and `yuqing reanalyze`, run as a user runs them: NDJSON in, one result per
// post out as soon as the post is read (streaming), bad lines answered in place, schemes from a
// file or from the database.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function yuqing(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/yuqing.js', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', ...env },
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

const lines = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const ORIGINAL =
  '网传七里河区统计局GDP数据造假，增速注水三成，群众质疑数据打架，要求一查到底，还大家一个真实的统计数据';

describe('yuqing analyze', { timeout: 180_000 }, () => {
  let dir: string;
  let schemesFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-analyze-'));
    schemesFile = path.join(dir, 'schemes.json');
    fs.writeFileSync(
      schemesFile,
      JSON.stringify([
        { id: 'quality', query: '统计 (造假 | 注水)' },
        { id: 'tianshui', query: 'region:天水' },
        { id: 'english', query: 'gdp -造假' },
      ]),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers each post as soon as it is read (streaming)', async () => {
    const child = spawn(process.execPath, ['bin/yuqing.js', 'analyze', '--schemes', schemesFile], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', YUQING_DATA_DIR: dir },
    });
    const out = createInterface({ input: child.stdout });
    const results: Record<string, unknown>[] = [];
    const next = () =>
      new Promise<Record<string, unknown>>((resolve) => {
        out.once('line', (l) => resolve(JSON.parse(l) as Record<string, unknown>));
      });
    // The second post is written only after the first one's result came back.
    let pending = next();
    child.stdin.write(`${JSON.stringify({ id: 1, text: ORIGINAL })}\n`);
    results.push(await pending);
    pending = next();
    child.stdin.write(`${JSON.stringify({ id: 2, text: `转发微博 //@陇上观察:${ORIGINAL}` })}\n`);
    results.push(await pending);
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(results[0]).toMatchObject({ id: '1', dup_of: null, schemes: ['quality'] });
    expect(results[1]).toMatchObject({ id: '2', dup_of: '1' });
  });

  it('reads sentiment, regions, risk, schemes and copies; answers bad lines in place', async () => {
    const input = [
      JSON.stringify({ id: 'neg', text: ORIGINAL }),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 'pos', text: '天水的麻辣烫太好吃了，服务也很热情，强烈推荐！' }),
      '',
      JSON.stringify({ id: 'notext', title: '没有正文' }),
      JSON.stringify({ id: 'copy', text: `${ORIGINAL}（来源：网络）` }),
      JSON.stringify({ text: '甘肅省統計局發布GDP數據' }),
    ].join('\n');
    const r = await yuqing(['analyze', '--schemes', schemesFile], { YUQING_DATA_DIR: dir }, input);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('analysed 4 posts, 2 bad lines');
    const out = lines(r.stdout);
    expect(out).toHaveLength(6);
    expect(out[0]).toMatchObject({ id: 'neg', dup_of: null, schemes: ['quality'] });
    expect((out[0]!.sentiment as { label: string }).label).toBe('negative');
    const score = (out[0]!.sentiment as { score: number }).score;
    expect(score).toBeGreaterThanOrEqual(-1);
    expect(score).toBeLessThan(0);
    expect(out[0]!.regions).toEqual(
      expect.arrayContaining([expect.objectContaining({ adcode: '620103', name: '七里河区' })]),
    );
    expect((out[0]!.risk as { score: number }).score).toBeGreaterThan(0);
    expect(out[1]).toEqual({ line: 2, error: 'not valid JSON' });
    expect(out[2]).toMatchObject({ id: 'pos', schemes: ['tianshui'] });
    expect((out[2]!.sentiment as { label: string }).label).toBe('positive');
    expect(out[3]).toMatchObject({ line: 5 });
    expect(String(out[3]!.error)).toMatch(/^text/);
    expect(out[4]).toMatchObject({ id: 'copy', dup_of: 'neg' });
    // No id: the line number names it; traditional text, Latin case folded.
    expect(out[5]).toMatchObject({ id: 'line-7', schemes: ['english'] });
  });

  it('says what is wrong with a schemes file, and where', async () => {
    const bad = path.join(dir, 'bad.ndjson');
    fs.writeFileSync(bad, '{"id":"a","query":"统计"}\n{"id":"b"}\n');
    const r = await yuqing(['analyze', '--schemes', bad], { YUQING_DATA_DIR: dir }, '');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('bad.ndjson line 2: query');
    const syntax = path.join(dir, 'syntax.json');
    fs.writeFileSync(syntax, JSON.stringify([{ id: 'x', query: '(统计' }]));
    const s = await yuqing(
      ['analyze', '--schemes', syntax],
      { YUQING_DATA_DIR: dir },
      JSON.stringify({ id: 1, text: '统计' }),
    );
    expect(s.stderr).toMatch(/scheme x does not compile/);
    expect(lines(s.stdout)[0]).toMatchObject({ id: '1', schemes: [] });
  });

  it('uses the database’s schemes, and re-analyses what import stored', async () => {
    const dbDir = path.join(dir, 'db');
    fs.mkdirSync(dbDir);
    const env = { YUQING_DATA_DIR: dbDir, YUQING_DEMO: '1', YUQING_ADMIN_PASSWORD: 'cli-admin-pw' };
    expect((await yuqing(['migrate'], env)).code).toBe(0);
    const r = await yuqing(
      ['analyze'],
      env,
      JSON.stringify({ id: 'q', text: '网传青石县GDP注水三成，统计数据造假' }),
    );
    expect(r.code, r.stderr).toBe(0);
    const [result] = lines(r.stdout);
    // Two demo schemes: data quality, and the demo county.
    expect((result!.schemes as string[]).length).toBe(2);

    const file = path.join(dir, 'posts.ndjson');
    fs.writeFileSync(
      file,
      Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          id: `p${i}`,
          source: 'file-test',
          text: `第${i}条：兰州市统计局发布数据`,
        }),
      ).join('\n'),
    );
    const imported = await yuqing(['import', file], env);
    expect(imported.code, imported.stderr).toBe(0);
    const again = await yuqing(['reanalyze'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('re-analysed 30 of 30 mentions');
    expect(again.stderr).toContain('30/30 (100.0%)');
    const stale = await yuqing(['reanalyze', '--stale'], env);
    expect(stale.stdout).toContain('re-analysed 0 of 0 mentions');
  });
});
