// The demo stream: a story the project wrote itself, replayed as if live. Nothing here is copied
// from real posts. Authors are invented handles; official and media accounts carry "（演示）"
// in their names; the county of the rumour, 青石县, does not exist. Every source key starts
// with `demo-` and every URL is under `demo.invalid` (a TLD that can never resolve).
//
// The story, about three days of story time:
//   Act 1 (day 1 to day 2 morning): ordinary talk about statistics work across the 14 cities
//     and prefectures: the monthly CPI, agricultural-census staff in the villages, a county's
//     GDP growth, the statistics open day, survey calls, a data app, the quarterly data, and
//     posts on other Gansu topics that say 统计 only in passing.
//   Act 2 (day 2 from 10:00 to day 3 morning): a rumour that the invented 青石县 falsified its
//     GDP and fiscal figures, with a "leaked document" nobody has seen. A forum post, a slow
//     start, then an angry post goes viral: repost chains, copies, traditional-character and
//     filter-dodging variants, questions to the bureau, calm voices, media pick-ups, and the
//     bureau's holding reply (已关注，正在核实).
//   Act 3 (day 3 from 10:00): the bureau's 情况说明 (the facts, their source, a pointer to the
//     full data), media reports, a shift of mood and an apology, remaining doubts, decay.

import type { IncomingPost } from '../ingest/types.ts';

export interface DemoPost extends IncomingPost {
  id: string;
  author: string;
  url: string;
  /** When the post appears, in minutes of story time from the start of the scenario. */
  offsetMinutes: number;
  act: 1 | 2 | 3;
}

/** Story time runs this many times faster than real time: the whole scenario in ~10 minutes. */
export const DEMO_SPEEDUP_DEFAULT = 432;

/** Length of the story: three days. Every post appears within it. */
export const DEMO_STORY_MINUTES = 3 * 24 * 60;

/** The fictional county of the rumour. No county of this name exists. */
export const DEMO_RUMOUR_COUNTY = '青石县';

export type DemoSource = 'demo-weibo' | 'demo-wechat' | 'demo-news' | 'demo-forum';

// ---------------------------------------------------------------------------------------------
// Cast

/** The 14 cities and prefectures, named as in the demo organisation (`region` of a post). */
export const DEMO_REGIONS = [
  '兰州市',
  '嘉峪关市',
  '金昌市',
  '白银市',
  '天水市',
  '武威市',
  '张掖市',
  '平凉市',
  '酒泉市',
  '庆阳市',
  '定西市',
  '陇南市',
  '临夏回族自治州',
  '甘南藏族自治州',
] as const;

type Region = (typeof DEMO_REGIONS)[number];

interface Author {
  handle: string;
  region?: Region;
}

const who = (handle: string, region?: Region): Author =>
  region === undefined ? { handle } : { handle, region };

// Official accounts of the demo bureau and the city bureaus; invented media outlets.
const BUREAU = who('甘肃省统计局（演示）');
const cityBureau = (region: Region): Author => who(`${region}统计局（演示）`, region);
const COUNTY_MEDIA = who('青石发布（演示）');
const CHENBAO = who('陇原晨报（演示）');
const HEXI_NEWS = who('河西新闻网（演示）');
const SILK_FINANCE = who('丝路财经观察（演示）');
const FOOD_MAG = who('陇上美食志（演示）');

// Invented handles. Where a handle is tied to a place, posts by it carry that region.
const P = {
  xiaoli: who('金城小李', '兰州市'),
  observer: who('陇上观察'),
  noodle: who('牛肉面要二细', '兰州市'),
  student: who('兰大经济学小透明', '兰州市'),
  dataWang: who('数据控小王', '兰州市'),
  runner: who('兰州夜跑人', '兰州市'),
  riverWang: who('黄河边的老王', '兰州市'),
  jyg: who('嘉峪关城楼下', '嘉峪关市'),
  jinchang: who('金昌镍都人', '金昌市'),
  baiyin: who('白银小周', '白银市'),
  zhang: who('天水老张', '天水市'),
  maiji: who('麦积山下的猫', '天水市'),
  wuwei: who('武威铜奔马迷', '武威市'),
  danxia: who('张掖丹霞追光人', '张掖市'),
  cyclist: who('河西走廊骑行者', '张掖市'),
  kongtong: who('平凉崆峒客', '平凉市'),
  gobi: who('酒泉戈壁风', '酒泉市'),
  dunhuang: who('敦煌沙枣花', '酒泉市'),
  huyang: who('戈壁滩上的胡杨', '酒泉市'),
  sachet: who('庆阳香包妹', '庆阳市'),
  potato: who('定西洋芋蛋', '定西市'),
  tree: who('陇中一棵树', '定西市'),
  olive: who('陇南橄榄枝', '陇南市'),
  hua: who('临夏花儿与少年', '临夏回族自治州'),
  gesang: who('甘南格桑花开', '甘南藏族自治州'),
  jie: who('考研的阿杰'),
  qiang: who('打工人阿强'),
  townYouth: who('西北小镇青年'),
  insider: who('青石知情者'),
  bigV: who('大漠孤烟_88'),
  melon: who('吃瓜群众9527'),
  melon2: who('吃瓜小能手'),
  wolf: who('一只西北狼'),
  scholar: who('陇上小书生'),
  wind: who('路过的风'),
  deer: who('追光的小鹿'),
  walnut: who('愤怒的小核桃'),
  hero: who('路见不平一声吼'),
  westWind: who('西北风吹过'),
  thorn: who('沙漠里的骆驼刺'),
  farAway: who('海外游子阿遠'),
  grape: who('遠方的葡萄'),
  nightOwl: who('熬夜冠军小陈'),
  teacher: who('退休数学老师老周'),
};

// ---------------------------------------------------------------------------------------------
// Drafts: posts before they get a time, an id and metrics

interface Draft {
  /** Local name, for replies and reposts to refer to. */
  key?: string | undefined;
  source: DemoSource;
  by: Author;
  title?: string | undefined;
  text: string;
  parentKey?: string | undefined;
  /** Overrides the scene's heat (the post's expected reposts; the other metrics follow). */
  heat?: number | undefined;
}

interface Opts {
  key?: string;
  heat?: number;
}

const drafts = new Map<string, Draft>();

function draft(d: Draft): Draft {
  if (d.key !== undefined) {
    if (drafts.has(d.key)) throw new Error(`demo scenario: duplicate key ${d.key}`);
    drafts.set(d.key, d);
  }
  return d;
}

