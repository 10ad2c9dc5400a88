// The region gazetteer: China's 34 provincial-level divisions, and for Gansu its 14 prefecture-level
// divisions (市州) and all 86 county-level divisions (17 districts, 5 county-level cities,
// 57 counties, 7 autonomous counties), with their current adcodes (GB/T 2260, as published by the
// Ministry of Civil Affairs; 华亭 became a county-level city in 2018: 620881, no longer 620824).
// 嘉峪关 is a prefecture-level city without county-level divisions. 兰州新区 is a state-level new
// area, not an administrative division: the statistics bureau's code table lists it as a functional
// zone (620171) beside the counties, but it is not one of the 86; pass it to compileRegions as an
// extra name where wanted.
//
// Aliases: the names a post uses instead of the official one. Region detection scans Chinese text
// without word boundaries, so an alias is also a substring trap; the rules are:
// - Provinces: the short form without 省/市/自治区/特别行政区 (北京, 内蒙古 and 内蒙, 广西, 新疆,
//   宁夏, 西藏, 香港, 澳门), plus 香港特区/澳门特区. Not the one-character abbreviations (陇 甘,
//   京, 沪): one character is no evidence.
// - Gansu prefectures: the name without 市 (兰州, 白银, 天水 …); the autonomous prefectures also
//   with 州 (临夏州, 甘南州) and bare (临夏, 甘南). 临夏 therefore means the prefecture, never
//   临夏市 or 临夏县, which are recognised by their full names only.
// - Counties, county-level cities, autonomous counties: the name without 县/市 (or without the
//   ethnic part and 自治县, e.g. 张家川回族自治县 -> 张家川, and then also 张家川县) only when the
//   short form has at least two characters, is not a common word (清水, 民乐, 高台, 灵台, 崇信,
//   金塔, 合作, 康乐 are words), is not another place's usual name (华亭 is also Shanghai's old
//   name, 永昌 a Yunnan prefecture of old and a common given name, 东乡 a district of Jiangxi, so
//   only 东乡县 is an alias), and is not a frequent cross-word substring (和政 in 和政府, 西和 in
//   东西和, 两当 in 两当事人, 正宁 in 真正宁愿, 合水 in 符合水质, 镇原 in 乡镇原有).
// - Districts (区) get no short form: theirs are common words or shared with other places
//   (城关 in nearly every county of China, 安定, 安宁 (also a city in Yunnan), 平川, 西峰, 金川 (a
//   county in Sichuan), 崆峒 (the mountain and the martial-arts school), 凉州/甘州/肃州/秦州 (old
//   names of larger regions), 白银 is the city). The full district name is accepted as Gansu's
//   even where another province has a district of the same name (城关区 is also in Lhasa): a
//   monitoring system for Gansu reads 城关区 as Lanzhou's unless told otherwise.
// Traps a short form still has inside longer words (东躲西藏, 景泰蓝, 玉门关 …) are dealt with by
// the detector (regions.ts), not by dropping the alias.

export type PlaceLevel = 'province' | 'prefecture' | 'county';

export interface Place {
  /** Six-digit administrative division code. */
  adcode: string;
  /** Official name. */
  name: string;
  level: PlaceLevel;
  /** Adcode of the enclosing division, null for a province. */
  parent: string | null;
  /** Other names that mean this place (short forms); never the official name itself. */
  aliases: string[];
}

export const GANSU_ADCODE = '620000';

type Row = readonly [adcode: string, name: string, aliases?: readonly string[]];

