// Gansu province and its 14 prefecture-level divisions (市州) with their administrative codes
// (adcodes, GB/T 2260), for the region filter of the feed. English names follow the official
// pinyin spelling.

export interface GansuRegion {
  adcode: string;
  name: string;
  nameEn: string;
}

export const GANSU_PROVINCE: GansuRegion = { adcode: '620000', name: '甘肃省', nameEn: 'Gansu' };

export const GANSU_PREFECTURES: readonly GansuRegion[] = [
  { adcode: '620100', name: '兰州市', nameEn: 'Lanzhou' },
  { adcode: '620200', name: '嘉峪关市', nameEn: 'Jiayuguan' },
  { adcode: '620300', name: '金昌市', nameEn: 'Jinchang' },
  { adcode: '620400', name: '白银市', nameEn: 'Baiyin' },
  { adcode: '620500', name: '天水市', nameEn: 'Tianshui' },
  { adcode: '620600', name: '武威市', nameEn: 'Wuwei' },
  { adcode: '620700', name: '张掖市', nameEn: 'Zhangye' },
  { adcode: '620800', name: '平凉市', nameEn: 'Pingliang' },
  { adcode: '620900', name: '酒泉市', nameEn: 'Jiuquan' },
  { adcode: '621000', name: '庆阳市', nameEn: 'Qingyang' },
  { adcode: '621100', name: '定西市', nameEn: 'Dingxi' },
  { adcode: '621200', name: '陇南市', nameEn: 'Longnan' },
  { adcode: '622900', name: '临夏回族自治州', nameEn: 'Linxia Hui Autonomous Prefecture' },
  { adcode: '623000', name: '甘南藏族自治州', nameEn: 'Gannan Tibetan Autonomous Prefecture' },
];

/** The province first, then its prefectures in adcode order. */
export const GANSU_REGIONS: readonly GansuRegion[] = [GANSU_PROVINCE, ...GANSU_PREFECTURES];

/** The region of an adcode, when it is the province or one of its prefectures. */
export function gansuRegion(adcode: string): GansuRegion | undefined {
  return GANSU_REGIONS.find((r) => r.adcode === adcode);
}