function parentOf(key: string): Draft {
  const parent = drafts.get(key);
  if (!parent) throw new Error(`demo scenario: unknown parent ${key}`);
  return parent;
}

const weibo = (by: Author, text: string, o: Opts = {}): Draft =>
  draft({ source: 'demo-weibo', by, text, key: o.key, heat: o.heat });

const wechat = (by: Author, title: string, text: string, o: Opts = {}): Draft =>
  draft({ source: 'demo-wechat', by, title, text, key: o.key, heat: o.heat });

const news = (by: Author, title: string, text: string, o: Opts = {}): Draft =>
  draft({ source: 'demo-news', by, title, text, key: o.key, heat: o.heat });

const thread = (by: Author, title: string, text: string, o: Opts = {}): Draft =>
  draft({ source: 'demo-forum', by, title, text, key: o.key, heat: o.heat });

/** A reply in a forum thread. */
const reply = (by: Author, parentKey: string, text: string, o: Opts = {}): Draft => {
  parentOf(parentKey);
  return draft({ source: 'demo-forum', by, text, parentKey, key: o.key, heat: o.heat });
};

/**
 * A Weibo repost, its text as Weibo writes it: the reposter's comment, then `//@author:text` of
 * the repost it passed through (which carries its own chain). A repost of an original post
 * carries no chain; an empty comment on it is Weibo's default `转发微博`.
 */
const repost = (by: Author, parentKey: string, comment: string, o: Opts = {}): Draft => {
  const parent = parentOf(parentKey);
  const chained = parent.parentKey !== undefined && parent.source === 'demo-weibo';
  const text = chained
    ? `${comment}//@${parent.by.handle}:${parent.text}`
    : comment === ''
      ? '转发微博'
      : comment;
  return draft({ source: 'demo-weibo', by, text, parentKey, key: o.key, heat: o.heat });
};

// ---------------------------------------------------------------------------------------------
// Placing drafts in story time

type Act = 1 | 2 | 3;

/** Even spacing; rising density (a burst building up); falling density (a story dying down). */
type Curve = 'even' | 'rising' | 'falling';

interface Placed {
  draft: Draft;
  act: Act;
  at: number;
  heat: number;
}

/** mulberry32: a small seeded generator, so the scenario is the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(0x9e3779b1);
const placed: Placed[] = [];

/**
 * Spreads drafts over [from, to] minutes in their order (a repost always after what it reposts),
 * each in its own slot with a little jitter; heat moves from heat[0] to heat[1] across the scene.
 */
function scene(
  act: Act,
  from: number,
  to: number,
  curve: Curve,
  heat: [number, number],
  items: Draft[],
): void {
  const n = items.length;
  items.forEach((d, i) => {
    const u = n === 1 ? 0 : (i + 0.5 + (random() - 0.5) * 0.8) / n;
    const t = curve === 'rising' ? Math.sqrt(u) : curve === 'falling' ? u * u : u;
    placed.push({
      draft: d,
      act,
      at: Math.round(from + (to - from) * t),
      heat: d.heat ?? heat[0] + (heat[1] - heat[0]) * t,
    });
  });
}

/** One post at an exact story minute. */
const at = (act: Act, minute: number, d: Draft): void =>
  scene(act, minute, minute, 'even', [0, 0], [d]);

// Story minutes: day 1 starts at 08:00 (minute 0).
const DAY = 24 * 60;
const clock = (day: 1 | 2 | 3 | 4, hh: number, mm = 0): number =>
  (day - 1) * DAY + (hh - 8) * 60 + mm;

// ---------------------------------------------------------------------------------------------
// Act 1: ordinary days

at(
  1,
  clock(1, 8, 20),
  weibo(
    P.noodle,
    '早上一碗牛肉面，二细，多加辣子！听说有人统计过兰州大大小小上千家牛肉面馆，我吃过的还不到五十家，路漫漫其修远兮😂',
  ),
);
at(
  1,
  clock(1, 9, 30),
  weibo(
    BUREAU,
    '【数据发布】上月全省居民消费价格同比上涨0.4%，环比持平。分类别看，食品烟酒类价格同比下降0.8%，其中鲜菜价格下降5.1%、猪肉价格下降3.6%；服务价格同比上涨0.9%。详细数据见我局官网“统计数据—月度数据”栏目。#甘肃统计数据#',
    { key: 'cpi', heat: 60 },
  ),
);
scene(
  1,
  clock(1, 9, 40),
  clock(1, 12),
  'falling',
  [25, 4],
  [
    news(
      CHENBAO,
      '上月我省CPI同比上涨0.4% 食品价格稳中有降',
      '记者从省统计局获悉，上月全省居民消费价格（CPI）同比上涨0.4%，涨幅与上月持平。其中，食品烟酒类价格下降0.8%，鲜菜、猪肉价格降幅较大；教育文化娱乐、医疗保健等服务价格小幅上涨。省统计局有关负责人表示，当前全省物价总体平稳，居民消费需求稳步恢复。',
    ),
    repost(P.observer, 'cpi', '食品类拉低、服务类拉高，结构跟全国差不多，值得关注的是服务价格。'),
    weibo(P.xiaoli, '看了统计局发的CPI，说鲜菜价格降了5.1%，我咋感觉家门口菜市场的韭菜还贵着呢😂'),
    weibo(P.maiji, '天水今年的花牛苹果确实便宜，跟统计局说的食品价格下降对得上🍎'),
    repost(cityBureau('武威市'), 'cpi', ''),
    weibo(P.sachet, 'CPI涨没涨我不知道，反正我工资是没涨🙃'),
    thread(
      P.baiyin,
      'CPI是怎么统计的？',
      '请教：CPI到底是怎么统计出来的？是不是只调查大超市的价格？感觉跟自己买东西的感受不太一样。',
    ),
    weibo(
      cityBureau('兰州市'),
      '【统计小课堂】CPI是怎么来的？价格采集员按月在选定的农贸市场、超市和服务网点定点、定时采价，覆盖食品烟酒、衣着、居住、交通通信、教育文化娱乐、医疗保健等8大类。个人感受和CPI有差异很正常：每家的消费结构不一样，CPI反映的是全体居民的平均水平。',
      { heat: 30 },
    ),
    wechat(
      SILK_FINANCE,
      '读懂上月CPI：三个变化值得关注',
      '一是鲜菜价格季节性回落，带动食品价格下降；二是服务价格温和上涨，房租和教育费用是主要推手；三是能源价格随国际油价小幅波动。总体看，物价运行平稳。（本文数据来自省统计局官网）',
    ),
    weibo(
      P.dataWang,
      '统计局那个数据查询小程序挺好用，刚查了CPI分类指数，还能导出表格，写作业省事多了👍',
    ),
    weibo(
      P.potato,
      '今天村里来了农业普查的普查员，问我家种了几亩洋芋，我说十二亩，她还拿平板在卫星图上把地块圈出来了，现在普查都这么高科技了 #农业普查#',
    ),
  ],
);

