// The risk lexicon: sensitive categories (data falsification, corruption, casualties, mass
// incidents …), each with terms and a weight, and how a post is scored against them.
//
// Scoring. A category counts once however many of its terms a post holds; the post's score is
// the probability that at least one matched category is a real risk, reading each category's
// weight as that probability on its own:
//     score = 1 - Π (1 - weight_c)   over the matched categories c.
// One category of weight 0.9 gives 0.9; two of 0.9 and 0.6 give 0.96; nothing matched gives 0.
// Adding a matched category never lowers the score, and the score stays in 0..1.
//
// Negation is not handled: 没有造假 still matches 造假. A risk term signals that a post is about
// the topic whatever its polarity, and a denial of falsification is itself worth a look.
//
// Exclusions. A category may list `exclude` phrases in which its terms mean something harmless
// (死亡率 is a statistic, not a casualty; 避免聚集 is advice, not a gathering). A term match
// lying inside a match of an exclusion of the same category is dropped; other categories are
// unaffected. Inside, not merely overlapping: the exclusion 工作作风 must hide 作风 in 工作作风,
// not 作风粗暴 in 工作作风粗暴.
//
// Matching is one Aho-Corasick pass over the text for all terms and exclusions. Terms are folded
// at compile time (traditional to simplified, full-width to ASCII, lower case); `assess` expects
// the analysis text (normalise.ts) and folds width and case itself, not script.

import { AhoCorasick } from './aho-corasick.ts';
import { lowerCase, toHalfWidth, toSimplified } from './normalise.ts';

export interface RiskCategory {
  /** Slug: lower-case letters, digits, `-` and `_` (data_falsification). */
  id: string;
  /** Chinese name, shown to users. */
  name: string;
  nameEn: string;
  /** 0..1: how strongly a match of this category alone signals risk. */
  weight: number;
  terms: string[];
  /** Phrases whose match suppresses this category's term matches lying inside it. */
  exclude?: string[] | undefined;
}

export interface RiskLexicon {
  categories: RiskCategory[];
}

export interface RiskCategoryHit {
  id: string;
  weight: number;
  /** Distinct terms matched, as written in the lexicon, in order of first occurrence. */
  terms: string[];
}

export interface RiskResult {
  /** 1 - Π(1 - weight) over the matched categories; 0 when none matched. */
  score: number;
  /** Matched categories, highest weight first (lexicon order among equals). */
  categories: RiskCategoryHit[];
}

export interface RiskAssessor {
  /** The risk of an analysis text; `lower` is `lowerCase(text)` when the caller has it. */
  assess(text: string, lower?: string): RiskResult;
}

// The lexicon's schema lives with the other settings schemas (zod only, so the API's wire
// schemas can use it without the matcher); re-exported here for the lexicon's users.
export { riskCategorySchema, riskLexiconSchema } from './settings-schema.ts';
import { riskLexiconSchema } from './settings-schema.ts';

/** How terms and texts are compared: simplified script, ASCII width, lower case. */
function foldTerm(term: string): string {
  return toHalfWidth(toSimplified(term.trim())).toLowerCase();
}

interface Pattern {
  category: number;
  /** Index into the category's distinct terms; -1 for an exclusion. */
  term: number;
}

/**
 * Compiles a lexicon (validated with {@link riskLexiconSchema}; an invalid one throws its
 * ZodError) into an assessor that scans each text once.
 */
