import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/shared-data.ts';
import {
  childPlaces,
  GANSU_ADCODE,
  gansuPrefectures,
  PLACES,
  placeByAdcode,
  placePath,
} from './gazetteer.ts';

const counties = PLACES.filter((p) => p.level === 'county');

describe('gazetteer', () => {
  it('has the 34 provincial-level divisions', () => {
    const provinces = PLACES.filter((p) => p.level === 'province');
    expect(provinces).toHaveLength(34);
    for (const p of provinces) {
      expect(p.adcode).toMatch(/^[1-8]\d0000$/);
      expect(p.parent).toBeNull();
    }
    expect(placeByAdcode('110000')?.name).toBe('北京市');
    expect(placeByAdcode('710000')?.name).toBe('台湾省');
    expect(placeByAdcode('820000')?.name).toBe('澳门特别行政区');
    expect(placeByAdcode('150000')?.aliases).toEqual(['内蒙古', '内蒙']);
    expect(placeByAdcode(GANSU_ADCODE)?.aliases).toEqual(['甘肃']);
  });

  it('has Gansu’s 14 prefectures and 86 county-level divisions, counted per prefecture', () => {
    expect(gansuPrefectures()).toHaveLength(14);
    expect(counties).toHaveLength(86);
    const perPrefecture = Object.fromEntries(
      gansuPrefectures().map((p) => [p.name, childPlaces(p.adcode).length]),
    );
    expect(perPrefecture).toEqual({
      兰州市: 8,
      嘉峪关市: 0,
      金昌市: 2,
      白银市: 5,
      天水市: 7,
      武威市: 4,
      张掖市: 6,
      平凉市: 7,
      酒泉市: 7,
      庆阳市: 8,
      定西市: 7,
      陇南市: 9,
      临夏回族自治州: 8,
      甘南藏族自治州: 8,
    });
    // 17 districts, 5 county-level cities, 7 autonomous counties, 57 counties.
    const kinds = { 区: 0, 市: 0, 自治县: 0, 县: 0 };
    for (const c of counties) {
      if (c.name.endsWith('自治县')) kinds.自治县++;
      else if (c.name.endsWith('区')) kinds.区++;
      else if (c.name.endsWith('市')) kinds.市++;
      else if (c.name.endsWith('县')) kinds.县++;
    }
    expect(kinds).toEqual({ 区: 17, 市: 5, 自治县: 7, 县: 57 });
    const lanzhou = childPlaces('620100').map((c) => c.name);
    expect(lanzhou.filter((n) => n.endsWith('区'))).toHaveLength(5);
    expect(lanzhou.filter((n) => n.endsWith('县'))).toHaveLength(3);
  });

  it('has unique adcodes, each county prefixed by its prefecture’s four digits', () => {
    const adcodes = PLACES.map((p) => p.adcode);
    expect(new Set(adcodes).size).toBe(adcodes.length);
    for (const c of counties) {
      expect(c.adcode).toMatch(/^62\d{4}$/);
      expect(c.parent).toBe(`${c.adcode.slice(0, 4)}00`);
      expect(placeByAdcode(c.parent!)?.level).toBe('prefecture');
      expect(c.adcode.endsWith('00')).toBe(false);
    }
    for (const p of gansuPrefectures()) expect(p.adcode).toMatch(/^62\d\d00$/);
    expect(placeByAdcode('620102')?.name).toBe('城关区');
    expect(placeByAdcode('620103')?.name).toBe('七里河区');
    expect(placeByAdcode('621102')?.name).toBe('安定区');
    expect(placeByAdcode('623001')?.name).toBe('合作市');
    expect(placeByAdcode('620881')?.name).toBe('华亭市');
    expect(placeByAdcode('620824')).toBeUndefined();
  });

  it('has unique names and aliases, none of one character, none the official name again', () => {
    const seen = new Map<string, string>();
    for (const p of PLACES) {
      for (const n of [p.name, ...p.aliases]) {
        expect(seen.get(n), `${n} used by ${seen.get(n)} and ${p.adcode}`).toBeUndefined();
        seen.set(n, p.adcode);
        expect([...n].length).toBeGreaterThanOrEqual(2);
      }
      expect(p.aliases).not.toContain(p.name);
    }
    // Judgement calls of the alias rules (see the header of gazetteer.ts).
    const alias = (name: string) => PLACES.find((p) => p.name === name)?.aliases;
    expect(alias('城关区')).toEqual([]);
    expect(alias('安定区')).toEqual([]);
    expect(alias('合作市')).toEqual([]);
    expect(alias('和政县')).toEqual([]);
    expect(alias('永登县')).toEqual(['永登']);
    expect(alias('张家川回族自治县')).toContain('张家川');
    expect(alias('肃南裕固族自治县')).toContain('肃南');
    expect(alias('临夏回族自治州')).toEqual(['临夏州', '临夏']);
    expect(alias('甘南藏族自治州')).toEqual(['甘南州', '甘南']);
  });

  it('gives the path from the province down', () => {
    expect(placePath('620102')).toEqual(['620000', '620100', '620102']);
    expect(placePath('622900')).toEqual(['620000', '622900']);
    expect(placePath('420000')).toEqual(['420000']);
    expect(placePath('999999')).toEqual([]);
  });

  const geojson = sharedData('geo/gansu_prefectures.geojson', 'gazetteer');
  it.skipIf(geojson === undefined)('agrees with the prefectures of the Gansu GeoJSON', () => {
    const parsed = JSON.parse(readFileSync(geojson!, 'utf8')) as {
      features: { properties: { adcode: string | number; name: string } }[];
    };
    const fromMap = parsed.features
      .map((f) => ({ adcode: String(f.properties.adcode), name: f.properties.name }))
      .sort((a, b) => a.adcode.localeCompare(b.adcode));
    const ours = gansuPrefectures().map((p) => ({ adcode: p.adcode, name: p.name }));
    expect(ours).toEqual(fromMap);
  });
});