at(
  1,
  clock(1, 12, 10),
  weibo(
    BUREAU,
    '【统计开放日】今天下午我局举办“统计开放日”活动，欢迎市民走进统计局，看一看数据是怎么“算”出来的。现场有联网直报系统演示、统计知识问答和数据可视化展示。#统计开放日#',
    { key: 'openday', heat: 40 },
  ),
);
scene(
  1,
  clock(1, 12, 20),
  clock(1, 18),
  'even',
  [12, 6],
  [
    weibo(
      P.olive,
      '村里来了两个农普员，挨家挨户登记种植面积、养殖数量，还专门讲了数据保密，说普查资料不会用于征税和罚款，挺认真的👍 #农业普查#',
    ),
    weibo(
      P.hua,
      '普查员问家里养了几只羊，我爸怕要交钱不愿意说，人家耐心解释普查数据只做统计用，老爷子这才说了实话😄',
    ),
    weibo(
      cityBureau('甘南藏族自治州'),
      '【农业普查】连日来，我州普查员深入牧区开展入户登记，克服路途远、海拔高等困难，骑摩托、走山路，确保不重不漏。请广大农牧民朋友支持配合普查工作。#农业普查#',
    ),
    news(
      CHENBAO,
      '青石县前三季度地区生产总值同比增长7.8%',
      '记者从青石县获悉，前三季度该县地区生产总值同比增长7.8%。其中，新能源项目集中投产带动工业增加值较快增长，特色农产品加工、文旅消费稳步回升。',
      { key: 'qs-gdp', heat: 15 },
    ),
    weibo(P.danxia, '路上遇到骑摩托进村的普查员，后座绑着一摞资料，风吹日晒的，辛苦了'),
    weibo(
      COUNTY_MEDIA,
      '前三季度我县地区生产总值同比增长7.8%，新能源、农产品加工成为增长主力。#青石发展#',
    ),
    thread(
      P.wuwei,
      '农业普查员是临时招的吗',
      '村里贴了农业普查的公告，想问问普查员是临时招聘的吗？需要什么条件？',
    ),
    weibo(P.observer, '青石县7.8%的增速挺亮眼，主要是光伏项目投产，加上去年基数低，不算离谱。'),
    weibo(P.townYouth, '青石县增长7.8%？我上个月去过一趟，街上也没见热闹多少啊，这数字有点虚吧', {
      heat: 3,
    }),
    weibo(
      P.student,
      '参加了统计开放日！工作人员现场演示了联网直报系统，企业数据由企业自己填报、层层审核，系统里每一次修改都有记录。以前以为统计就是“拍脑袋”，涨知识了 #统计开放日#',
    ),
    weibo(P.gobi, '普查员来了三次才碰上我家有人，农忙都在地里，真不容易。给她倒了杯茶，聊了半小时'),
    weibo(
      P.baiyin,
      '一天接了两个统计调查电话，说是住户调查，问我家收入支出，我怎么知道是不是骗子？#统计调查电话#',
    ),
    weibo(
      P.jinchang,
      '金昌市统计局也办开放日，带娃去答了统计知识问答，领了个笔记本，孩子说长大要当“数数的人”😄',
    ),
    thread(
      P.zhang,
      '接到自称统计局的电话要身份证号，是诈骗吗',
      '今天接到一个电话，说是统计局做就业调查，问完工作情况又要我报身份证号，我没给。这是正规调查吗？',
      { key: 'scam-q' },
    ),
    weibo(
      cityBureau('天水市'),
      '提醒：统计调查员开展电话调查时，不会索要身份证号码、银行卡号、验证码，也不会要求转账。接到可疑来电请直接挂断，可拨打我局官网公布的核验电话查询调查员身份。#统计调查电话#',
      { heat: 35 },
    ),
    weibo(P.kongtong, '统计调查电话打来的时候正在开会，挂了又打，挂了又打，能不能换个时间😤'),
    news(
      HEXI_NEWS,
      '农业普查入户登记全面展开',
      '连日来，河西各地农业普查入户登记工作全面展开。普查员逐户登记农业经营户的土地利用、种植养殖、农机使用等情况。据介绍，本次普查采用手持电子终端采集数据，全程留痕，确保数据真实准确。',
    ),
    wechat(
      cityBureau('金昌市'),
      '我市举办统计开放日活动',
      '今天下午，我局举办统计开放日活动。市民代表参观了数据处理中心，了解了统计数据的采集、审核、汇总和发布流程，并参与了统计知识问答。',
    ),
    weibo(P.jyg, '嘉峪关的统计开放日人不多，但讲解很用心，人口普查那段讲得特别有意思 #统计开放日#'),
    weibo(
      P.sachet,
      '被抽中住户调查，每天记账，坚持半个月了😮‍💨 调查员说这些数据是算居民收入用的，那我就认真记吧',
    ),
    wechat(
      cityBureau('武威市'),
      '农业普查入户登记进度过半',
      '截至目前，全市农业普查入户登记进度过半。普查员克服农忙时节农户白天不在家等困难，利用早晚时间入户，确保应登尽登。',
    ),
    thread(P.qiang, 'GDP增长跟打工的有啥关系', 'GDP增长7.8%跟我们打工的有啥关系，工资又不跟着涨。'),
  ],
);