export function compileRisk(lexicon: RiskLexicon): RiskAssessor {
  const { categories } = riskLexiconSchema.parse(lexicon);
  const patterns: string[] = [];
  const owners: Pattern[] = [];
  /** Per category, its distinct terms as written (the first spelling of each folded form). */
  const termNames: string[][] = categories.map((category, c) => {
    const names: string[] = [];
    const byFolded = new Map<string, number>();
    for (const term of category.terms) {
      const folded = foldTerm(term);
      if (folded === '' || byFolded.has(folded)) continue;
      byFolded.set(folded, names.length);
      patterns.push(folded);
      owners.push({ category: c, term: names.length });
      names.push(term);
    }
    for (const phrase of new Set((category.exclude ?? []).map(foldTerm))) {
      if (phrase === '') continue;
      patterns.push(phrase);
      owners.push({ category: c, term: -1 });
    }
    return names;
  });
  const ac = new AhoCorasick(patterns);
  // Highest weight first, lexicon order among equals.
  const order = categories
    .map((category, index) => ({ weight: category.weight, index }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.index);

  return {
    assess(text: string, lower?: string): RiskResult {
      const terms: { category: number; term: number; start: number; end: number }[] = [];
      let exclusions: { category: number; start: number; end: number }[] | undefined;
      const half = toHalfWidth(text);
      const folded = lower !== undefined && half === text ? lower : lowerCase(half);
      ac.scan(folded, (pattern, end) => {
        const owner = owners[pattern]!;
        const start = end - ac.patternLength(pattern);
        if (owner.term < 0) (exclusions ??= []).push({ category: owner.category, start, end });
        else terms.push({ category: owner.category, term: owner.term, start, end });
      });
      if (terms.length === 0) return { score: 0, categories: [] };

      const kept =
        exclusions === undefined
          ? terms
          : terms.filter(
              (t) =>
                !exclusions!.some(
                  (x) => x.category === t.category && x.start <= t.start && t.end <= x.end,
                ),
            );
      // Match order: by start, the longer first, so a term inside a longer one of the same
      // category (造假 in 数据造假) is not reported on its own.
      kept.sort((a, b) => a.start - b.start || b.end - a.end);
      const matched = new Map<number, Set<number>>();
      const reach = new Map<number, number>();
      for (const t of kept) {
        if (t.end <= (reach.get(t.category) ?? -1)) continue;
        reach.set(t.category, Math.max(t.end, reach.get(t.category) ?? -1));
        let set = matched.get(t.category);
        if (set === undefined) matched.set(t.category, (set = new Set()));
        set.add(t.term);
      }

      let miss = 1;
      const hits: RiskCategoryHit[] = [];
      for (const c of order) {
        const set = matched.get(c);
        if (set === undefined) continue;
        const category = categories[c]!;
        miss *= 1 - category.weight;
        hits.push({
          id: category.id,
          weight: category.weight,
          terms: [...set].map((t) => termNames[c]![t]!),
        });
      }
      return { score: 1 - miss, categories: hits };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The built-in lexicon

// prettier-ignore
export const DEFAULT_RISK_LEXICON: RiskLexicon = {
  categories: [
    {
      id: 'data_falsification',
      name: '数据造假',
      nameEn: 'Data falsification',
      weight: 0.9,
      terms: [
        '造假', '数据造假', '统计造假', '作假', '数据作假', '弄虚作假', '注水', '数据注水', '掺水',
        '兑水', '挤水分', '挤出水分', '挤掉水分', '数据水分', '数据打架', '虚报', '瞒报', '漏报',
        '拒报', '迟报', '谎报', '篡改数据', '篡改统计资料', '伪造数据', '伪造统计资料', '编造数据',
        '编造虚假数据', '假数据', '虚假数据', '数据失真', '数据不实', '失实', '虚增',
        '做假账', '假账', '数字出官', '官出数字', '数字游戏', '刷数据', '统计违法', '干预统计',
      ],
      exclude: ['注水井', '注水泵'],
    },
    {
      id: 'corruption',
      name: '贪污腐败',
      nameEn: 'Corruption',
      weight: 0.8,
      terms: [
        '贪污', '受贿', '行贿', '索贿', '腐败', '贪腐', '贪官', '挪用', '挪用公款', '侵占', '私分',
        '截留', '套取', '骗取', '虚报冒领', '冒领', '吃空饷', '小金库', '公款吃喝', '公款旅游',
        '违规收受', '收受礼金', '收受红包', '权钱交易', '利益输送', '以权谋私', '中饱私囊', '落马',
        '双开', '被留置', '严重违纪违法', '涉嫌违纪违法', '接受纪律审查', '接受审查调查',
        '被查处', '买官卖官', '跑官要官', '吃回扣', '回扣',
      ],
    },
    {
      id: 'casualties',
      name: '人员伤亡',
      nameEn: 'Casualties',
      weight: 0.9,
      terms: [
        '死亡', '遇难', '伤亡', '身亡', '丧生', '罹难', '殒命', '毙命', '遇害', '死者', '遇难者',
        '死伤', '受伤', '重伤', '伤者', '失踪', '失联', '被困', '遗体', '尸体', '溺亡', '溺水',
        '坠亡', '坠楼', '猝死', '致死', '致残', '丧命', '不治身亡', '抢救无效', '人员伤亡',
        '死亡人数', '伤亡人数',
      ],
      exclude: [
        '死亡率', '粗死亡率', '死亡人口', '死亡登记', '死亡统计', '致死率', '出生和死亡',
        '出生、死亡', '社交死亡', '死亡笔记', '死亡金属', '玩失踪',
      ],
    },
    {
      id: 'staff_misconduct',
      name: '工作人员作风',
      nameEn: 'Staff misconduct',
      weight: 0.6,
      terms: [
        '作风', '作风问题', '作风粗暴', '作风漂浮', '态度恶劣', '态度蛮横', '态度差', '态度极差',
        '服务态度差', '吃拿卡要', '推诿', '推诿扯皮', '踢皮球', '不作为', '乱作为', '慢作为',
        '懒政', '怠政', '庸政', '门难进', '脸难看', '事难办', '冷硬横推', '刁难', '故意刁难',
        '形式主义', '官僚主义', '打官腔', '敷衍', '敷衍了事', '敷衍塞责', '不耐烦', '辱骂', '骂人',
        '乱收费', '滥用职权', '玩忽职守', '失职', '渎职', '耍官威', '特权思想',
      ],
      exclude: [
        '作风建设', '优良作风', '良好作风', '好作风', '过硬作风', '作风过硬', '务实作风',
        '作风优良', '工作作风', '转变作风', '改进作风', '转作风', '作风扎实', '扎实作风',
        '作风格', // 写作风格, 工作风格
      ],
    },
    {
      id: 'mass_incident',
      name: '群体性事件',
      nameEn: 'Mass incidents',
      weight: 0.9,
      terms: [
        '聚集', '聚众', '上访', '信访', '集体上访', '越级上访', '进京上访', '维权', '讨薪',
        '讨要工资', '欠薪', '拖欠工资', '群体性事件', '群体性', '围堵', '堵路', '拦路', '堵门',
        '静坐', '示威', '游行', '罢工', '罢课', '罢市', '冲突', '打砸', '闹事', '抗议', '拉横幅',
        '拉条幅', '围攻', '冲击政府', '请愿', '骚乱', '暴乱', '堵塞交通', '集会',
      ],
      exclude: [
        '聚集性', '避免聚集', '减少聚集', '不聚集', '不要聚集', '勿聚集', '防止聚集', '禁止聚集',
        '严禁聚集', '聚集区', '聚集地', '产业聚集', '群体性聚餐', '群体性活动', '花车游行',
        '彩车游行', '旅游行', '利益冲突', '时间冲突',
      ],
    },
    {
      id: 'privacy_leak',
      name: '隐私泄露',
      nameEn: 'Privacy and data leaks',
      weight: 0.7,
      terms: [
        '泄露', '泄密', '个人信息', '个人隐私', '隐私', '信息泄露', '数据泄露', '隐私泄露',
        '泄露隐私', '人肉', '人肉搜索', '开盒', '身份证号', '身份证号码', '家庭住址',
        '倒卖', '贩卖个人信息', '出售个人信息', '非法获取', '窃取', '黑客', '数据安全', '未脱敏',
        '公民个人信息', '住户信息', '普查对象信息', '调查对象信息', '商业秘密', '国家秘密',
        '信息外泄', '外泄', '曝光隐私',
      ],
      exclude: ['隐私政策', '泄露天机', '人肉包子', '打开盒', '拆开盒', '开盒子'],
    },
    {
      id: 'violence',
      name: '暴力犯罪',
      nameEn: 'Violence and crime',
      weight: 0.8,
      terms: [
        '暴力', '殴打', '打人', '砍人', '持刀', '行凶', '凶杀', '杀人', '伤人', '斗殴', '群殴',
        '枪击', '纵火', '袭击', '绑架', '劫持', '抢劫', '猥亵', '性侵', '强奸', '家暴', '家庭暴力',
        '霸凌', '校园霸凌', '虐待', '暴力执法', '暴力抗法', '打砸抢', '报复社会', '恐怖袭击',
        '爆炸案', '投毒', '命案', '凶手', '刑拘',
      ],
      exclude: [
        '非暴力', '暴力美学', '杀人游戏', '杀人诛心', '道德绑架', '情感绑架', '亲情绑架', '很伤人',
        '太伤人', '伤人心', '伤人自尊',
      ],
    },
    {
      id: 'accident_disaster',
      name: '事故灾害',
      nameEn: 'Accidents and disasters',
      weight: 0.7,
      terms: [
        '事故', '安全事故', '责任事故', '交通事故', '车祸', '追尾', '侧翻', '火灾', '起火', '失火',
        '着火', '爆炸', '坍塌', '垮塌', '倒塌', '泄漏', '燃气泄漏', '中毒', '食物中毒',
        '一氧化碳中毒', '踩踏', '矿难', '透水', '塌方', '滑坡', '泥石流', '地震', '洪水', '山洪',
        '洪涝', '内涝', '溃坝', '暴雨成灾', '沙尘暴', '雪灾', '险情',
      ],
      exclude: [
        '爆炸性', '信息爆炸', '爆炸式', '爆炸头', '原地爆炸', '心态爆炸', '经济滑坡', '成绩滑坡',
        '业绩滑坡', '事故意', // 没事故意
        '着火锅', '着火龙果', '着火车', '着火箭', '着火腿', '着火柴', '泄漏率',
      ],
    },
    {
      id: 'statistics_distrust',
      name: '对统计数据不满',
      nameEn: 'Distrust of statistics',
      weight: 0.7,
      terms: [
        '数据不真实', '数据不准', '数据不准确', '数据不可信', '数据不靠谱', '数据有水分', '被平均',
        '被增长', '被就业', '被脱贫', '被小康', '被代表', '拖后腿', '拖了后腿', '数据好看',
        '数据漂亮', '纸面数据', '数字脱贫', '拍脑袋', '数据从哪来', '数据哪来的', '谁信',
        '鬼才信', '你信吗', '骗鬼', '自欺欺人', '粉饰太平', '报喜不报忧', '统计局骗', '统计局又',
        '平均工资又', '又被平均', '统计数据骗',
      ],
    },
    {
      id: 'complaint_exposure',
      name: '投诉曝光',
      nameEn: 'Complaints and exposure',
      weight: 0.5,
      terms: [
        '举报', '实名举报', '投诉', '曝光', '网曝', '爆料', '揭露', '控诉', '喊冤', '申冤', '鸣冤',
        '求助', '求关注', '跪求', '求扩散', '帮忙扩散', '请扩散', '转发扩散', '求转发', '问责',
        '通报批评', '约谈', '处分', '免职', '停职', '撤职', '不公', '黑幕', '内幕', '潜规则',
        '打击报复', '12345热线', '市长热线', '领导留言板',
      ],
      exclude: [
        '曝光率', '曝光度', '曝光量', '曝光补偿', '曝光时间', '曝光过度', '曝光不足', '自动曝光',
        '不公开', '处分享', '处分配', '处分布', '四处分', '到处分', '各处分', '此处分',
      ],
    },
  ],
};
