// Which places a post names: the provinces of China and Gansu's prefectures and counties, found
// by their official names and aliases (gazetteer.ts) in one Aho-Corasick pass.
//
// `detect` expects the analysis text (normalise.ts `analysisText`): simplified script, full-width
// ASCII folded. It folds ASCII case itself; traditional script must be converted before (甘肅 is
// found through analysisText, not by detect alone).
//
// Matching rules
// - Leftmost-longest, non-overlapping: 兰州市 is one mention of 兰州市, not also of 兰州;
//   张家川回族自治县 is not also 张家川; in 浙江西部 the leftmost 浙江 wins over 江西.
// - A county mention is one hit (its path names the prefecture and province); parents are hits
//   only when they are named themselves.
// - Traps: phrases in which a name is not a place (东躲西藏, 景泰蓝, 隆重庆祝, 来临夏季 …). A name
//   match lying entirely inside a trap match is dropped before the leftmost-longest choice, so the
//   trap does not hide another name it overlaps (决定西藏 keeps 西藏 while 决定西 hides 定西).
//   The list is cheap to extend; it covers the substrings seen in real posts, not every one.
// - Two-character official names (宁县, 康县, 成县, 礼县, 徽县, 文县, 漳县, 岷县, 环县) end many other
//   counties' names (怀宁县, 太康县, 文成县, 南漳县), so they count only at a left boundary: after a
//   non-Han character, a function character (在, 到, 去, 的 …), or the name of their prefecture or
//   province (庆阳市宁县, 陇南礼县, 甘肃岷县).

import { AhoCorasick } from './aho-corasick.ts';
import { PLACES, type Place, type PlaceLevel } from './gazetteer.ts';
import { toSimplified } from './normalise.ts';

export interface RegionHit {
  adcode: string;
  /** Official name. */
  name: string;
  level: PlaceLevel;
  /** Adcodes from the province down to this place, itself included. */
  path: string[];
  /** Non-overlapping mentions of this place in the text. */
  mentions: number;
  /** UTF-16 index of the first mention. */
  first: number;
}

export interface RegionDetector {
  detect(text: string): RegionHit[];
}

/** An extra name: an alias of a gazetteer place, or a new place with its own adcode. */
export interface ExtraRegionName {
  name: string;
  adcode: string;
}

export interface RegionOptions {
  /** Phrases inside which a name is not a place; default {@link DEFAULT_REGION_TRAPS}. */
  traps?: readonly string[];
}

/**
 * Phrases in which a place name appears without meaning the place. Grouped by the name they
 * protect; each was seen in real posts (the shared Weibo and news corpora) or is a fixed expression.
 */
// prettier-ignore
const FIXED_TRAPS: readonly string[] = [
  // 西藏: the idiom "hide east and west"
  '东躲西藏',
  // 北京: the time zone; 香港: athlete's foot
  '北京时间', '香港脚',
  // 河南 / 河北 / 湖南 / 湖北 / 海南 / 江西 / 山东 / 山西: a direction after a river, lake, sea or mountain
  '黄河南', '黄河北', '河南岸', '河北岸', '湖南岸', '湖北岸', '海南岸', '长江西', '江西岸',
  '山东麓', '山西麓', '山东坡', '山西坡',
  // 重庆: 隆重庆祝, 郑重庆贺
  '重庆祝', '重庆贺', '重庆典',
  // 福建: 幸福建设
  '幸福建', '祝福建',
  // 天水: a day word followed by 水 (今天水位, 每天水果, 挂3天水); 天水围 is in Hong Kong
  '今天水', '昨天水', '明天水', '每天水', '当天水', '前天水', '后天水', '白天水', '夏天水',
  '冬天水', '春天水', '秋天水', '整天水', '几天水', '半天水', '雨天水', '聊天水', '那天水',
  '这天水', '蓝天水', '一天水', '两天水', '三天水', '四天水', '五天水', '六天水',
  '七天水', '八天水', '九天水', '十天水', '0天水', '1天水', '2天水', '3天水', '4天水', '5天水',
  '6天水', '7天水', '8天水', '9天水', '天水围',
  // 定西: a word ending in 定 followed by 西 (一定西化, 说不定西药)
  '一定西', '决定西', '肯定西', '确定西', '规定西', '稳定西', '指定西', '约定西', '认定西',
  '否定西', '鉴定西', '设定西', '固定西', '坚定西', '限定西', '必定西', '制定西', '预定西',
  '锁定西', '判定西', '裁定西', '特定西', '选定西', '注定西', '安定西', '平定西', '镇定西',
  '不定西',
  // 庆阳: 国庆阳光
  '国庆阳', '喜庆阳', '欢庆阳', '节庆阳',
  // 临夏: 来临夏季, 大驾光临夏宫 (光临临夏 is not affected: the trap needs the shared 临)
  '临夏季', '来临夏天', '光临夏', '降临夏', '面临夏', '濒临夏',
  // 甘南: 甘南县 is a county of Heilongjiang (齐齐哈尔)
  '甘南县',
  // 白银: the metal and the idiom 真金白银
  '真金白银', '白银价', '白银期货', '白银投资', '白银饰品', '白银首饰', '白银时代', '黄金白银',
  '金银', '白银市场价', '白银etf', '白银td', '纸白银', '现货白银', '白银走势', '国际白银',
  '贵金属白银', '白银原油', '原油白银', '白银上涨', '白银下跌', '白银大跌', '白银暴跌',
  '白银狂跌', '白银大涨', '白银暴涨', '白银基本',
  // 兰州: the noodle-shop chain everywhere in China
  '兰州拉面',
  // 酒泉: the launch centre is in Inner Mongolia (额济纳旗)
  '酒泉卫星发射中心', '酒泉发射中心',
  // 玉门: the pass is in Dunhuang
  '玉门关',
  // 敦煌: DHgate, the trading platform; 阿克塞: the given name Axel
  '敦煌网', '阿克塞尔',
  // 景泰: cloisonné; 山丹: the lily
  '景泰蓝', '山丹丹',
  // 民勤: 市民勤洗手
  '市民勤', '居民勤', '村民勤', '人民勤', '农民勤', '民勤洗', '民勤劳', '民勤俭', '民勤奋',
  // 天祝: 当天祝寿, 今天祝大家
  '今天祝', '当天祝', '明天祝', '昨天祝', '每天祝', '天祝福', '天祝寿', '天祝贺', '天祝愿',
  '天祝你', '天祝您',
];