scene(
  1,
  clock(1, 18, 30),
  clock(1, 23),
  'even',
  [10, 4],
  [
    weibo(
      P.dunhuang,
      '国庆后的敦煌还是人山人海，鸣沙山骑骆驼排了一个小时队🐪 景区说据统计今年游客比去年多了不少，难怪宾馆都涨价了',
    ),
    weibo(
      P.cyclist,
      '张掖七彩丹霞的日落绝了！骑行第三天，码表统计今天骑了126公里，腿已经不是自己的了🚴',
    ),
    wechat(
      FOOD_MAG,
      '一碗牛肉面里的兰州',
      '清晨六点，兰州的牛肉面馆已经开始排队。有人统计过，兰州人一天要吃掉上百万碗牛肉面。一清二白三红四绿五黄，是这座城市的味道。',
      { heat: 30 },
    ),
    weibo(P.maiji, '天水麻辣烫还是火，老板说他统计过，一半客人是外地来的，周末得排一个小时🌶️'),
    weibo(P.gesang, '在甘南草原上看星星，银河清清楚楚✨ 手机运动统计显示今天走了两万三千步'),
    weibo(P.kongtong, '崆峒山红叶正当时，景区统计周末接待了两万多人，上山索道排长队🍁'),
    thread(
      P.hua,
      '临夏手抓羊肉哪家好',
      '周末带朋友来临夏，求推荐手抓羊肉和土豆片。朋友是做统计的，说要一家家吃过去做个排名😂',
    ),
    weibo(
      cityBureau('酒泉市'),
      '【数据】据抽样调查测算，国庆假期我市接待游客人次、旅游收入均较去年同期增长，敦煌等地的景区接待量居前。',
    ),
    weibo(P.jyg, '关城的秋天真好看，城楼上风很大。门口统计客流的小哥说今天来了好几个旅行团'),
    thread(
      P.jie,
      '推荐一个查统计数据的小程序',
      '写毕业论文需要各市州的GDP和人口数据，统计局的数据查询小程序比翻统计年鉴方便多了，还能看十年的趋势图，推荐给做区域经济的同学。',
    ),
    weibo(P.gobi, '用统计局的小程序查了酒泉近十年常住人口，图表做得挺清楚👍'),
    weibo(
      P.danxia,
      '建议统计局的数据小程序增加县区一级的数据，目前只到市州，做乡村调研不太够用 @甘肃省统计局（演示）',
      { key: 'app-wish' },
    ),
    weibo(
      BUREAU,
      '@张掖丹霞追光人 感谢建议！县级主要指标正在整理，计划在小程序下一版本上线，敬请关注。',
    ),
  ],
);

scene(
  1,
  clock(1, 23, 40),
  clock(2, 7, 10),
  'even',
  [6, 6],
  [
    weibo(P.xiaoli, '加班到现在，楼下牛肉面馆居然还开着，据我不完全统计这是本月第十八碗🍜'),
    weibo(P.olive, '陇南的核桃今年收成不错，镇上统计说收购价比去年高了一块多，网上也卖得好'),
  ],
);

at(
  1,
  clock(2, 8, 15),
  weibo(
    BUREAU,
    '【季度数据】前三季度全省地区生产总值同比增长5.9%。其中，规模以上工业增加值增长7.1%，固定资产投资增长4.2%，社会消费品零售总额增长5.3%，城乡居民人均可支配收入分别增长4.8%和6.9%。详细数据及解读见我局官网。#甘肃统计数据#',
    { key: 'q3', heat: 120 },
  ),
);
scene(
  1,
  clock(2, 8, 20),
  clock(2, 9, 40),
  'falling',
  [30, 5],
  [
    wechat(
      BUREAU,
      '前三季度全省经济运行情况解读',
      '前三季度，全省经济运行稳中有进，主要指标保持在合理区间。一、农业生产形势稳定，秋粮收获进展顺利；二、工业生产较快增长，新能源、有色冶金行业贡献突出；三、消费市场持续恢复；四、居民收入稳步增加。数据来源：甘肃省统计局。说明：部分指标因四舍五入，存在总计与分项合计不等的情况。',
      { heat: 80 },
    ),
    repost(P.observer, 'q3', '工业和农村居民收入增速都不错，消费还得加把劲。'),
    repost(cityBureau('兰州市'), 'q3', ''),
    news(
      CHENBAO,
      '前三季度我省经济运行稳中有进',
      '省统计局今天发布数据，前三季度全省地区生产总值同比增长5.9%，规模以上工业增加值增长7.1%，城乡居民收入稳步增加。',
    ),
    repost(P.dataWang, 'q3', '已经在小程序上看到更新了，速度挺快👍'),
    repost(cityBureau('陇南市'), 'q3', ''),
    repost(P.sachet, 'q3', '人均可支配收入增长4.8%，我被平均了吗🙃'),
    repost(cityBureau('白银市'), 'q3', ''),
  ],
);

// ---------------------------------------------------------------------------------------------
// Act 2: the rumour

const VIRAL =
  '忍不了了！青石县GDP注水三成，财政收入虚报一倍，内部文件白纸黑字写着“确保增速不低于7.5%”！数据到底是算出来的还是编出来的？统计局是干什么吃的？这种造假必须一查到底！#青石县统计造假# @甘肃省统计局（演示）';
// The same, typed to slip past keyword filters: full-width letters and digits, dots between
// characters, a zero-width space inside 造假.
const VIRAL_DODGING =
  '忍不了了！青石县ＧＤＰ注水三成，财政收入虚报一倍，内部文件白纸黑字写着“确保增速不低于７.５％”！数据到底是算出来的还是编出来的？统.计.局是干什么吃的？这种造\u200b假必须一查到底！#青石县统计造假# @甘肃省统计局（演示）';
const VIRAL_ASCII_PUNCTUATION =
  '忍不了了!青石县GDP注水三成,财政收入虚报一倍,内部文件白纸黑字写着"确保增速不低于7.5%"!数据到底是算出来的还是编出来的?统计局是干什么吃的?这种造假必须一查到底!#青石县统计造假# @甘肃省统计局（演示）';
const VIRAL_TRADITIONAL =
  '忍不了了！青石縣GDP注水三成，財政收入虛報一倍，內部文件白紙黑字寫著「確保增速不低於7.5%」！數據到底是算出來的還是編出來的？統計局是幹什麼吃的？這種造假必須一查到底！#青石縣統計造假# @甘肃省统计局（演示）';
const LEAK =
  '【内部文件流出】青石县《关于做好前三季度主要经济指标调度工作的通知》：“各乡镇、各部门要确保地区生产总值增速不低于7.5%，财政收入同比翻番。”白纸黑字，懂的都懂。#青石县统计造假#';
const LEAK_TRADITIONAL =
  '【內部文件流出】青石縣《關於做好前三季度主要經濟指標調度工作的通知》：「各鄉鎮、各部門要確保地區生產總值增速不低於7.5%，財政收入同比翻番。」白紙黑字，懂的都懂。#青石縣統計造假#';

