import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import { DOMAIN_WORDS, PLACE_WORDS, STATISTICS_WORDS } from './dict/domain-words.ts';
import { PLACES } from './gazetteer.ts';
import { analysisText } from './normalise.ts';
import { createSegmenter, defaultSegmenter } from './segment.ts';

describe('domain dictionary', () => {
  it('holds the statistics vocabulary and every gazetteer name, once, without whitespace', () => {
    expect(STATISTICS_WORDS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(STATISTICS_WORDS).size).toBe(STATISTICS_WORDS.length);
    expect(new Set(DOMAIN_WORDS).size).toBe(DOMAIN_WORDS.length);
    for (const w of DOMAIN_WORDS) expect(w).toMatch(/^\S+$/u);
    for (const p of PLACES) {
      for (const name of [p.name, ...p.aliases]) expect(DOMAIN_WORDS).toContain(name);
    }
    expect(PLACE_WORDS).toContain('张家川');
  });
});

describe('segmenter', () => {
  const seg = defaultSegmenter();

  it('is built once and shared', () => {
    expect(defaultSegmenter()).toBe(seg);
  });

  it('cuts domain terms as one token', () => {
    expect(seg.cut('兰州新区统计局被指数据打架')).toEqual([
      '兰州',
      '新区',
      '统计局',
      '被',
      '指',
      '数据打架',
    ]);
    expect(seg.cut('张家川回族自治县规模以上工业增加值同比增长5.1%')).toEqual([
      '张家川回族自治县',
      '规模以上工业增加值',
      '同比增长',
      '5.1%',
    ]);
    const tokens = (text: string) => new Set(seg.cut(text));
    expect(tokens('国家统计局甘肃调查总队发布居民人均可支配收入')).toEqual(
      new Set(['国家统计局甘肃调查总队', '发布', '居民人均可支配收入']),
    );
    expect(tokens('统计执法检查发现瞒报、虚报和弄虚作假')).toEqual(
      new Set(['统计执法检查', '发现', '瞒报', '、', '虚报', '和', '弄虚作假']),
    );
    expect(seg.cut('GDP核算改革后CPI与gdp')).toEqual(['GDP核算', '改革', '后', 'CPI', '与', 'gdp']);
    expect(seg.cut('积石山保安族东乡族撒拉族自治县和积石山县')).toEqual([
      '积石山保安族东乡族撒拉族自治县',
      '和',
      '积石山县',
    ]);
    expect(seg.cut('城镇调查失业率为5.2%')).toEqual(['城镇调查失业率', '为', '5.2%']);
    expect(seg.cut('甘肃省统计局发布国民经济和社会发展统计公报')).toEqual([
      '甘肃省统计局',
      '发布',
      '国民经济和社会发展统计公报',
    ]);
  });

  it('does not let added words swallow their neighbours', () => {
    expect(seg.cut('临夏州的和政县和政府')).toEqual(['临夏州', '的', '和政县', '和', '政府']);
    expect(seg.cut('今天天水下雪了')).toEqual(['今天', '天水', '下雪', '了']);
    expect(seg.cut('人口死亡率下降')).toEqual(['人口', '死亡率', '下降']);
  });

  it('takes user words at creation and at run time', () => {
    const own = createSegmenter({ userWords: ['兰州新区', '数据兑水'] });
    expect(own.cut('兰州新区被指数据兑水')).toEqual(['兰州新区', '被', '指', '数据兑水']);
    expect(own.cut('统计局表示被平均了')).not.toContain('被平均');
    own.addWords(['被平均', '  ', '']);
    expect(own.cut('统计局表示被平均了')).toEqual(['统计局', '表示', '被平均', '了']);
    expect(() => own.addWords(['两个 词'])).toThrow(/whitespace/);
    // The shared segmenter is not affected by another instance's words.
    expect(seg.cut('兰州新区')).toEqual(['兰州', '新区']);
  });

  const stream = sharedData('stream/covid19_weibo_daily', 'segment');
  it.skipIf(stream === undefined)('measures load time and throughput on real posts', () => {
    const t0 = performance.now();
    const fresh = createSegmenter();
    const loadMs = performance.now() - t0;
    const posts = readFileSync(path.join(stream!, '2020-01-27.csv'), 'utf8')
      .split('\n')
      .slice(1, 5001)
      .map((line) => analysisText({ text: line.slice(line.indexOf(',') + 1) }));
    const chars = posts.reduce((n, p) => n + p.length, 0);
    const t1 = performance.now();
    let tokens = 0;
    for (const p of posts) tokens += fresh.cut(p).length;
    const cutMs = performance.now() - t1;
    console.log(
      `segment: load ${loadMs.toFixed(0)} ms; ${posts.length} posts, ${chars} chars, ` +
        `${tokens} tokens in ${cutMs.toFixed(0)} ms ` +
        `(${((chars / cutMs) * 1000).toFixed(0)} chars/s, ${((posts.length / cutMs) * 1000).toFixed(0)} posts/s)`,
    );
    expect(tokens).toBeGreaterThan(posts.length);
  });
});
