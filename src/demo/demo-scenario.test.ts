import { describe, expect, it } from 'vitest';
import { analysisText, contentKey, toSimplified } from '../analysis/normalise.ts';
import { validateIncomingPost } from '../ingest/post-schema.ts';
import { DEMO_CITY_BUREAUS } from './demo-organisation.ts';
import {
  DEMO_RUMOUR_COUNTY,
  DEMO_SCENARIO,
  DEMO_SPEEDUP_DEFAULT,
  DEMO_STORY_MINUTES,
  demoDurationMs,
  demoPostTime,
  demoPostsDue,
  withPublishedAt,
  type DemoPost,
} from './demo-scenario.ts';

// All 86 county-level divisions of Gansu (17 districts, 5 county-level cities, 57 counties,
// 7 autonomous counties), by city or prefecture. None may be the county of the rumour.
// prettier-ignore
const GANSU_COUNTIES: readonly string[] = [
  // 兰州市
  '城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县',
  // 金昌市
  '金川区', '永昌县',
  // 白银市
  '白银区', '平川区', '靖远县', '会宁县', '景泰县',
  // 天水市
  '秦州区', '麦积区', '清水县', '秦安县', '甘谷县', '武山县', '张家川回族自治县',
  // 武威市
  '凉州区', '民勤县', '古浪县', '天祝藏族自治县',
  // 张掖市
  '甘州区', '肃南裕固族自治县', '民乐县', '临泽县', '高台县', '山丹县',
  // 平凉市
  '崆峒区', '泾川县', '灵台县', '崇信县', '庄浪县', '静宁县', '华亭市',
  // 酒泉市
  '肃州区', '金塔县', '瓜州县', '肃北蒙古族自治县', '阿克塞哈萨克族自治县', '玉门市', '敦煌市',
  // 庆阳市
  '西峰区', '庆城县', '环县', '华池县', '合水县', '正宁县', '宁县', '镇原县',
  // 定西市
  '安定区', '通渭县', '陇西县', '渭源县', '临洮县', '漳县', '岷县',
  // 陇南市
  '武都区', '成县', '文县', '宕昌县', '康县', '西和县', '礼县', '徽县', '两当县',
  // 临夏回族自治州
  '临夏市', '临夏县', '康乐县', '永靖县', '广河县', '和政县', '东乡族自治县',
  '积石山保安族东乡族撒拉族自治县',
  // 甘南藏族自治州
  '合作市', '临潭县', '卓尼县', '舟曲县', '迭部县', '玛曲县', '碌曲县', '夏河县',
];

const act = (n: 1 | 2 | 3) => DEMO_SCENARIO.filter((p) => p.act === n);

/** Title and text as the analysis reads them: simplified, folded, invisibles removed. */
const readable = (p: DemoPost) => analysisText({ title: p.title, text: p.text });

const TRADITIONAL_ONLY = /[縣統計數據假內關於確聽說這麼為還與會後來對時報經濟區鄉鎮財稅書寫]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/u;