at(
  2,
  clock(2, 10, 5),
  thread(
    P.insider,
    '青石县GDP注水？内部文件流出',
    '朋友在县里上班，给我看了一份内部文件：青石县前三季度GDP实际只有五十多亿，上报的是七十多亿，财政收入也是翻倍报的。难怪增长7.8%，全是做出来的。图我就不发了，怕被查，懂的都懂。',
    { key: 'seed', heat: 4 },
  ),
);
at(2, clock(2, 10, 50), reply(P.qiang, 'seed', '没图说个锤子，发出来看看'));

scene(
  2,
  clock(2, 11, 10),
  clock(2, 14, 55),
  'rising',
  [2, 12],
  [
    weibo(
      P.townYouth,
      '我前天就说青石县7.8%有问题！现在内部文件都流出来了，GDP实际五十多亿报七十多亿 #青石县统计造假#',
    ),
    weibo(P.insider, LEAK, { key: 'leak', heat: 40 }),
    repost(P.xiaoli, 'leak', '真的假的？'),
    weibo(
      P.observer,
      '目前只看到论坛帖子和一段文字，没有任何原件图片，连文号都没有。大家先别急着下结论，等官方核实。',
    ),
    weibo(P.sachet, '统计数据造假是违法的吧？要是真的必须追责 #青石县统计造假#'),
    reply(P.jie, 'seed', 'GDP是上级统计部门统一核算的吧，县里自己能改？有懂行的来说说'),
    weibo(P.baiyin, '统计局出来说句话？@甘肃省统计局（演示） 青石县数据到底怎么回事'),
    repost(P.townYouth, 'leak', '确保增速不低于7.5%，这不就是先定目标再倒推数据吗？'),
    weibo(P.riverWang, '青石县统计造假？？刚看到，有没有人科普一下'),
    weibo(P.melon, LEAK),
    weibo(P.gobi, '看到#青石县统计造假#快上热搜了，坐等官方回应'),
    weibo(P.potato, '难怪总觉得数字跟感受对不上'),
    repost(P.riverWang, 'leak', '有图吗？'),
    weibo(P.wuwei, '#青石县统计造假# 这要是真的，性质太恶劣了'),
    weibo(P.tree, `${LEAK} 转发微博`),
    weibo(P.farAway, LEAK_TRADITIONAL),
  ],
);

at(2, clock(2, 15), weibo(P.bigV, VIRAL, { key: 'v', heat: 3200 }));

scene(
  2,
  clock(2, 15, 2),
  clock(2, 16),
  'rising',
  [6, 30],
  [
    repost(P.xiaoli, 'v', '彻查！', { key: 'r1' }),
    repost(P.townYouth, 'r1', '早就说7.8%有问题', { key: 'r2', heat: 60 }),
    repost(P.sachet, 'v', '太气人了，数据都敢造假'),
    repost(P.noodle, 'v', ''),
    weibo(P.melon, VIRAL),
    repost(P.zhang, 'v', '统计局是干什么吃的，说得好！'),
    repost(P.baiyin, 'r2', '数据都敢造假，还有什么是真的', { key: 'r3' }),
    weibo(P.scholar, '#青石县统计造假# 如果属实，坑的是全县老百姓'),
    repost(
      P.observer,
      'v',
      '建议先看证据。所谓内部文件至今没人见过原件，“GDP注水三成”的数字从哪来也没说。',
    ),
    repost(P.maiji, 'v', '转发扩散'),
    repost(P.wolf, 'r3', '查！'),
    repost(P.tree, 'r1', '同意'),
    weibo(P.nightOwl, '刚刷到，青石县统计数据造假？？？评论已经几千条了'),
    weibo(P.runner, `${VIRAL} 转发微博`),
    repost(P.kongtong, 'v', '这种事一定要查清楚，给大家一个交代'),
    repost(P.jyg, 'v', '等一个官方回应'),
    weibo(P.zhang, '@甘肃省统计局（演示） 请正面回应青石县数据造假问题！'),
    weibo(P.wind, VIRAL_ASCII_PUNCTUATION),
  ],
);

scene(
  2,
  clock(2, 16, 1),
  clock(2, 17),
  'even',
  [20, 60],
  [
    weibo(P.melon2, VIRAL),
    weibo(P.huyang, VIRAL_DODGING),
    repost(P.deer, 'v', ''),
    repost(P.wuwei, 'v', ''),
    repost(P.olive, 'r3', '心寒', { key: 'r4' }),
    repost(P.cyclist, 'r4', ''),
    weibo(
      P.bigV,
      '有人私信我说文件是假的，那你拿出真的来啊！统计局到现在一句话都没有！#青石县统计造假#',
      { key: 'v2', heat: 800 },
    ),
    repost(P.melon, 'v2', '支持博主'),
    repost(P.xiaoli, 'v2', '官博装死？'),
    weibo(P.farAway, VIRAL_TRADITIONAL),
    weibo(P.grape, '看到青石縣統計造假的消息，數據造假傷害的是政府公信力，希望儘快查清楚。'),
    weibo(P.jinchang, '我们这儿也有人在群里转，说得有鼻子有眼的 #青石县统计造假#'),
    weibo(
      P.student,
      '从专业角度说一句：地区生产总值是按统一核算制度由上级统计部门核算的，县里发一个文件改不了核算结果。“财政收入翻番”和GDP也不是一个部门的数。这个“文件”逻辑上就很奇怪。',
      { key: 'expert', heat: 90 },
    ),
    repost(P.wolf, 'expert', '你是统计局派来的吧'),
    repost(P.hua, 'v', ''),
    repost(P.gesang, 'v', '希望是假的'),
    weibo(P.walnut, `${LEAK}（看到的都转一下，别让它沉了）`),
    weibo(P.hero, `${VIRAL} 看到的都转一下，别让它沉了！`),
    weibo(P.danxia, '#青石县统计造假# 统计局官博快出来走两步'),
    repost(P.potato, 'v', '难怪，难怪'),
    repost(P.scholar, 'r4', '必须给个说法', { key: 'r5' }),
    repost(P.deer, 'r5', ''),
    repost(P.westWind, 'r2', ''),
    weibo(P.grape, '統.計.局到底怎麼說？造\u200b假這種事不能含糊'),
    thread(
      P.jie,
      '理性讨论：青石县“内部文件”有几个疑点',
      '1.没有原件图片，只有文字；2.地区生产总值由上级统计部门统一核算，县里无权自行确定最终核算数；3.“财政收入”和“地区生产总值”分属财政和统计两个部门，一个通知同时要求两项，不太像真实公文；4.“五十多亿”“七十多亿”没有任何出处。不是说一定没问题，但在官方核实之前，建议大家别传“实锤”。',
      { key: 'doubts', heat: 70 },
    ),
    reply(P.qiang, 'doubts', '说得在理，但万一是真的呢'),
    repost(P.gobi, 'v', '蹲一个后续'),
    weibo(P.westWind, VIRAL),
    weibo(P.baiyin, '统计造假这种事，老百姓最痛恨了，坐等结果'),
    repost(P.dataWang, 'v', '我查了小程序，只有市州数据，这个“七十多亿”是从哪来的？'),
    repost(P.sachet, 'v2', '官博一直不说话，越不说话越让人怀疑'),
    weibo(P.thorn, '青石县的Ｇ Ｄ Ｐ是编出来的？tj局一句话不说，造\u200b假\u200b的事就这么算了？'),
    weibo(P.maiji, '#青石县统计造假# 评论区都在骂，有没有人拿得出证据？'),
  ],
);

