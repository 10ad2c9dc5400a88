import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  POLARITY_ONLY,
  type Split,
  inDomainSplit,
  loadAllCorpora,
  loadSeeds,
  toExamples,
  trainCommittedModel,
} from '../../scripts/sentiment-data.ts';
import { sharedData } from '../../test/shared-data.ts';
import { analysisText } from './normalise.ts';
import {
  LexKind,
  LexiconTable,
  MAX_WORD_LENGTH,
  SentimentFeaturizer,
  buildLexiconTable,
} from './sentiment-features.ts';
import { trainSentimentModel } from './sentiment-train.ts';
import {
  DEFAULT_MODEL_PATH,
  SentimentModel,
  decodeSentimentModel,
  encodeSentimentModel,
  loadSentimentModel,
  sentiment,
} from './sentiment.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const of = (text: string) => sentiment(analysisText({ text }));

describe('lexicon table', () => {
  it('finds the words it was given, with their kinds, and nothing else', () => {
    const table = buildLexiconTable([
      ['好', 'positive'],
      ['糟糕', 'negative'],
      ['不', 'positive'], // overridden: 不 is a negator
    ]);
    expect(table.get('好')).toBe(LexKind.positive);
    expect(table.get('糟糕')).toBe(LexKind.negative);
    expect(table.get('不')).toBe(LexKind.negator);
    expect(table.get('造假')).toBe(LexKind.negative); // Yuqing's statistics-bureau list
    expect(table.get('点赞')).toBe(LexKind.positive);
    expect(table.get('很')).toBe(LexKind.intensifier);
    expect(table.get('但是')).toBe(LexKind.contrast);
    expect(table.get('糟')).toBe(0);
    expect(table.get('糟糕透了')).toBe(0);
    expect(table.get('x'.repeat(MAX_WORD_LENGTH + 1))).toBe(0);
  });

  it('does not depend on the order of its input', () => {
    const words: [string, 'positive' | 'negative'][] = [
      ['开心', 'positive'],
      ['难过', 'negative'],
      ['漂亮', 'positive'],
    ];
    const a = buildLexiconTable(words);
    const b = buildLexiconTable([...words].reverse());
    expect(sha256(new Uint8Array(a.keys.buffer))).toBe(sha256(new Uint8Array(b.keys.buffer)));
    expect(a.kinds).toEqual(b.kinds);
    expect(a.prefixes).toEqual(b.prefixes);
  });

  it('refuses a table that is not a power of two', () => {
    expect(
      () => new LexiconTable(new Int32Array(6), new Uint8Array(3), new Uint32Array(1)),
    ).toThrow(/power of two/);
  });
});