describe('DEMO_SCENARIO', () => {
  it('has about 60, 120 and 40 posts in its three acts', () => {
    expect(act(1).length).toBeGreaterThanOrEqual(55);
    expect(act(1).length).toBeLessThanOrEqual(65);
    expect(act(2).length).toBeGreaterThanOrEqual(110);
    expect(act(2).length).toBeLessThanOrEqual(130);
    expect(act(3).length).toBeGreaterThanOrEqual(35);
    expect(act(3).length).toBeLessThanOrEqual(45);
  });

  it('has unique, stable ids and is sorted by story time', () => {
    const ids = DEMO_SCENARIO.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    DEMO_SCENARIO.forEach((p, i) => {
      expect(p.id).toBe(`demo-${String(i + 1).padStart(4, '0')}`);
      const next = DEMO_SCENARIO[i + 1];
      if (next) expect(next.offsetMinutes).toBeGreaterThanOrEqual(p.offsetMinutes);
    });
  });

  it('plays its acts in order within three days of story time', () => {
    const first = DEMO_SCENARIO[0];
    const last = DEMO_SCENARIO[DEMO_SCENARIO.length - 1];
    expect(first?.offsetMinutes).toBeGreaterThan(0);
    expect(last?.offsetMinutes).toBeLessThanOrEqual(DEMO_STORY_MINUTES);
    const lastOf1 = Math.max(...act(1).map((p) => p.offsetMinutes));
    const lastOf2 = Math.max(...act(2).map((p) => p.offsetMinutes));
    expect(Math.min(...act(2).map((p) => p.offsetMinutes))).toBeGreaterThan(lastOf1);
    expect(Math.min(...act(3).map((p) => p.offsetMinutes))).toBeGreaterThan(lastOf2);
  });

  it('labels every post as demo: demo- sources and URLs that cannot resolve', () => {
    for (const p of DEMO_SCENARIO) {
      expect(p.source).toMatch(/^demo-/);
      expect(p.url.startsWith('https://demo.invalid/')).toBe(true);
      expect(p.text.trim()).not.toBe('');
      expect(p.text).not.toContain('[演示]');
      expect(p.author.trim()).not.toBe('');
    }
    // The statement's own link points into demo.invalid too.
    for (const url of DEMO_SCENARIO.flatMap((p) => p.text.match(/https?:\/\/[^\s）)]+/gu) ?? [])) {
      expect(url.startsWith('https://demo.invalid/')).toBe(true);
    }
  });

  it('gives every official or media account a （演示） name', () => {
    const institutional = DEMO_SCENARIO.filter((p) =>
      /统计局|发布|晨报|新闻|财经|美食志/u.test(p.author),
    );
    expect(institutional.length).toBeGreaterThan(20);
    for (const p of institutional) expect(p.author).toMatch(/（演示）$/u);
  });

  it('is valid input for the ingest API, with published_at in real time', () => {
    const start = new Date('2025-03-01T00:00:00.000Z');
    for (const p of DEMO_SCENARIO) {
      const live = withPublishedAt(p, start, DEMO_SPEEDUP_DEFAULT);
      expect(validateIncomingPost(live).ok).toBe(true);
      expect(live.published_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/u);
      expect(Date.parse(live.published_at)).toBe(
        demoPostTime(p, start, DEMO_SPEEDUP_DEFAULT).getTime(),
      );
    }
    const first = DEMO_SCENARIO[0];
    if (!first) throw new Error('empty scenario');
    // 90 story minutes at 60x are 90 real seconds; Beijing is 8 hours ahead of UTC.
    const later = withPublishedAt({ ...first, offsetMinutes: 90 }, start, 60);
    expect(later.published_at).toBe('2025-03-01T08:01:30.000+08:00');
  });

  it('has replies and reposts whose parents come before them', () => {
    const position = new Map(DEMO_SCENARIO.map((p, i) => [p.id, i]));
    const children = DEMO_SCENARIO.filter((p) => p.parent_id !== undefined);
    expect(children.length).toBeGreaterThan(40);
    DEMO_SCENARIO.forEach((p, i) => {
      if (p.parent_id === undefined) return;
      const at = position.get(p.parent_id);
      expect(at).toBeDefined();
      expect(at ?? Infinity).toBeLessThan(i);
    });
  });

  it('spreads act 1 over all 14 cities and prefectures, with regions the organisation knows', () => {
    const known = new Set(DEMO_CITY_BUREAUS.map((u) => u.name.replace(/统计局$/u, '')));
    expect(known.size).toBe(14);
    for (const p of DEMO_SCENARIO) {
      if (p.region !== undefined) expect(known.has(p.region)).toBe(true);
    }
    expect(new Set(act(1).flatMap((p) => (p.region ? [p.region] : []))).size).toBe(14);
  });

  it('names no real county of Gansu in the rumour or its clarification', () => {
    expect(GANSU_COUNTIES.length).toBe(86);
    expect(new Set(GANSU_COUNTIES).size).toBe(86);
    expect(GANSU_COUNTIES).not.toContain(DEMO_RUMOUR_COUNTY);
    const named = [...act(2), ...act(3)].flatMap((p) => {
      const texts = [p.text, p.title ?? '', readable(p)];
      return GANSU_COUNTIES.filter((c) => texts.some((t) => t.includes(c))).map(
        (c) => `${p.id}: ${c}`,
      );
    });
    expect(named).toEqual([]);
    const aboutCounty = act(2).filter((p) => readable(p).includes(DEMO_RUMOUR_COUNTY));
    expect(aboutCounty.length).toBeGreaterThan(30);
  });

  it('has a burst: the busiest hour of act 2 has at least 5 times the posts of its first', () => {
    const rumour = act(2);
    const start = rumour[0]?.offsetMinutes ?? 0;
    const perHour = new Map<number, number>();
    for (const p of rumour) {
      const hour = Math.floor((p.offsetMinutes - start) / 60);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    const first = perHour.get(0) ?? 0;
    const busiest = Math.max(...perHour.values());
    expect(first).toBeGreaterThan(0);
    expect(busiest).toBeGreaterThanOrEqual(5 * first);
  });

  it('grows the metrics in the burst', () => {
    const rumour = act(2);
    const reposts = (p: DemoPost) => p.metrics?.reposts ?? 0;
    const early = rumour.slice(0, 10).reduce((s, p) => s + reposts(p), 0);
    const viral = Math.max(...rumour.map(reposts));
    expect(viral).toBeGreaterThan(1000);
    expect(viral).toBeGreaterThan(10 * early);
  });

  it('has posts in traditional characters', () => {
    const traditional = act(2).filter(
      (p) => TRADITIONAL_ONLY.test(p.text) && toSimplified(p.text) !== p.text,
    );
    expect(traditional.length).toBeGreaterThanOrEqual(5);
  });

  it('has posts dodging keyword filters: zero-width, full-width and dotted characters', () => {
    const rumour = act(2);
    expect(rumour.filter((p) => ZERO_WIDTH.test(p.text)).length).toBeGreaterThanOrEqual(3);
    expect(rumour.some((p) => /[\uFF21-\uFF3A\uFF10-\uFF19]/u.test(p.text))).toBe(true);
    expect(rumour.some((p) => p.text.includes('统.计.局'))).toBe(true);
    // Once normalised, the dodged words read plainly.
    const dodged = rumour.filter((p) => ZERO_WIDTH.test(p.text));
    expect(dodged.every((p) => !ZERO_WIDTH.test(readable(p)))).toBe(true);
    expect(dodged.some((p) => readable(p).includes('造假'))).toBe(true);
  });

  it('has exact duplicates, normalisation duplicates and near duplicates', () => {
    const rumour = act(2).filter((p) => p.text !== '转发微博');
    // Exact: the same text from different posts.
    const byText = new Map<string, DemoPost[]>();
    for (const p of rumour) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
    const exact = [...byText.values()].filter((g) => g.length > 1);
    expect(exact.length).toBeGreaterThanOrEqual(2);
    expect(exact.some((g) => g.length >= 4)).toBe(true);

    // Different texts that the analysis reads as the same content.
    const byKey = new Map<string, Set<string>>();
    for (const p of rumour) {
      const key = contentKey(readable(p));
      byKey.set(key, (byKey.get(key) ?? new Set()).add(p.text));
    }
    const variants = [...byKey.values()].filter((texts) => texts.size > 1);
    expect(variants.length).toBeGreaterThanOrEqual(2);
    expect(variants.some((texts) => texts.size >= 3)).toBe(true);

    // Near: a long text again with a short tail (转发微博, a call to share, a source line).
    const keys = [...byKey.keys()];
    const near = keys.filter((a) =>
      keys.some((b) => a !== b && a.length > 40 && b.startsWith(a) && b.length - a.length <= 30),
    );
    expect(near.length).toBeGreaterThanOrEqual(2);
    expect(rumour.some((p) => p.text.endsWith(' 转发微博') && p.text.length > 40)).toBe(true);
  });

  it('carries Weibo repost chains', () => {
    const chains = act(2).filter((p) => p.text.includes('//@'));
    expect(chains.length).toBeGreaterThanOrEqual(5);
    expect(chains.some((p) => (p.text.match(/\/\/@/gu) ?? []).length >= 3)).toBe(true);
    for (const p of chains) expect(p.parent_id).toBeDefined();
    expect(act(2).some((p) => p.text.includes('#青石县统计造假#'))).toBe(true);
  });

  it('ends with the official statement: facts, their source and the full data', () => {
    const statement = act(3).find(
      (p) => p.author === '甘肃省统计局（演示）' && p.text.startsWith('【情况说明】'),
    );
    expect(statement).toBeDefined();
    expect(statement?.text).toContain('数据来源');
    expect(statement?.text).toContain('https://demo.invalid/');
    expect(act(3)[0]).toBe(statement);
    expect(act(3).filter((p) => p.source === 'demo-news').length).toBeGreaterThanOrEqual(2);
  });
});