scene(
  2,
  clock(2, 17, 2),
  clock(2, 18, 15),
  'even',
  [40, 15],
  [
    repost(P.runner, 'v2', '顶上去'),
    weibo(P.riverWang, '数据造假的事以前也有过吧？这次要是真的，得有人负责'),
    wechat(
      SILK_FINANCE,
      '青石县被指GDP“注水”，真相如何？',
      '近日，有网民在社交平台发帖称，青石县存在地区生产总值和财政收入数据“注水”问题，并称有“内部文件”流出。记者注意到，相关帖子目前仅有文字描述，未见文件原件。记者尝试联系青石县有关部门，截至发稿未获回复。本号将持续关注。',
      { key: 'media1', heat: 200 },
    ),
    repost(P.tree, 'v', '太离谱了'),
    weibo(P.farAway, '統計局到現在還沒回應嗎？青石縣的事越傳越廣了'),
    repost(P.walnut, 'r5', '不查清楚不罢休'),
    weibo(P.nightOwl, '一下午都在刷#青石县统计造假#，工作都没干完😩'),
    repost(P.observer, 'doubts', '这几个疑点说到点子上了，建议大家看看。'),
    repost(P.melon2, 'v', ''),
    weibo(P.kongtong, '统.计.局的官博还在发别的吗？这事不回应说不过去吧'),
    repost(P.jinchang, 'media1', '媒体也关注了'),
    repost(P.danxia, 'media1', '媒体都出来了，官方还不回应'),
    weibo(P.potato, '问了在统计系统工作的亲戚，他说GDP县里自己定不了，让我别瞎转'),
    repost(P.wind, 'r5', ''),
    weibo(
      P.teacher,
      '教了一辈子数学，说句公道话：“五十多亿”和“七十多亿”如果口径不一样，差这么多也可能。先别急着定性。',
    ),
    repost(P.hero, 'v2', '顶'),
    weibo(P.zhang, '@甘肃省统计局（演示） 几个小时了，还没有回应吗？'),
    weibo(P.melon, '#青石县统计造假# 吃瓜第一线，等反转还是等实锤？'),
    weibo(P.grape, '#青石縣統計造假# 在外地也刷到了，希望有個說法'),
  ],
);

at(
  2,
  clock(2, 18, 30),
  weibo(
    BUREAU,
    '关于网民反映的青石县统计数据有关问题，我局已关注，正在会同有关方面抓紧核实，核实情况将及时向社会公布。统计数据质量是统计工作的生命线，对任何统计造假、弄虚作假行为，一经查实将依法依规严肃处理。感谢网友监督。',
    { key: 'hold', heat: 900 },
  ),
);

scene(
  2,
  clock(2, 18, 35),
  clock(2, 23, 50),
  'falling',
  [60, 4],
  [
    repost(P.observer, 'hold', '回应还算及时，等核实结果。'),
    repost(P.xiaoli, 'hold', '那就等你们的结果'),
    repost(P.bigV, 'hold', '说了等于没说？我们等着看', { key: 'bigv-hold', heat: 300 }),
    news(
      CHENBAO,
      '网传青石县统计数据造假 省统计局：已关注，正在核实',
      '今天下午，有网民在社交平台发帖称青石县地区生产总值和财政收入数据存在“注水”问题。省统计局官方微博随后回应称，已关注到有关情况，正在会同有关方面抓紧核实，核实情况将及时向社会公布。',
      { key: 'news-hold', heat: 120 },
    ),
    repost(P.wolf, 'hold', '自己查自己？'),
    weibo(P.jinchang, '看到省统计局回应了，说在核实，那就等等吧'),
    repost(P.sachet, 'news-hold', '有回应就好'),
    repost(P.melon, 'bigv-hold', '等着看+1'),
    weibo(P.grape, '有回應總比沒有好，等結果。'),
    news(
      HEXI_NEWS,
      '网传青石县统计数据造假 省统计局：已关注，正在核实',
      '今天下午，有网民在社交平台发帖称青石县地区生产总值和财政收入数据存在“注水”问题。省统计局官方微博随后回应称，已关注到有关情况，正在会同有关方面抓紧核实，核实情况将及时向社会公布。（来源：陇原晨报）',
    ),
    weibo(P.thorn, '统.计.局说在核实，核实个寂寞，等着被和谐吧'),
    repost(P.student, 'hold', '期待公布核算过程和数据来源，这比什么都有说服力。'),
    weibo(P.hua, '青石县的事，希望查清楚，不冤枉人也不放过人'),
    repost(P.townYouth, 'hold', '看你们怎么圆'),
    weibo(P.nightOwl, '刷到半夜，#青石县统计造假# 还是没有新进展'),
    weibo(P.baiyin, '@甘肃省统计局（演示） 核实要多久？明天能出结果吗？'),
    reply(P.teacher, 'doubts', '同意楼主，口径不清就下结论不妥。'),
    weibo(P.walnut, `${LEAK}（看到的都转一下，别让它沉了）`),
    weibo(P.gesang, '睡了睡了，明天再看青石县的后续'),
    repost(P.deer, 'hold', ''),
    weibo(P.farAway, LEAK_TRADITIONAL),
    weibo(P.wolf, '都这个点了，统计局还没说法，我看是捂不住了 #青石县统计造假#'),
  ],
);

