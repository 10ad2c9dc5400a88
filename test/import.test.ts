// `yuqing import`: NDJSON and CSV, streaming, with a summary; killed with SIGKILL midway and
// run again, it completes with every post stored exactly once; with --alerts it raises alerts
// that `yuqing alerts` lists and checks.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONDITIONS } from '../src/domain/alert-rules.ts';
import { AlertService } from '../src/services/alert.service.ts';
import { SYSTEM } from '../src/services/context.ts';
import { openStore } from '../src/store/db.ts';
import { OrgRepository } from '../src/store/org.repository.ts';
import { testDeps } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');

function yuqing(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/yuqing.js', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** A mention count straight from the database file, as another process sees it. */
function dbQuery<T>(dir: string, sql: string): T {
  const db = new SQLite(path.join(dir, 'yuqing.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

describe('yuqing import', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-import-'));
    env = { YUQING_DATA_DIR: dir, YUQING_ADMIN_PASSWORD: 'import-test-admin' };
    expect((await yuqing(['migrate'], env)).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('survives SIGKILL midway: the re-run completes it, every post exactly once', async () => {
    const file = path.join(dir, 'stream.ndjson');
    const lines: string[] = [];
    let unique = 0;
    let bad = 0;
    let dup = 0;
    let repeatsOfBad = 0;
    for (let i = 0; i < 30_000; i++) {
      if (i % 1500 === 1499) {
        lines.push('{"source":"weibo","text":'); // broken line
        bad++;
      } else if (i % 1000 === 999) {
        // A repeat of an earlier line; a repeated broken line is rejected again, not a duplicate.
        const earlier = lines[i - 500] ?? '';
        lines.push(earlier);
        if (earlier.endsWith('"text":')) repeatsOfBad++;
        else dup++;
      } else {
        lines.push(
          JSON.stringify({
            id: `p${i}`,
            source: 'weibo',
            author: `用户${i % 97}`,
            text: `第${i}条微博：统计数据怎么看？#甘肃#`,
            published_at: '2026-11-27 10:00',
          }),
        );
        unique++;
      }
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');

    const child = spawn(
      process.execPath,
      ['bin/yuqing.js', 'import', file, '--batch-size', '250'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', ...env },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((r) => child.on('exit', r));
    // Kill once some batches are committed and before the end.
    const deadline = Date.now() + 60_000;
    let done = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        done =
          dbQuery<{ n: number } | undefined>(dir, 'select bytes_done as n from import_runs')?.n ??
          0;
      } catch {
        done = 0;
      }
      if (done > 0) break;
    }
    child.kill('SIGKILL');
    await exited;
    const size = fs.statSync(file).size;
    expect(done).toBeGreaterThan(0);
    const afterKill = dbQuery<{ n: number }>(dir, 'select count(*) as n from mentions').n;
    expect(afterKill).toBeLessThan(unique);

    const rerun = await yuqing(['import', file, '--batch-size', '250'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/resumed at byte \d+ of \d+/);
    const stored = dbQuery<{ n: number; keys: number }>(
      dir,
      'select count(*) as n, count(distinct natural_key) as keys from mentions',
    );
    expect(stored.n).toBe(unique);
    expect(stored.keys).toBe(unique);
    const run = dbQuery<{
      records_done: number;
      accepted: number;
      duplicates: number;
      rejected: number;
      bytes_done: number;
      finished_at: string | null;
    }>(dir, 'select * from import_runs');
    expect(run).toMatchObject({
      records_done: 30_000,
      accepted: unique,
      duplicates: dup,
      rejected: bad + repeatsOfBad,
      bytes_done: size,
    });
    expect(run.finished_at).not.toBeNull();

    // A third run knows the file is done; --again re-reads it and stores nothing new.
    expect((await yuqing(['import', file], env)).stdout).toContain(
      'was imported completely before',
    );
    const again = await yuqing(['import', file, '--again'], env);
    expect(again.stdout).toMatch(
      new RegExp(`accepted 0, duplicates ${unique + dup}, rejected ${bad + repeatsOfBad}`),
    );
    expect(dbQuery<{ n: number }>(dir, 'select count(*) as n from mentions').n).toBe(unique);
  });

  it('imports CSV with quoted newlines, a BOM and column mapping, and names bad rows', async () => {
    const file = path.join(dir, 'posts.csv');
    const rows = [
      'mid,review,uid,t,reposts_count',
      '1,"第一行，含逗号",u1,2026-11-27 08:00,3',
      '2,"跨行的""引号""文本\n第二行",u2,2026-11-27 09:00,0',
      '3,少一列,u3',
      '4,"未闭合的引号,u4,2026-11-27 10:00,1',
    ];
    fs.writeFileSync(file, '\uFEFF' + rows.join('\r\n') + '\r\n');
    const r = await yuqing(
      [
        'import',
        file,
        '--source',
        'weibo-csv',
        '--map',
        'id=mid,text=review,author=uid,published_at=t,metrics.reposts=reposts_count',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('records 4: accepted 2, duplicates 0, rejected 2');
    expect(r.stdout).toContain('record 2: (row): has 3 columns; the header has 5');
    expect(r.stdout).toContain('record 3: (row): has an unclosed quote in column 2');
    const second = dbQuery<{ text: string; author: string; metrics: string; published_at: string }>(
      dir,
      "select * from mentions where external_id = '2'",
    );
    expect(second.text).toBe('跨行的"引号"文本\n第二行');
    expect(second.author).toBe('u2');
    expect(JSON.parse(second.metrics)).toEqual({ reposts: 0 });
    expect(second.published_at).toBe('2026-11-27T01:00:00.000Z'); // 09:00 in Asia/Shanghai
  });

  it('refuses a missing file and bad flags with a clear message', async () => {
    const missing = await yuqing(['import', path.join(dir, 'nope.ndjson')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const flag = await yuqing(['import', path.join(dir, 'posts.csv'), '--map', 'text'], env);
    expect(flag.stderr).toContain('--map: "text" is not field=column');
  });

  it('with --alerts raises the alerts its posts meet; `yuqing alerts` lists them and runs the coverage check', async () => {
    // A rule, made as the office would through the API (here straight through the service).
    const store = await openStore({ sqliteFile: path.join(dir, 'yuqing.db') });
    try {
      await new AlertService(testDeps(store)).createRule(SYSTEM, {
        name: '数据造假',
        severity: 'high',
        enabled: true,
        unit_id: (await new OrgRepository(store.db).rootUnit())!.id,
        conditions: { ...DEFAULT_CONDITIONS, riskCategories: ['data_falsification'] },
        quiet_hours: null,
        debounce_seconds: 0,
      });
    } finally {
      await store.close();
    }
    const rumour = '网传某县统计局篡改农民人均可支配收入数据，数据造假严重';
    const file = path.join(dir, 'alerts.ndjson');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'al-1', source: 'weibo', text: rumour }),
        JSON.stringify({ id: 'al-2', source: 'weibo', text: '今天天气很好' }),
      ].join('\n'),
    );
    // Without --alerts an import stays quiet.
    const quiet = path.join(dir, 'quiet.ndjson');
    fs.writeFileSync(
      quiet,
      JSON.stringify({ id: 'al-0', source: 'weibo', text: `另一县${rumour}` }),
    );
    expect((await yuqing(['import', quiet], env)).code).toBe(0);
    expect((await yuqing(['alerts', 'list'], env)).stdout).toContain('no alerts');

    expect((await yuqing(['import', file, '--alerts'], env)).code).toBe(0);
    const list = await yuqing(['alerts', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const items = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { title: string; severity: string; status: string });
    expect(items).toHaveLength(1);
    // The post joined the story the quiet import began (its title is that post's).
    expect(items[0]).toMatchObject({ severity: 'high', status: 'open' });
    expect(items[0]?.title).toContain(rumour);
    // In time: the check passes; past the deadline it lists the alert and exits 1.
    let check = await yuqing(['alerts', 'coverage'], env);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('0 past their acknowledgement deadline');
    const db = new SQLite(path.join(dir, 'yuqing.db'));
    db.prepare("update alerts set ack_due_at = '2020-01-01T00:00:00.000Z'").run();
    db.close();
    check = await yuqing(['alerts', 'coverage'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('1 past their acknowledgement deadline');
    expect(check.stdout).toContain(`overdue`);
    expect(check.stdout).toContain(rumour);
    expect((await yuqing(['alerts', 'list', '--status', 'closed'], env)).stderr).toContain(
      '--status must be one of',
    );
  });
});
