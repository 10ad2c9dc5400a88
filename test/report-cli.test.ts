// `yuqing report daily|weekly|monthly --date D --out FILE`, run as a user would run it against the
// configured store (SQLite in a data folder): posts imported first, then the briefing written as
// DOCX (opened as a zip: Chinese text, tables, a chart image) and as HTML, each kept as the next
// numbered issue; bad kinds, dates, files and units refused with a clear message.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.ts';
import { readDocx } from './docx-reader.ts';

const root = path.resolve(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function yuqing(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/yuqing.js', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const POSTS = [
  {
    id: 'cli-1',
    source: 'weibo',
    text: '兰州市七里河区暴雨引发洪水，多个村庄被淹，救援队伍正在转移受灾群众',
    published_at: '2026-11-28T02:00:00.000Z',
  },
  {
    id: 'cli-2',
    source: 'weibo',
    text: '七里河区暴雨洪水：救援队伍连夜转移受灾群众，村庄被淹情况正在统计',
    published_at: '2026-11-28T03:00:00.000Z',
  },
  {
    id: 'cli-3',
    source: 'news-site',
    text: '甘肃省统计局发布前三季度全省经济运行情况，主要指标稳中向好',
    published_at: '2026-11-28T05:00:00.000Z',
  },
];

describe('yuqing report', { timeout: 240_000 }, () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-report-'));
    env = { YUQING_DATA_DIR: dir, YUQING_DEMO: '1', YUQING_ADMIN_PASSWORD: 'admin password 123' };
    const m = await yuqing(['migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    const file = path.join(dir, 'posts.ndjson');
    fs.writeFileSync(file, POSTS.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const imported = await yuqing(['import', file], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('accepted 3');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a daily briefing as DOCX and keeps it as an issue', async () => {
    const out = path.join(dir, '日报.docx');
    const r = await yuqing(['report', 'daily', '--date', '2026-11-28', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('甘肃省统计局网络舆情日报（第 1 期 · 2026年11月28日）');
    const docx = await readDocx(fs.readFileSync(out));
    expect(docx.text).toContain('甘肃省统计局网络舆情日报');
    expect(docx.text).toContain('2026年11月28日，共监测到与我局工作相关的网络舆情信息 3 条');
    expect(docx.text).toContain('情感倾向分布');
    expect(docx.tables).toBeGreaterThanOrEqual(4);
    expect(docx.media.some((m) => m.endsWith('.png'))).toBe(true);

    // Stored like any other, as made from the command line.
    const store = await openStore({ sqliteFile: path.join(dir, 'yuqing.db') });
    try {
      const rows = await store.db
        .selectFrom('briefings')
        .select(['kind', 'issue_no', 'trigger', 'generated_by_name', 'period_key'])
        .execute();
      expect(rows).toEqual([
        {
          kind: 'daily',
          issue_no: 1,
          trigger: 'cli',
          generated_by_name: 'system',
          period_key: '2026-11-28',
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it('writes HTML when the file ends in .html; weekly and monthly too; --unit for a bureau', async () => {
    const html = path.join(dir, 'weekly.html');
    const w = await yuqing(['report', 'weekly', '--date', '2026-11-28', '--out', html], env);
    expect(w.code, w.stderr).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('甘肃省统计局网络舆情周报');
    expect(page).toContain('2026年11月23日至11月29日');
    expect(page).toContain('<svg');
    const m = await yuqing(
      ['report', 'monthly', '--date', '2026-11-01', '--out', path.join(dir, 'm.docx')],
      env,
    );
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('甘肃省统计局网络舆情月报（第 1 期 · 2026年11月）');
    const city = await yuqing(
      [
        'report',
        'daily',
        '--date',
        '2026-11-28',
        '--out',
        path.join(dir, 'lz.docx'),
        '--unit',
        'C620100',
      ],
      env,
    );
    expect(city.code, city.stderr).toBe(0);
    expect(city.stdout).toContain('兰州市统计局网络舆情日报（第 1 期 · 2026年11月28日）');
    const again = await yuqing(
      ['report', 'daily', '--date', '2026-11-28', '--out', path.join(dir, 'again.docx')],
      env,
    );
    expect(again.stdout).toContain('（第 2 期 · 2026年11月28日）');
  });

  it('refuses a bad kind, date, file or unit, saying which', async () => {
    const out = path.join(dir, 'x.docx');
    const cases: [string[], RegExp][] = [
      [
        ['report', 'yearly', '--date', '2026-11-28', '--out', out],
        /unknown kind "yearly": one of daily, weekly, monthly/,
      ],
      [
        ['report', 'daily', '--date', '2026-02-30', '--out', out],
        /--date: 2026-02-30 is not a calendar day/,
      ],
      [
        ['report', 'daily', '--date', '2099-01-01', '--out', out],
        /--date: 2099-01-01 is in the future/,
      ],
      [
        ['report', 'daily', '--date', '2026-11-28', '--out', path.join(dir, 'x.pdf')],
        /name a \.docx file \(Word\) or an \.html file/,
      ],
      [
        ['report', 'daily', '--date', '2026-11-28', '--out', out, '--unit', 'NOPE'],
        /--unit: no unit with code NOPE/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await yuqing(args, env);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