scene(
  2,
  clock(3, 0, 30),
  clock(3, 9, 40),
  'rising',
  [3, 15],
  [
    weibo(P.nightOwl, '失眠，又刷了一遍青石县的帖子，越看越像编的'),
    weibo(P.runner, '一觉醒来，青石县的事还没结果？'),
    weibo(P.melon2, '#青石县统计造假# 第二天了，坐等'),
    weibo(P.maiji, '早上在单位群里也看到青石县的事了，大家都在猜'),
    reply(P.riverWang, 'doubts', '等官方说法吧，这帖子比那些骂街的有用'),
    weibo(P.sachet, '统计局说在核实，今天能出结果吗 #青石县统计造假#'),
    repost(P.zhang, 'hold', '一晚上过去了，结果呢？'),
    weibo(P.xiaoli, '上班路上还在想青石县的事，数据这东西要是都不能信了可怎么办'),
    weibo(P.westWind, '听说今天上午出结果，蹲'),
  ],
);

// ---------------------------------------------------------------------------------------------
// Act 3: the clarification

const STATEMENT =
  '【情况说明】近日，有网民发帖称青石县地区生产总值和财政收入数据“造假”，并称有“内部文件”。我局高度重视，会同有关方面连夜核查。现将有关情况说明如下：\n一、网传“内部文件”不存在。经查，青石县及其上级单位均未制发过网传名称的通知，网传内容系将两份不同材料的文字拼接改写而成。\n二、青石县前三季度地区生产总值为72.4亿元，同比增长7.8%，由上级统计部门按照国家统一的地区生产总值核算制度核算，县级统计机构无权自行确定核算结果。网传“实际只有五十多亿”，是把第一产业和规模以上工业两项增加值相加得出的，并非全部行业的增加值。\n三、网传“财政收入翻倍报”，是将全口径财政收入与一般公共预算收入两个不同口径的指标直接比较所致。财政收入数据由财政部门发布。\n上述数据来源于国家统一的地区生产总值核算和财政部门公开的预算执行情况，完整数据及核算说明见：https://demo.invalid/gs-stats/data/qingshi-q3 。\n统计数据质量是统计工作的生命线。欢迎社会各界继续监督，如发现统计造假、弄虚作假线索，可通过我局官网“统计违法举报”栏目反映。';

at(3, clock(3, 10), weibo(BUREAU, STATEMENT, { key: 'stmt', heat: 1800 }));
at(
  3,
  clock(3, 10, 3),
  wechat(
    BUREAU,
    '关于网传“青石县统计数据造假”有关情况的说明',
    `${STATEMENT}\n附：青石县前三季度分行业增加值（亿元）——第一产业16.8，规模以上工业35.1，规模以下工业及建筑业6.3，批发零售、交通运输、住宿餐饮等服务业14.2，合计72.4。`,
    { key: 'stmt-wechat', heat: 600 },
  ),
);

scene(
  3,
  clock(3, 10, 5),
  clock(3, 13),
  'falling',
  [200, 20],
  [
    repost(cityBureau('兰州市'), 'stmt', ''),
    news(
      CHENBAO,
      '省统计局回应“青石县统计造假”传言：网传文件系拼接改写',
      '今天上午，省统计局发布情况说明称，网传青石县“内部文件”不存在，系将两份不同材料的文字拼接改写而成。青石县前三季度地区生产总值为72.4亿元，同比增长7.8%，由上级统计部门按照国家统一核算制度核算。网传“财政收入翻倍报”系将不同口径指标直接比较所致。',
      { key: 'news-stmt', heat: 260 },
    ),
    repost(
      P.observer,
      'stmt',
      '说明写得清楚：事实、数据来源、完整数据链接都有。“五十多亿”是两项加总，这个解释对得上。',
      { heat: 120 },
    ),
    repost(COUNTY_MEDIA, 'stmt', '我县将继续依法依规做好统计工作，欢迎社会监督。'),
    repost(P.student, 'stmt', '跟我昨天说的一样，GDP是统一核算的。口径问题一般人确实容易搞混。'),
    news(
      HEXI_NEWS,
      '官方说明：青石县GDP由上级统一核算，网传“内部文件”不存在',
      '省统计局今天发布情况说明，网传青石县统计数据造假一事中的“内部文件”不存在。说明同时公布了青石县前三季度分行业增加值，并附完整数据链接。',
    ),
    weibo(P.dataWang, '点了情况说明里的完整数据链接，分行业增加值都列出来了，加起来确实是72.4亿👍'),
    repost(P.xiaoli, 'stmt', '原来是这样，白气了一晚上'),
    repost(cityBureau('天水市'), 'stmt', ''),
    repost(cityBureau('酒泉市'), 'stmt', ''),
    repost(P.baiyin, 'stmt', '昨天还在@统计局，今天就回应了，服气'),
    weibo(P.sachet, '回应挺快的，点赞。以后这种事能不能更早点说清楚'),
    repost(P.wolf, 'stmt', '说拼接就是拼接？原件呢？', { key: 'doubt-origin' }),
    weibo(
      BUREAU,
      '@一只西北狼 您好，地区生产总值核算方法、分行业增加值和数据来源已在官网公开（https://demo.invalid/gs-stats/data/qingshi-q3），欢迎查阅。对统计数据有疑问，也可通过官网留言，我们将逐一答复。',
      { heat: 150 },
    ),
    weibo(
      P.bigV,
      '看了省统计局的情况说明和完整数据，我昨天转发的“内部文件”信息不实，相关微博已删除，向大家致歉。以后转发前会先核实。',
      { key: 'apology', heat: 600 },
    ),
    repost(P.melon, 'apology', '敢认错，点赞'),
    repost(P.thorn, 'apology', '早干嘛去了'),
    weibo(P.grape, '說明看了，原來是口徑不同，數據來源寫得清楚。希望以後也能這樣公開透明。'),
    reply(P.jie, 'doubts', '更新：官方情况说明出来了，四个疑点基本都对上了，“文件”是拼接的。'),
  ],
);