describe('replay', () => {
  const start = new Date('2025-03-01T02:00:00.000Z');
  const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

  it('plays the whole scenario in about 10 minutes by default', () => {
    expect(demoDurationMs() / 60_000).toBeGreaterThan(9);
    expect(demoDurationMs() / 60_000).toBeLessThanOrEqual(10);
  });

  it('has nothing due at the start and everything after the full duration', () => {
    expect(demoPostsDue(start, start, DEMO_SPEEDUP_DEFAULT)).toEqual([]);
    expect(demoPostsDue(start, minutes(-5), DEMO_SPEEDUP_DEFAULT)).toEqual([]);
    const end = new Date(start.getTime() + demoDurationMs(DEMO_SPEEDUP_DEFAULT));
    expect(demoPostsDue(start, end, DEMO_SPEEDUP_DEFAULT)).toEqual([...DEMO_SCENARIO]);
    expect(demoPostsDue(start, minutes(60), DEMO_SPEEDUP_DEFAULT)).toEqual([...DEMO_SCENARIO]);
  });

  it('is monotonic: what is due stays due, in story order', () => {
    let previous: DemoPost[] = [];
    for (let s = 0; s <= 620; s += 5) {
      const due = demoPostsDue(start, new Date(start.getTime() + s * 1000), DEMO_SPEEDUP_DEFAULT);
      expect(due.length).toBeGreaterThanOrEqual(previous.length);
      expect(due.slice(0, previous.length)).toEqual(previous);
      previous = due;
    }
    expect(previous.length).toBe(DEMO_SCENARIO.length);
  });

  it('makes a post due exactly at its published_at, never before', () => {
    for (const p of DEMO_SCENARIO.slice(0, 50)) {
      const at = demoPostTime(p, start, DEMO_SPEEDUP_DEFAULT);
      expect(demoPostsDue(start, at, DEMO_SPEEDUP_DEFAULT)).toContain(p);
      const before = new Date(at.getTime() - 1);
      expect(demoPostsDue(start, before, DEMO_SPEEDUP_DEFAULT)).not.toContain(p);
      const live = withPublishedAt(p, start, DEMO_SPEEDUP_DEFAULT);
      expect(Date.parse(live.published_at)).toBe(at.getTime());
    }
  });

  it('scales with the speedup and rejects a speedup that is not positive', () => {
    const half = demoPostsDue(start, minutes(5), DEMO_SPEEDUP_DEFAULT).length;
    expect(demoPostsDue(start, minutes(5), DEMO_SPEEDUP_DEFAULT * 2).length).toBe(
      DEMO_SCENARIO.length,
    );
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(DEMO_SCENARIO.length);
    expect(() => demoPostsDue(start, start, 0)).toThrow(RangeError);
    expect(() => demoPostsDue(start, start, Number.NaN)).toThrow(RangeError);
  });
});
