// The demo organisation: a provincial statistics bureau with its divisions and the real 14
// city/prefecture bureaus of Gansu. Every person here is made up (role titles, invented
// names, example.org addresses); nothing names a real person.

export const DEMO_PASSWORD = 'yuqing-demo';

export const ROOT_CODE = 'GS';

export interface DemoUnit {
  code: string;
  name: string;
  name_en: string;
  kind: 'bureau' | 'division' | 'city';
  region_code?: string;
  hosts_office?: boolean;
}

export const DEMO_BUREAU: DemoUnit = {
  code: ROOT_CODE,
  name: '甘肃省统计局',
  name_en: 'Gansu Provincial Bureau of Statistics',
  kind: 'bureau',
  region_code: '620000',
};

export const DEMO_DIVISIONS: DemoUnit[] = [
  {
    code: 'GS-ZH',
    name: '综合处',
    name_en: 'General Affairs Division',
    kind: 'division',
    hosts_office: true,
  },
  {
    code: 'GS-FG',
    name: '政策法规处',
    name_en: 'Policy and Regulations Division',
    kind: 'division',
  },
  {
    code: 'GS-SJ',
    name: '统计设计管理处',
    name_en: 'Statistical Design Division',
    kind: 'division',
  },
  {
    code: 'GS-HS',
    name: '国民经济核算处',
    name_en: 'National Accounts Division',
    kind: 'division',
  },
  {
    code: 'GS-GY',
    name: '工业统计处',
    name_en: 'Industrial Statistics Division',
    kind: 'division',
  },
  { code: 'GS-NY', name: '能源统计处', name_en: 'Energy Statistics Division', kind: 'division' },
  {
    code: 'GS-TZ',
    name: '固定资产投资统计处',
    name_en: 'Fixed Asset Investment Division',
    kind: 'division',
  },
  {
    code: 'GS-MY',
    name: '贸易外经统计处',
    name_en: 'Trade and External Economy Division',
    kind: 'division',
  },
  {
    code: 'GS-RK',
    name: '人口和就业统计处',
    name_en: 'Population and Employment Division',
    kind: 'division',
  },
  {
    code: 'GS-SK',
    name: '社会科技和文化产业统计处',
    name_en: 'Social, Science and Culture Division',
    kind: 'division',
  },
  { code: 'GS-NC', name: '农村统计处', name_en: 'Rural Statistics Division', kind: 'division' },
  {
    code: 'GS-FW',
    name: '服务业统计处',
    name_en: 'Services Statistics Division',
    kind: 'division',
  },
  {
    code: 'GS-ZF',
    name: '统计执法监督处',
    name_en: 'Law Enforcement and Supervision Division',
    kind: 'division',
  },
  { code: 'GS-SJZX', name: '数据管理中心', name_en: 'Data Management Centre', kind: 'division' },
  { code: 'GS-RS', name: '人事处', name_en: 'Personnel Division', kind: 'division' },
];

const CITIES: [string, string, string][] = [
  ['620100', '兰州市', 'Lanzhou'],
  ['620200', '嘉峪关市', 'Jiayuguan'],
  ['620300', '金昌市', 'Jinchang'],
  ['620400', '白银市', 'Baiyin'],
  ['620500', '天水市', 'Tianshui'],
  ['620600', '武威市', 'Wuwei'],
  ['620700', '张掖市', 'Zhangye'],
  ['620800', '平凉市', 'Pingliang'],
  ['620900', '酒泉市', 'Jiuquan'],
  ['621000', '庆阳市', 'Qingyang'],
  ['621100', '定西市', 'Dingxi'],
  ['621200', '陇南市', 'Longnan'],
  ['622900', '临夏回族自治州', 'Linxia Hui Autonomous Prefecture'],
  ['623000', '甘南藏族自治州', 'Gannan Tibetan Autonomous Prefecture'],
];

export const DEMO_CITY_BUREAUS: DemoUnit[] = CITIES.map(([adcode, name, en]) => ({
  code: `C${adcode}`,
  name: `${name}统计局`,
  name_en: `${en} Bureau of Statistics`,
  kind: 'city',
  region_code: adcode,
}));

// Invented given names, combined with common surnames: the point is that they are plausible
// and belong to nobody in particular.
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高'.split('');
const GIVEN = [
  '明远',
  '晓东',
  '静怡',
  '志诚',
  '雨桐',
  '建国',
  '文博',
  '思源',
  '海燕',
  '立新',
  '嘉禾',
  '子涵',
  '国栋',
  '丽华',
  '春生',
  '若溪',
  '永康',
  '书瑶',
  '振华',
  '秋实',
];