scene(
  3,
  clock(3, 13, 10),
  clock(3, 20),
  'falling',
  [60, 6],
  [
    wechat(
      SILK_FINANCE,
      '一文读懂：为什么不能拿财政收入去“比”GDP',
      '地区生产总值衡量的是一个地区所有常住单位生产活动的最终成果，由统计部门按统一制度核算；财政收入是财政部门组织的收入，又分一般公共预算收入、全口径财政收入等不同口径。把不同口径的数字放在一起比较，很容易得出“翻倍”“注水”的错误结论。本次网传青石县“数据造假”，正是这样产生的。',
      { heat: 140 },
    ),
    weibo(P.townYouth, '7.8%还是高，我保留意见'),
    weibo(P.thorn, '自己查自己，谁信'),
    repost(P.teacher, 'stmt', '口径不同，果然如此。数字会说话，但要先弄清它在说什么。'),
    repost(P.riverWang, 'news-stmt', '真相来了'),
    repost(P.hua, 'news-stmt', '辟谣了，大家别再转了'),
    weibo(P.jinchang, '群里有人还在转那个“内部文件”，我直接把情况说明甩过去了'),
    weibo(P.qiang, '吃瓜吃了两天，结果是个拼接的假文件'),
    weibo(P.farAway, '看了統計局的說明，附了分行業數據，這樣就清楚多了'),
    repost(P.gobi, 'stmt', ''),
    weibo(P.zhang, '情况说明看了，有数据有来源，我信了。就是希望以后别让谣言飞一整天'),
    repost(P.kongtong, 'apology', '知错能改'),
  ],
);

scene(
  3,
  clock(3, 20, 30),
  clock(4, 7, 40),
  'falling',
  [20, 2],
  [
    weibo(P.noodle, '青石县的瓜吃完了，明天早上继续吃面🍜'),
    weibo(P.wolf, '还是觉得应该请第三方来核查，不过算了'),
    news(
      CHENBAO,
      '评论：回应谣言，最有力的是公开透明的数据',
      '从网传“内部文件”到官方情况说明，不到一天时间。这次回应，讲清了事实，交代了数据来源，附上了完整数据。公开透明，是统计数据公信力的底气。',
      { heat: 80 },
    ),
    weibo(P.gesang, '今天甘南下雪了❄️ 顺便看了统计局的说明，原来是口径问题'),
    weibo(P.olive, '昨天还在群里转那个“文件”，今天赶紧在群里发了辟谣，惭愧'),
    weibo(P.dunhuang, '敦煌今天游客少了点，导游还跟我们讲了青石县那个“统计造假”，原来是口径搞混了'),
    weibo(P.student, '这次的事可以当统计课的案例了：口径、核算、数据来源，一个不少'),
  ],
);

// ---------------------------------------------------------------------------------------------
// The scenario

const URL_PATHS: Record<DemoSource, string> = {
  'demo-weibo': 'weibo/status',
  'demo-wechat': 'wechat/s',
  'demo-news': 'news/article',
  'demo-forum': 'forum/post',
};

function metricsFor(source: DemoSource, heat: number): NonNullable<IncomingPost['metrics']> {
  const n = (scale: number) => Math.max(0, Math.round(heat * scale * (0.6 + 0.8 * random())));
  switch (source) {
    case 'demo-weibo':
      return { reposts: n(1), comments: n(0.45), likes: n(2.4) };
    case 'demo-wechat':
      return { reposts: n(0.5), comments: n(0.2), likes: n(1.2), views: n(80) };
    case 'demo-news':
      return { comments: n(0.3), views: n(100) };
    case 'demo-forum':
      return { comments: n(0.8), likes: n(0.6), views: n(60) };
  }
}

function build(): DemoPost[] {
  // Array.prototype.sort is stable: posts of the same minute keep their story order.
  const ordered = [...placed].sort((a, b) => a.at - b.at);
  const ids = new Map<Draft, string>();
  ordered.forEach((p, i) => ids.set(p.draft, `demo-${String(i + 1).padStart(4, '0')}`));
  return ordered.map((p): DemoPost => {
    const d = p.draft;
    const id = ids.get(d) ?? '';
    const parentId = d.parentKey === undefined ? undefined : ids.get(parentOf(d.parentKey));
    const post: DemoPost = {
      id,
      source: d.source,
      url: `https://demo.invalid/${URL_PATHS[d.source]}/${id}`,
      author: d.by.handle,
      text: d.text,
      metrics: metricsFor(d.source, p.heat),
      offsetMinutes: p.at,
      act: p.act,
    };
    if (d.title !== undefined) post.title = d.title;
    if (parentId !== undefined) post.parent_id = parentId;
    if (d.by.region !== undefined) post.region = d.by.region;
    return post;
  });
}

/** The whole scenario, sorted by story time; the same on every run. */
export const DEMO_SCENARIO: readonly DemoPost[] = Object.freeze(build());

// ---------------------------------------------------------------------------------------------
// Replay

function checkSpeedup(speedup: number): void {
  if (!Number.isFinite(speedup) || speedup <= 0) {
    throw new RangeError(`speedup must be a positive number, got ${speedup}`);
  }
}

/**
 * The real moment a post appears when the story started at `start` and runs `speedup` times
 * faster than real time. Rounded up to the millisecond, so a post is never due before its time.
 */
export function demoPostTime(post: DemoPost, start: Date, speedup: number): Date {
  checkSpeedup(speedup);
  return new Date(start.getTime() + Math.ceil((post.offsetMinutes * 60_000) / speedup));
}

/** Real time the whole scenario takes at `speedup` (default: about 10 minutes). */
export function demoDurationMs(speedup: number = DEMO_SPEEDUP_DEFAULT): number {
  checkSpeedup(speedup);
  const last = DEMO_SCENARIO[DEMO_SCENARIO.length - 1];
  return last === undefined ? 0 : Math.ceil((last.offsetMinutes * 60_000) / speedup);
}

/** The posts whose time has come by `now`, in story order. */
export function demoPostsDue(start: Date, now: Date, speedup: number): DemoPost[] {
  checkSpeedup(speedup);
  const limit = now.getTime();
  return DEMO_SCENARIO.filter((p) => demoPostTime(p, start, speedup).getTime() <= limit);
}

/** ISO 8601 in Beijing time, e.g. `2025-01-01T10:00:00.000+08:00`. */
function isoBeijing(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, -1)}+08:00`;
}

/** The post with `published_at` set to the real moment it appears, so the replay looks live. */
export function withPublishedAt(
  post: DemoPost,
  start: Date,
  speedup: number,
): DemoPost & { published_at: string } {
  return { ...post, published_at: isoBeijing(demoPostTime(post, start, speedup).getTime()) };
}
