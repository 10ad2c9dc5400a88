// Source authority: how much weight a voice carries when it speaks about the bureau's work.
// A configurable list (设置) names outlets and official accounts by source key, web domain or the
// account name as published; the heat index and the suggested grade read the tier. Only
// institutions are listed: this is about who published, never about profiling private persons.
import { z } from 'zod';

export const AUTHORITY_TIERS = ['central', 'provincial', 'official', 'media'] as const;
export type AuthorityTier = (typeof AUTHORITY_TIERS)[number];

export const AUTHORITY_TIER_LABELS: Record<AuthorityTier, { zh: string; en: string }> = {
  central: { zh: '中央媒体', en: 'central media' },
  provincial: { zh: '省级媒体', en: 'provincial media' },
  official: { zh: '政务账号', en: 'official account' },
  media: { zh: '其他媒体', en: 'other media' },
};

/** The weight of each tier in the heat index's authority factor (0..1). */
export const AUTHORITY_TIER_WEIGHT: Record<AuthorityTier, number> = {
  central: 1,
  provincial: 0.75,
  official: 0.6,
  media: 0.4,
};

const name = z.string().trim().min(1).max(200);

export const authorityEntrySchema = z
  .object({
    tier: z.enum(AUTHORITY_TIERS),
    /** Display name of the outlet or account. */
    name,
    /** Web domains (a subdomain matches too), lower case, no scheme. */
    domains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain such as people.com.cn'),
      )
      .max(50)
      .default([]),
    /** Account or outlet names exactly as published (author field), e.g. 人民日报. */
    accounts: z.array(name).max(50).default([]),
    /** Source keys or names configured in 信息源 (source field). */
    sources: z.array(name).max(50).default([]),
  })
  .strict();

export const authorityListSchema = z.array(authorityEntrySchema).max(2000);
export type AuthorityEntry = z.output<typeof authorityEntrySchema>;
export type AuthorityList = AuthorityEntry[];

/** The default list: national and Gansu outlets and the statistics system's own accounts. */
export const DEFAULT_AUTHORITY_LIST: AuthorityList = [
  entry('central', '人民日报', ['people.com.cn'], ['人民日报', '人民网']),
  entry('central', '新华社', ['xinhuanet.com', 'news.cn'], ['新华社', '新华网', '新华视点']),
  entry(
    'central',
    '中央广播电视总台',
    ['cctv.com', 'cnr.cn', 'cri.cn'],
    ['央视新闻', 'CCTV', '央广网'],
  ),
  entry('central', '中国新闻社', ['chinanews.com.cn', 'chinanews.com'], ['中国新闻网', '中新网']),
  entry('central', '光明日报', ['gmw.cn'], ['光明日报', '光明网']),
  entry('central', '经济日报', ['ce.cn'], ['经济日报', '中国经济网']),
  entry('central', '中国日报', ['chinadaily.com.cn'], ['中国日报']),
  entry('central', '澎湃新闻', ['thepaper.cn'], ['澎湃新闻']),
  entry('official', '国家统计局', ['stats.gov.cn'], ['国家统计局', '统计微讯']),
  entry('provincial', '甘肃日报', ['gansudaily.com.cn'], ['甘肃日报', '每日甘肃']),
  entry('provincial', '中国甘肃网', ['gscn.com.cn'], ['中国甘肃网']),
  entry(
    'provincial',
    '甘肃广播电视总台',
    ['gstv.com.cn'],
    ['甘肃卫视', '甘肃广播电视总台', '视听甘肃'],
  ),
  entry('provincial', '兰州日报', ['lzbs.com.cn'], ['兰州日报', '兰州晚报']),
  entry('official', '甘肃发布', ['gansu.gov.cn'], ['甘肃发布']),
  entry('official', '甘肃省统计局', ['tjj.gansu.gov.cn'], ['甘肃统计', '甘肃省统计局']),
];

function entry(
  tier: AuthorityTier,
  label: string,
  domains: string[],
  accounts: string[],
): AuthorityEntry {
  return { tier, name: label, domains, accounts, sources: [] };
}

export interface PublishedBy {
  /** The source's key or name. */
  source?: string | null | undefined;
  url?: string | null | undefined;
  author?: string | null | undefined;
}

export interface AuthorityMatch {
  tier: AuthorityTier;
  name: string;
}

export interface CompiledAuthority {
  classify(p: PublishedBy): AuthorityMatch | null;
}

const TIER_RANK: Record<AuthorityTier, number> = {
  central: 4,
  provincial: 3,
  official: 2,
  media: 1,
};

/** Compiles the list into lookups; when several entries match, the highest tier wins. */
export function compileAuthority(list: readonly AuthorityEntry[]): CompiledAuthority {
  const byDomain = new Map<string, AuthorityMatch>();
  const byAccount = new Map<string, AuthorityMatch>();
  const bySource = new Map<string, AuthorityMatch>();
  const put = (map: Map<string, AuthorityMatch>, key: string, m: AuthorityMatch) => {
    const old = map.get(key);
    if (!old || TIER_RANK[m.tier] > TIER_RANK[old.tier]) map.set(key, m);
  };
  for (const e of list) {
    const m = { tier: e.tier, name: e.name };
    for (const d of e.domains) put(byDomain, d.toLowerCase(), m);
    for (const a of e.accounts) put(byAccount, a.trim().toLowerCase(), m);
    for (const s of e.sources) put(bySource, s.trim().toLowerCase(), m);
  }
  return {
    classify(p) {
      const found: AuthorityMatch[] = [];
      const host = hostOf(p.url);
      if (host) {
        // www.news.people.com.cn -> news.people.com.cn -> people.com.cn -> com.cn
        for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
          const m = byDomain.get(h);
          if (m) {
            found.push(m);
            break;
          }
        }
      }
      const author = p.author?.trim().toLowerCase();
      if (author) {
        const m = byAccount.get(author);
        if (m) found.push(m);
      }
      const source = p.source?.trim().toLowerCase();
      if (source) {
        const m = bySource.get(source);
        if (m) found.push(m);
      }
      let best: AuthorityMatch | null = null;
      for (const m of found) if (!best || TIER_RANK[m.tier] > TIER_RANK[best.tier]) best = m;
      return best;
    },
  };
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** The higher of two tiers (null = no listed authority). */
export function higherTier(
  a: AuthorityTier | null | undefined,
  b: AuthorityTier | null | undefined,
): AuthorityTier | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return TIER_RANK[a] >= TIER_RANK[b] ? a : b;
}
