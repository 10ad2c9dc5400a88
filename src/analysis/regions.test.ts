import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import { PLACES } from './gazetteer.ts';
import { analysisText } from './normalise.ts';
import { compileRegions, DEFAULT_REGION_TRAPS, type RegionHit } from './regions.ts';

const regions = compileRegions();
const names = (text: string) => regions.detect(text).map((h) => h.name);
const brief = (h: RegionHit) => `${h.name}:${h.mentions}@${h.first}`;

describe('compileRegions', () => {
  it('prefers the longest name at the leftmost position, one hit per place', () => {
    expect(regions.detect('兰州市统计局')).toEqual([
      {
        adcode: '620100',
        name: '兰州市',
        level: 'prefecture',
        path: ['620000', '620100'],
        mentions: 1,
        first: 0,
      },
    ]);
    expect(regions.detect('张家川回族自治县，张家川县，张家川').map(brief)).toEqual([
      '张家川回族自治县:3@0',
    ]);
    expect(regions.detect('浙江西部和兰州').map(brief)).toEqual(['浙江省:1@0', '兰州市:1@5']);
    expect(regions.detect('甘肃省兰州市城关区').map(brief)).toEqual([
      '甘肃省:1@0',
      '兰州市:1@3',
      '城关区:1@6',
    ]);
  });

  it('gives a county its path and does not add the parents it does not name', () => {
    const [hit, ...rest] = regions.detect('积石山县发生地震');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      adcode: '622927',
      name: '积石山保安族东乡族撒拉族自治县',
      level: 'county',
      path: ['620000', '622900', '622927'],
    });
    expect(regions.detect('湖北武汉').map((h) => h.path)).toEqual([['420000']]);
  });

  it('orders hits by first mention and counts mentions', () => {
    expect(regions.detect('天水、定西和天水市，还有北京、北京市').map(brief)).toEqual([
      '天水市:2@0',
      '定西市:1@3',
      '北京市:2@12',
    ]);
  });

  it('reads short forms by the alias rules', () => {
    expect(names('临夏州和临夏')).toEqual(['临夏回族自治州']);
    expect(names('临夏市和临夏县')).toEqual(['临夏市', '临夏县']);
    expect(names('甘南的合作市')).toEqual(['甘南藏族自治州', '合作市']);
    expect(names('内蒙和广西、新疆、西藏、宁夏、香港特区')).toEqual([
      '内蒙古自治区',
      '广西壮族自治区',
      '新疆维吾尔自治区',
      '西藏自治区',
      '宁夏回族自治区',
      '香港特别行政区',
    ]);
    // Common words and ambiguous short forms are not places.
    expect(names('社会安定，城关一带，大家合作，市民和政府')).toEqual([]);
    expect(names('永登、肃南、张家川')).toEqual(['永登县', '肃南裕固族自治县', '张家川回族自治县']);
  });

  it('does not read a place into the words around it', () => {
    const traps = [
      '他东躲西藏了很久',
      '北京时间八点',
      '隆重庆祝建国七十周年',
      '建设幸福建设美好',
      '今天水位上涨，每天水果不断',
      '说不定西药有效，我们一定西化',
      '国庆阳光明媚',
      '春天来临夏季不远，大驾光临夏宫',
      '真金白银的投入，白银价格下跌',
      '去吃兰州拉面',
      '酒泉卫星发射中心发射成功',
      '景泰蓝工艺，山丹丹花开',
      '引导市民勤洗手，当天祝寿',
      '阿克塞尔来了',
      '齐齐哈尔甘南县',
      '兰州市城关区张掖路步行街', // the street; 兰州市 and 城关区 still count
      '上海南京路和四川北路',
    ];
    const found = traps.map((t) => `${t} => ${names(t).join(',')}`);
    expect(found).toEqual([
      '他东躲西藏了很久 => ',
      '北京时间八点 => ',
      '隆重庆祝建国七十周年 => ',
      '建设幸福建设美好 => ',
      '今天水位上涨，每天水果不断 => ',
      '说不定西药有效，我们一定西化 => ',
      '国庆阳光明媚 => ',
      '春天来临夏季不远，大驾光临夏宫 => ',
      '真金白银的投入，白银价格下跌 => ',
      '去吃兰州拉面 => ',
      '酒泉卫星发射中心发射成功 => ',
      '景泰蓝工艺，山丹丹花开 => ',
      '引导市民勤洗手，当天祝寿 => ',
      '阿克塞尔来了 => ',
      '齐齐哈尔甘南县 => ',
      '兰州市城关区张掖路步行街 => 兰州市,城关区',
      '上海南京路和四川北路 => 上海市',
    ]);
    // A trap hides only the names inside it: 决定西藏 keeps 西藏, 光临临夏 keeps 临夏.
    expect(names('决定西藏的未来')).toEqual(['西藏自治区']);
    expect(names('欢迎光临临夏')).toEqual(['临夏回族自治州']);
    expect(names('今天天水下雪')).toEqual(['天水市']);
    expect(DEFAULT_REGION_TRAPS).toContain('酒泉路');
  });

  it('reads a two-character county name only where it starts a word', () => {
    expect(names('河南太康县、湖北保康县、江西武宁县、浙江文成县、襄阳南漳县')).toEqual([
      '河南省',
      '湖北省',
      '江西省',
      '浙江省',
      // 襄阳 is not in the gazetteer
    ]);
    expect(names('庆阳市宁县、陇南礼县、甘肃岷县，在成县')).toEqual([
      '庆阳市',
      '宁县',
      '陇南市',
      '礼县',
      '甘肃省',
      '岷县',
      '成县',
    ]);
    expect(names('2庆阳·环县 康县。徽县：')).toEqual(['庆阳市', '环县', '康县', '徽县']);
    // The longer county wins even where a short one ends it.
    expect(names('会宁县、静宁县、正宁县')).toEqual(['会宁县', '静宁县', '正宁县']);
  });

  it('expects the analysis text: traditional script is found once normalised', () => {
    expect(names(analysisText({ text: '甘肅省蘭州市的新聞' }))).toEqual(['甘肃省', '兰州市']);
    expect(names(analysisText({ text: '香港天水圍' }))).toEqual(['香港特别行政区']);
    expect(names(analysisText({ text: '＜甘肃＞ＧＤＰ' }))).toEqual(['甘肃省']);
  });

  it('takes extra names: aliases of known places and new places under known ones', () => {
    const alias = compileRegions(PLACES, [{ name: '兰州新区', adcode: '620100' }]);
    expect(alias.detect('兰州新区统计局').map(brief)).toEqual(['兰州市:1@0']);
    const zone = compileRegions(PLACES, [{ name: '兰州新区', adcode: '620171' }]);
    expect(zone.detect('兰州新区统计局')).toEqual([
      {
        adcode: '620171',
        name: '兰州新区',
        level: 'county',
        path: ['620000', '620100', '620171'],
        mentions: 1,
        first: 0,
      },
    ]);
    expect(regions.detect('兰州新区统计局').map(brief)).toEqual(['兰州市:1@0']);
    expect(() => compileRegions(PLACES, [{ name: '兰州', adcode: '620200' }])).toThrow(/兰州/);
    expect(() => compileRegions(PLACES, [{ name: 'x', adcode: '62' }])).toThrow(/six digits/);
    // Traps can be replaced.
    expect(compileRegions(PLACES, [], { traps: [] }).detect('东躲西藏').map(brief)).toEqual([
      '西藏自治区:1@2',
    ]);
  });

  it('works over a subset of the gazetteer', () => {
    const gansu = compileRegions(PLACES.filter((p) => p.adcode.startsWith('62')));
    expect(gansu.detect('北京和兰州').map(brief)).toEqual(['兰州市:1@3']);
  });

  const stream = sharedData('stream/covid19_weibo_daily', 'regions');
  it.skipIf(stream === undefined)('finds provinces in real Weibo posts', () => {
    const file = path.join(stream!, '2020-01-21.csv');
    const posts = readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.slice(line.indexOf(',') + 1))
      .filter((text) => text !== '')
      .slice(0, 2000)
      .map((text) => analysisText({ text }));
    expect(posts).toHaveLength(2000);
    const perPlace = new Map<string, number>();
    let withHit = 0;
    for (const post of posts) {
      const hits = regions.detect(post);
      if (hits.length > 0) withHit++;
      for (const h of hits) {
        perPlace.set(h.name, (perPlace.get(h.name) ?? 0) + 1);
        expect(post.slice(h.first, h.first + 1)).not.toBe('');
        expect(h.path.at(-1)).toBe(h.adcode);
      }
    }
    const top = [...perPlace].sort((a, b) => b[1] - a[1]);
    // 2020-01-21: the first 2,000 posts of the day are mostly under the hashtag
    // #浙江确诊首例新型冠状病毒肺炎#; Hubei, Beijing and Shanghai follow among the places named.
    expect(withHit).toBeGreaterThan(1000);
    expect(withHit).toBeLessThan(1500);
    expect(top[0]?.[0]).toBe('浙江省');
    const leading = top.slice(0, 8).map(([name]) => name);
    expect(leading).toEqual(expect.arrayContaining(['湖北省', '北京市', '上海市']));
  });
});