// prettier-ignore
const PROVINCES: readonly Row[] = [
  ['110000', '北京市', ['北京']],
  ['120000', '天津市', ['天津']],
  ['130000', '河北省', ['河北']],
  ['140000', '山西省', ['山西']],
  ['150000', '内蒙古自治区', ['内蒙古', '内蒙']],
  ['210000', '辽宁省', ['辽宁']],
  ['220000', '吉林省', ['吉林']],
  ['230000', '黑龙江省', ['黑龙江']],
  ['310000', '上海市', ['上海']],
  ['320000', '江苏省', ['江苏']],
  ['330000', '浙江省', ['浙江']],
  ['340000', '安徽省', ['安徽']],
  ['350000', '福建省', ['福建']],
  ['360000', '江西省', ['江西']],
  ['370000', '山东省', ['山东']],
  ['410000', '河南省', ['河南']],
  ['420000', '湖北省', ['湖北']],
  ['430000', '湖南省', ['湖南']],
  ['440000', '广东省', ['广东']],
  ['450000', '广西壮族自治区', ['广西']],
  ['460000', '海南省', ['海南']],
  ['500000', '重庆市', ['重庆']],
  ['510000', '四川省', ['四川']],
  ['520000', '贵州省', ['贵州']],
  ['530000', '云南省', ['云南']],
  ['540000', '西藏自治区', ['西藏']],
  ['610000', '陕西省', ['陕西']],
  ['620000', '甘肃省', ['甘肃']],
  ['630000', '青海省', ['青海']],
  ['640000', '宁夏回族自治区', ['宁夏']],
  ['650000', '新疆维吾尔自治区', ['新疆']],
  ['710000', '台湾省', ['台湾']],
  ['810000', '香港特别行政区', ['香港', '香港特区']],
  ['820000', '澳门特别行政区', ['澳门', '澳门特区']],
];

// prettier-ignore
const GANSU_PREFECTURES: readonly Row[] = [
  ['620100', '兰州市', ['兰州']],
  ['620200', '嘉峪关市', ['嘉峪关']],
  ['620300', '金昌市', ['金昌']],
  ['620400', '白银市', ['白银']],
  ['620500', '天水市', ['天水']],
  ['620600', '武威市', ['武威']],
  ['620700', '张掖市', ['张掖']],
  ['620800', '平凉市', ['平凉']],
  ['620900', '酒泉市', ['酒泉']],
  ['621000', '庆阳市', ['庆阳']],
  ['621100', '定西市', ['定西']],
  ['621200', '陇南市', ['陇南']],
  ['622900', '临夏回族自治州', ['临夏州', '临夏']],
  ['623000', '甘南藏族自治州', ['甘南州', '甘南']],
];