/**
 * Streets named after places: every city has a 北京路 or 四川北路, and Lanzhou names its streets
 * after the other prefectures (张掖路, 酒泉路, 天水路 …), so a Gansu prefecture's short name
 * followed by 路 is a street in a post, and any short name followed by 中路/南路/北路/东路/西路/大街/
 * 大道 is one anywhere.
 */
function streetTraps(places: readonly Place[]): string[] {
  const traps: string[] = [];
  for (const p of places) {
    if (p.level === 'county') continue;
    for (const alias of p.aliases) {
      for (const suffix of ['中路', '南路', '北路', '东路', '西路', '大街', '大道']) {
        traps.push(alias + suffix);
      }
      if (p.level === 'prefecture' && alias !== '兰州') traps.push(`${alias}路`);
    }
  }
  return traps;
}

/** The traps used unless told otherwise: the fixed list and the street names. */
export const DEFAULT_REGION_TRAPS: readonly string[] = Object.freeze([
  ...FIXED_TRAPS,
  ...streetTraps(PLACES),
]);

/** Han characters after which a two-character county name starts a word (在岷县, 到礼县). */
const FUNCTION_CHARS = new Set(
  '在到去从回往赴至和与及的是了于向离出入住来由为或跟同经自对给把被让有个说我你他她们咱俺',
);

const HAN_CHAR = /\p{Script=Han}/u;

interface Entry {
  place: Place;
  trap: false;
  /** Names before which the match starts a word; undefined when no boundary is needed. */
  leftContext: readonly string[] | undefined;
}

const asciiLower = (text: string): string =>
  /[A-Z]/u.test(text) ? text.replace(/[A-Z]+/gu, (s) => s.toLowerCase()) : text;

/** How names and traps are compared with the text: simplified, ASCII lower-case. */
const foldName = (name: string): string => asciiLower(toSimplified(name.trim()));

/** Whether a short name at `start` begins a word rather than ends a longer name. */
function startsWord(text: string, start: number, context: readonly string[]): boolean {
  if (start === 0) return true;
  const before = text.codePointAt(start - 1) ?? 0;
  // A low surrogate: the character before is astral; read it whole.
  const ch =
    before >= 0xdc00 && before <= 0xdfff && start >= 2
      ? String.fromCodePoint(text.codePointAt(start - 2) ?? before)
      : String.fromCharCode(before);
  if (!HAN_CHAR.test(ch) || FUNCTION_CHARS.has(ch)) return true;
  return context.some((name) => start >= name.length && text.startsWith(name, start - name.length));
}