/** The n-th made-up name, deterministic so the demo is the same on every machine. */
export function demoName(n: number): string {
  const surname = SURNAMES[n % SURNAMES.length] ?? '王';
  const given = GIVEN[(n * 7 + Math.floor(n / SURNAMES.length)) % GIVEN.length] ?? '明远';
  return surname + given;
}

export interface DemoContact {
  kind: 'propaganda' | 'public_security' | 'media' | 'superior' | 'statistics' | 'other';
  organisation: string;
  title: string;
  note: string;
}

export const DEMO_CONTACTS: DemoContact[] = [
  {
    kind: 'superior',
    organisation: '国家统计局',
    title: '新闻办公室（演示联系人）',
    note: '上级主管部门：重大舆情首报、续报、终报',
  },
  {
    kind: 'propaganda',
    organisation: '省委宣传部',
    title: '网络舆情处（演示联系人）',
    note: '口径会商、信息发布协调',
  },
  {
    kind: 'propaganda',
    organisation: '省委网信办',
    title: '网络舆情值班室（演示联系人）',
    note: '网络舆情通报与协调',
  },
  {
    kind: 'public_security',
    organisation: '省公安厅',
    title: '网络安全保卫部门（演示联系人）',
    note: '涉嫌违法的谣言线索移交',
  },
  {
    kind: 'media',
    organisation: '甘肃日报社',
    title: '新闻中心（演示联系人）',
    note: '权威信息发布',
  },
  {
    kind: 'media',
    organisation: '甘肃广播电视总台',
    title: '新闻中心（演示联系人）',
    note: '权威信息发布',
  },
];

export interface DemoUser {
  username: string;
  roles: ('admin' | 'leader' | 'office' | 'division' | 'informant' | 'investigator' | 'viewer')[];
  leader_kind?: 'principal' | 'in_charge';
  /** Which demo person the account belongs to. */
  person:
    | 'head'
    | 'deputy'
    | 'office_director'
    | 'division_head'
    | 'city_informant'
    | 'investigator'
    | 'viewer';
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'leader',
    roles: ['leader'],
    leader_kind: 'principal',
    person: 'head',
    description: '领导小组组长（主要负责同志）',
  },
  {
    username: 'deputy',
    roles: ['leader'],
    leader_kind: 'in_charge',
    person: 'deputy',
    description: '领导小组副组长（分管负责同志）',
  },
  {
    username: 'office',
    roles: ['office'],
    person: 'office_director',
    description: '舆情处置办公室主任（综合处）',
  },
  {
    username: 'division',
    roles: ['division'],
    person: 'division_head',
    description: '国民经济核算处处长',
  },
  {
    username: 'informant',
    roles: ['informant'],
    person: 'city_informant',
    description: '兰州市统计局信息员（只见本局）',
  },
  {
    username: 'investigator',
    roles: ['investigator'],
    person: 'investigator',
    description: '统计执法监督处（调查督办）',
  },
  { username: 'viewer', roles: ['viewer'], person: 'viewer', description: '数据管理中心（只读）' },
];

/**
 * The duty roster (值班表) of the office's unit (综合处): around the clock, so "who is on duty
 * now" always names someone in the demo. Each rotation lists the unit's people by title, in
 * turn order, one day each from a fixed start.
 */
export interface DemoDutyShift {
  name: string;
  start_time: string;
  end_time: string;
  days: 'workday' | 'rest_day' | 'all';
  rotation: string[];
}

export const DEMO_DUTY_UNIT = 'GS-ZH';
export const DEMO_DUTY_STARTS_ON = '2020-01-01';

export const DEMO_DUTY_SHIFTS: DemoDutyShift[] = [
  {
    name: '白班',
    start_time: '08:30',
    end_time: '17:30',
    days: 'workday',
    rotation: ['一级主任科员', '舆情信息员'],
  },
  {
    name: '夜班',
    start_time: '17:30',
    end_time: '08:30',
    days: 'workday',
    rotation: ['舆情信息员', '一级主任科员', '处长'],
  },
  {
    name: '休息日值班',
    start_time: '08:30',
    end_time: '08:30',
    days: 'rest_day',
    rotation: ['处长', '一级主任科员', '舆情信息员'],
  },
];