/** Gansu's county-level divisions; the parent is the prefecture of the same first four digits. */
// prettier-ignore
const GANSU_COUNTIES: readonly Row[] = [
  // 兰州市: 5 districts, 3 counties
  ['620102', '城关区'], ['620103', '七里河区'], ['620104', '西固区'], ['620105', '安宁区'],
  ['620111', '红古区'],
  ['620121', '永登县', ['永登']], ['620122', '皋兰县', ['皋兰']], ['620123', '榆中县', ['榆中']],
  // 嘉峪关市: none
  // 金昌市
  ['620302', '金川区'], ['620321', '永昌县'],
  // 白银市
  ['620402', '白银区'], ['620403', '平川区'],
  ['620421', '靖远县', ['靖远']], ['620422', '会宁县', ['会宁']], ['620423', '景泰县', ['景泰']],
  // 天水市
  ['620502', '秦州区'], ['620503', '麦积区'],
  ['620521', '清水县'], ['620522', '秦安县', ['秦安']], ['620523', '甘谷县', ['甘谷']],
  ['620524', '武山县', ['武山']], ['620525', '张家川回族自治县', ['张家川', '张家川县']],
  // 武威市
  ['620602', '凉州区'],
  ['620621', '民勤县', ['民勤']], ['620622', '古浪县', ['古浪']],
  ['620623', '天祝藏族自治县', ['天祝', '天祝县']],
  // 张掖市
  ['620702', '甘州区'],
  ['620721', '肃南裕固族自治县', ['肃南', '肃南县']], ['620722', '民乐县'],
  ['620723', '临泽县', ['临泽']], ['620724', '高台县'], ['620725', '山丹县', ['山丹']],
  // 平凉市
  ['620802', '崆峒区'],
  ['620821', '泾川县', ['泾川']], ['620822', '灵台县'], ['620823', '崇信县'],
  ['620825', '庄浪县', ['庄浪']], ['620826', '静宁县', ['静宁']], ['620881', '华亭市'],
  // 酒泉市
  ['620902', '肃州区'],
  ['620921', '金塔县'], ['620922', '瓜州县', ['瓜州']],
  ['620923', '肃北蒙古族自治县', ['肃北', '肃北县']],
  ['620924', '阿克塞哈萨克族自治县', ['阿克塞', '阿克塞县']],
  ['620981', '玉门市', ['玉门']], ['620982', '敦煌市', ['敦煌']],
  // 庆阳市
  ['621002', '西峰区'],
  ['621021', '庆城县', ['庆城']], ['621022', '环县'], ['621023', '华池县', ['华池']],
  ['621024', '合水县'], ['621025', '正宁县'], ['621026', '宁县'], ['621027', '镇原县'],
  // 定西市
  ['621102', '安定区'],
  ['621121', '通渭县', ['通渭']], ['621122', '陇西县', ['陇西']], ['621123', '渭源县', ['渭源']],
  ['621124', '临洮县', ['临洮']], ['621125', '漳县'], ['621126', '岷县'],
  // 陇南市
  ['621202', '武都区'],
  ['621221', '成县'], ['621222', '文县'], ['621223', '宕昌县', ['宕昌']], ['621224', '康县'],
  ['621225', '西和县'], ['621226', '礼县'], ['621227', '徽县'], ['621228', '两当县'],
  // 临夏回族自治州
  ['622901', '临夏市'],
  ['622921', '临夏县'], ['622922', '康乐县'], ['622923', '永靖县', ['永靖']],
  ['622924', '广河县', ['广河']], ['622925', '和政县'], ['622926', '东乡族自治县', ['东乡县']],
  ['622927', '积石山保安族东乡族撒拉族自治县', ['积石山', '积石山县']],
  // 甘南藏族自治州
  ['623001', '合作市'],
  ['623021', '临潭县', ['临潭']], ['623022', '卓尼县', ['卓尼']], ['623023', '舟曲县', ['舟曲']],
  ['623024', '迭部县', ['迭部']], ['623025', '玛曲县', ['玛曲']], ['623026', '碌曲县', ['碌曲']],
  ['623027', '夏河县', ['夏河']],
];

function place(row: Row, level: PlaceLevel, parent: string | null): Place {
  const [adcode, name, aliases = []] = row;
  return { adcode, name, level, parent, aliases: [...aliases] };
}

/** Every place: provinces, then Gansu's prefectures, then Gansu's county-level divisions. */
export const PLACES: readonly Place[] = Object.freeze([
  ...PROVINCES.map((row) => place(row, 'province', null)),
  ...GANSU_PREFECTURES.map((row) => place(row, 'prefecture', GANSU_ADCODE)),
  ...GANSU_COUNTIES.map((row) => place(row, 'county', `${row[0].slice(0, 4)}00`)),
]);

const BY_ADCODE = new Map(PLACES.map((p) => [p.adcode, p]));

export function placeByAdcode(adcode: string): Place | undefined {
  return BY_ADCODE.get(adcode);
}

/** Gansu's 14 prefecture-level divisions in adcode order. */
export function gansuPrefectures(): Place[] {
  return PLACES.filter((p) => p.level === 'prefecture' && p.parent === GANSU_ADCODE);
}

/** Direct children of a place in the gazetteer (a province's prefectures, a prefecture's counties). */
export function childPlaces(adcode: string): Place[] {
  return PLACES.filter((p) => p.parent === adcode);
}

/**
 * Adcodes from the province down to the place itself (`['620000', '620100', '620102']` for
 * 城关区); empty for an unknown adcode.
 */
export function placePath(adcode: string, places: readonly Place[] = PLACES): string[] {
  const index = places === PLACES ? BY_ADCODE : new Map(places.map((p) => [p.adcode, p]));
  const path: string[] = [];
  for (let at = index.get(adcode); at !== undefined;) {
    path.unshift(at.adcode);
    at = at.parent === null || path.includes(at.parent) ? undefined : index.get(at.parent);
  }
  return path;
}