function placeForExtra(extra: ExtraRegionName, known: ReadonlyMap<string, Place>): Place {
  const existing = known.get(extra.adcode);
  if (existing !== undefined) return existing;
  if (!/^\d{6}$/u.test(extra.adcode)) {
    throw new Error(`extra region name ${extra.name}: adcode ${extra.adcode} is not six digits`);
  }
  const province = `${extra.adcode.slice(0, 2)}0000`;
  const prefecture = `${extra.adcode.slice(0, 4)}00`;
  const level: PlaceLevel =
    extra.adcode === province ? 'province' : extra.adcode === prefecture ? 'prefecture' : 'county';
  const parent = level === 'province' ? null : level === 'prefecture' ? province : prefecture;
  return { adcode: extra.adcode, name: extra.name, level, parent, aliases: [] };
}

/**
 * A detector over the given places (default: the whole gazetteer) and extra names. An extra name
 * with a known adcode is one more alias of that place (兰州新区 -> 620100); with an unknown
 * adcode it is a new place whose parent follows from the adcode (兰州新区 -> 620171 under
 * 620100, the statistics code of the new area).
 */
export function compileRegions(
  places: readonly Place[] = PLACES,
  extra: readonly ExtraRegionName[] = [],
  options: RegionOptions = {},
): RegionDetector {
  const byAdcode = new Map(places.map((p) => [p.adcode, p]));
  for (const e of extra) {
    const p = placeForExtra(e, byAdcode);
    byAdcode.set(p.adcode, p);
  }

  const patterns: string[] = [];
  const entries: (Entry | { trap: true })[] = [];
  const seen = new Map<string, string>();
  const namesOf = (adcode: string | null): string[] => {
    const p = adcode === null ? undefined : byAdcode.get(adcode);
    return p === undefined ? [] : [p.name, ...p.aliases].map(foldName);
  };
  const addName = (name: string, p: Place, official: boolean) => {
    const folded = foldName(name);
    if (folded === '') return;
    const owner = seen.get(folded);
    if (owner !== undefined) {
      if (owner === p.adcode) return;
      throw new Error(`region name ${name} belongs to both ${owner} and ${p.adcode}`);
    }
    seen.set(folded, p.adcode);
    patterns.push(folded);
    const short = official && p.level === 'county' && [...folded].length <= 2;
    const parent = p.parent === null ? undefined : byAdcode.get(p.parent);
    entries.push({
      place: p,
      trap: false,
      leftContext: short ? [...namesOf(p.parent), ...namesOf(parent?.parent ?? null)] : undefined,
    });
  };
  for (const p of byAdcode.values()) {
    addName(p.name, p, true);
    for (const alias of p.aliases) addName(alias, p, false);
  }
  for (const e of extra) addName(e.name, byAdcode.get(e.adcode)!, false);
  for (const trap of options.traps ?? DEFAULT_REGION_TRAPS) {
    const folded = foldName(trap);
    if (folded === '') continue;
    patterns.push(folded);
    entries.push({ trap: true });
  }

  const paths = new Map<string, string[]>();
  const pathOf = (adcode: string): string[] => {
    let path = paths.get(adcode);
    if (path === undefined) {
      path = [];
      for (let at = byAdcode.get(adcode); at !== undefined;) {
        path.unshift(at.adcode);
        at = at.parent === null || path.includes(at.parent) ? undefined : byAdcode.get(at.parent);
      }
      paths.set(adcode, path);
    }
    return path;
  };

  const ac = new AhoCorasick(patterns);

  return {
    detect(text: string): RegionHit[] {
      const names: { start: number; end: number; place: Place }[] = [];
      const traps: { start: number; end: number }[] = [];
      const folded = asciiLower(text);
      ac.scan(folded, (pattern, end) => {
        const start = end - ac.patternLength(pattern);
        const entry = entries[pattern]!;
        if (entry.trap) traps.push({ start, end });
        else if (entry.leftContext === undefined || startsWord(folded, start, entry.leftContext)) {
          names.push({ start, end, place: entry.place });
        }
      });
      if (names.length === 0) return [];

      const kept =
        traps.length === 0
          ? names
          : names.filter((n) => !traps.some((t) => t.start <= n.start && n.end <= t.end));
      // Leftmost first, the longest of those starting at the same place first.
      kept.sort((a, b) => a.start - b.start || b.end - a.end);
      const hits = new Map<string, RegionHit>();
      let taken = 0;
      for (const n of kept) {
        if (n.start < taken) continue;
        taken = n.end;
        const hit = hits.get(n.place.adcode);
        if (hit !== undefined) hit.mentions++;
        else {
          hits.set(n.place.adcode, {
            adcode: n.place.adcode,
            name: n.place.name,
            level: n.place.level,
            path: [...pathOf(n.place.adcode)],
            mentions: 1,
            first: n.start,
          });
        }
      }
      // Map insertion order is the order of first mentions.
      return [...hits.values()];
    },
  };
}