describe('features', () => {
  const lexicon = buildLexiconTable([
    ['好', 'positive'],
    ['开心', 'positive'],
  ]);
  const featurizer = new SentimentFeaturizer(lexicon, { hashBits: 16, maxNgram: 3 });
  const features = (text: string): Map<number, number> => {
    const n = featurizer.extract(text);
    const out = new Map<number, number>();
    for (let i = 0; i < n; i++) out.set(featurizer.buckets[i]!, featurizer.values[i]!);
    return out;
  };

  it('gives the same features for the same text, every time', () => {
    const a = features('今天真开心[哈哈] http://t.cn/abc @某人 2025年');
    features('另一段完全不同的文字');
    expect(features('今天真开心[哈哈] http://t.cn/abc @某人 2025年')).toEqual(a);
  });

  it('ignores URLs, the names of @mentions and which digits a number has', () => {
    expect(features('数据发布了 http://t.cn/A6xyz')).toEqual(features('数据发布了 https://x.cn/q'));
    expect(features('@张三 说得好')).toEqual(features('@李四 说得好'));
    expect(features('增长了12%')).toEqual(features('增长了57%'));
  });

  it('turns a Weibo emoticon into a token of its own besides its characters', () => {
    const withBrackets = features('好[哈哈]');
    const plain = features('好 哈哈 ');
    expect(withBrackets.size).toBeGreaterThan(plain.size);
  });

  it('tells a negated polarity word from a plain one', () => {
    const plain = new Set(features('开心').keys());
    const negated = new Set(features('不开心').keys());
    // Beyond the n-grams 不开心 adds, the lexicon features differ (negated word, summaries).
    const onlyPlain = [...plain].filter((b) => !negated.has(b));
    expect(onlyPlain.length).toBeGreaterThan(0);
  });

  it('normalises the n-gram block to unit length, sublinearly in term frequency', () => {
    featurizer.extract('哈哈哈哈哈哈');
    const n = featurizer.extract('哈哈哈哈哈哈');
    const values = [...featurizer.values.subarray(0, n)];
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});

describe('model file', () => {
  it('decodes what it encodes, byte for byte', () => {
    const bytes = readFileSync(DEFAULT_MODEL_PATH);
    const parts = decodeSentimentModel(bytes);
    expect(parts.hashBits).toBe(20);
    expect(parts.weights.length).toBe(2 * 2 ** 20);
    expect(sha256(encodeSentimentModel(parts))).toBe(sha256(bytes));
  });

  it('stays well under the size budget', () => {
    expect(readFileSync(DEFAULT_MODEL_PATH).length).toBeLessThan(8 * 1024 * 1024);
  });

  it('rejects what is not a model', () => {
    expect(() => decodeSentimentModel(new TextEncoder().encode('not a model at all'))).toThrow(
      /magic/,
    );
    const bytes = readFileSync(DEFAULT_MODEL_PATH);
    expect(() => decodeSentimentModel(bytes.subarray(0, bytes.length - 2))).toThrow(/bytes/);
  });
});

describe('training', () => {
  // The seed examples are in the repository, so this runs without the shared data.
  const seeds = loadSeeds();
  const lexicon = buildLexiconTable([]);
  const options = { features: { hashBits: 16, maxNgram: 3 } };

  it('gives byte-identical weights when run twice on the same data', () => {
    const examples = toExamples(seeds);
    const a = trainSentimentModel(examples, lexicon, options);
    const b = trainSentimentModel(examples, lexicon, options);
    expect(a.length).toBeGreaterThan(0);
    expect(sha256(a)).toBe(sha256(b));
  });

  it('depends on the shuffle seed, and learns its training texts', () => {
    const examples = toExamples(seeds);
    const base = { epochs: 6, learningRate: 0.2, l2: 1e-6, averageFrom: 1 };
    const a = trainSentimentModel(examples, lexicon, { ...options, train: { ...base, seed: 1 } });
    const b = trainSentimentModel(examples, lexicon, { ...options, train: { ...base, seed: 2 } });
    expect(sha256(a)).not.toBe(sha256(b));
    const model = SentimentModel.fromBytes(a);
    const labels = ['negative', 'neutral', 'positive'] as const;
    const right = seeds.filter((s) => model.classify(s.text).label === labels[s.label]).length;
    expect(right / seeds.length).toBeGreaterThan(0.9);
  });
});

describe('the committed model', () => {
  it('returns a label, a score in [-1, 1] and probabilities that sum to 1', () => {
    for (const text of ['', '好', '今天天气不错[太阳]', '气死我了！！！[怒]', 'x'.repeat(5000)]) {
      const s = of(text);
      const { negative, neutral, positive } = s.probabilities;
      expect(negative + neutral + positive).toBeCloseTo(1, 9);
      expect(s.score).toBeCloseTo(positive - negative, 12);
      expect(s.score).toBeGreaterThanOrEqual(-1);
      expect(s.score).toBeLessThanOrEqual(1);
      const max = Math.max(negative, neutral, positive);
      expect(s.probabilities[s.label]).toBe(max);
    }
  });

  it('is loaded once and gives what a freshly loaded copy gives', () => {
    const text = '这家店的服务太差了，再也不来了';
    const fresh = loadSentimentModel().classify(text);
    expect(sentiment(text)).toEqual(fresh);
    expect(sentiment(text)).toEqual(fresh);
  });

  it('reads Weibo emoticons and negation', () => {
    expect(of('[哈哈][哈哈] 太开心了').label).toBe('positive');
    expect(of('[怒][怒] 气死我了').label).toBe('negative');
    expect(of('这个手机很好用').label).toBe('positive');
    expect(of('这个手机一点都不好用').label).toBe('negative');
  });

  // Statistics-bureau sentences written for this test (not in the seed examples). Choices
  // (docs/SENTIMENT.md): a report of falsification or a complaint is negative, whoever writes
  // it; an official announcement is neutral whatever its figures; the bureau's denial or
  // clarification (统计局澄清：数据并未造假) is neutral, information rather than a stance, while a
  // reader's disbelief of it (我不相信数据没有造假) is negative; praise is positive.
  const domain: ['negative' | 'neutral' | 'positive', string][] = [
    ['negative', '这个县的GDP明显注水，统计数据严重失实'],
    ['negative', '两个部门公布的数据打架，到底哪个是真的？'],
    ['negative', '某镇政府瞒报虚报统计数据被通报'],
    ['negative', '弄虚作假、篡改数据的行为必须严肃追责'],
    ['negative', '统计局的数据就是造假，谁信谁傻'],
    ['negative', '工资又被平均了，我们根本没涨过工资'],
    ['negative', '年年说增长，老百姓的钱包一点没鼓，这数据太假了'],
    ['negative', '入户调查员态度恶劣，填表全靠编'],
    ['negative', '网友质疑统计数据与实际感受严重脱节'],
    ['negative', '我不相信数据没有造假'],
    ['negative', '数据一点也不透明，根本不可信'],
    ['negative', '调查员服务态度不好，敷衍了事'],
    ['negative', '说什么数据没造假，骗鬼呢'],
    ['negative', '统计局篡改数据，欺骗群众，必须彻查'],
    ['neutral', '甘肃省统计局发布2025年前三季度全省经济运行情况'],
    ['neutral', '国家统计局：10月份全国居民消费价格同比上涨0.2%'],
    ['neutral', '统计局澄清：数据并未造假'],
    ['neutral', '统计局回应网传数据造假：经核查不属实'],
    ['neutral', '第五次全国经济普查登记工作于今日启动'],
    ['neutral', '兰州市统计局召开2025年统计工作会议'],
    ['neutral', '2024年全省城镇居民人均可支配收入为42000元'],
    ['neutral', '关于开展统计法律法规执法检查的通知'],
    ['neutral', '全省规模以上工业增加值同比增长6.1%'],
    ['neutral', '统计局公布最新城镇调查失业率'],
    ['neutral', '请各单位于本月10日前报送季度统计报表'],
    ['neutral', '天水市统计局发布前三季度居民收支情况'],
    ['positive', '统计局的同志们辛苦了，数据公开透明，给你们点赞'],
    ['positive', '这次经济普查工作人员认真负责，服务很贴心'],
    ['positive', '统计数据发布越来越及时，解读也通俗易懂，好评'],
    ['positive', '感谢统计调查员冒雨入户，敬业精神令人感动'],
    ['positive', '我们县统计局荣获全国统计系统先进集体，为他们骄傲'],
    ['positive', '这次公布的数据没有注水，实事求是，值得肯定'],
    ['positive', '统计局的数据解读做得真好，一看就明白'],
  ];

  it.each(domain)('statistics bureau: %s for %s', (label, text) => {
    expect(of(text).label).toBe(label);
  });

  it('scores a falsification report below an announcement, and that below praise', () => {
    const report = of('这个县的GDP明显注水，统计数据严重失实').score;
    const announcement = of('甘肃省统计局发布2025年前三季度全省经济运行情况').score;
    const praise = of('统计局的同志们辛苦了，数据公开透明，给你们点赞').score;
    expect(report).toBeLessThan(-0.5);
    expect(Math.abs(announcement)).toBeLessThan(0.2);
    expect(praise).toBeGreaterThan(0.5);
  });

  it('classifies a 100-character post in well under a millisecond', () => {
    const model = loadSentimentModel();
    const post = analysisText({
      text:
        '今天去政务大厅办事，工作人员态度很好，十分钟就办完了[赞]。不过停车场太小，' +
        '转了三圈才找到车位，希望能改进一下。总体来说还是满意的，给个好评！#甘肃# 兰州',
    });
    const n = 3000;
    const started = performance.now();
    for (let i = 0; i < n; i++) model.classify(post + String(i % 10));
    const microseconds = ((performance.now() - started) * 1000) / n;
    // A loose bound that only a real regression breaks (measured: about 10 µs on one core).
    expect(microseconds).toBeLessThan(500);
  });
});

// The files haveSentimentData() of scripts/sentiment-data.ts looks for; test/shared-data.ts names
// each one that is missing, and the block below skips.
const SENTIMENT_DATA = [
  sharedData('sentiment/weibo_senti_dev.tsv', 'sentiment on the real corpora'),
  sharedData('lexicon/hownet', 'sentiment on the real corpora'),
];

describe.skipIf(SENTIMENT_DATA.includes(undefined))('on the real corpora (../shared/data)', () => {
  let split: Split;
  beforeAll(() => {
    split = inDomainSplit(loadAllCorpora(), loadSeeds());
  }, 120_000);

  // Accuracy of the committed model on the held-back fifth of each corpus (never trained on),
  // with the scoring of scripts/eval-sentiment.ts; floors a little below what was measured
  // (docs/SENTIMENT.md).
  const floors: Record<string, number> = {
    weibo_senti: 0.925,
    shopping: 0.925,
    waimai: 0.89,
    covid19: 0.89,
    nlpcc2013: 0.705,
    smp2020: 0.8,
  };

  it('holds its accuracy on the held-back part of every corpus', () => {
    const model = loadSentimentModel();
    const p = new Float64Array(3);
    for (const test of split.tests) {
      const polarityOnly = POLARITY_ONLY.has(test.corpus);
      let right = 0;
      for (const x of test.items) {
        model.probabilitiesInto(x.text, p);
        const guess = polarityOnly
          ? p[2]! > p[0]!
            ? 2
            : 0
          : p[0]! >= p[1]! && p[0]! >= p[2]!
            ? 0
            : p[1]! >= p[2]!
              ? 1
              : 2;
        if (guess === x.label) right++;
      }
      const accuracy = right / test.items.length;
      expect({ corpus: test.corpus, ok: accuracy >= floors[test.corpus]!, accuracy }).toEqual({
        corpus: test.corpus,
        ok: true,
        accuracy,
      });
    }
  });

  it('holds back the same texts it always did', () => {
    const weibo = split.tests.find((t) => t.corpus === 'weibo_senti')!;
    expect(weibo.items.length).toBe(2463);
    expect(split.train.some((x) => weibo.items[0]!.key === x.key)).toBe(false);
  });

  it('retrains to exactly the committed weights', { timeout: 300_000 }, () => {
    const { bytes } = trainCommittedModel();
    expect(sha256(bytes)).toBe(sha256(readFileSync(DEFAULT_MODEL_PATH)));
  });
});
