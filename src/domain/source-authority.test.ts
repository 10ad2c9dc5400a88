import { describe, expect, it } from 'vitest';
import {
  authorityListSchema,
  compileAuthority,
  DEFAULT_AUTHORITY_LIST,
  higherTier,
} from './source-authority.ts';

describe('source authority', () => {
  const a = compileAuthority(DEFAULT_AUTHORITY_LIST);

  it('knows an outlet by its domain, subdomains included', () => {
    expect(a.classify({ url: 'http://politics.people.com.cn/n1/2026/1128/c1001.html' })).toEqual({
      tier: 'central',
      name: '人民日报',
    });
    expect(a.classify({ url: 'https://tjj.gansu.gov.cn/tjj/c109457/info.shtml' })?.name).toBe(
      '甘肃省统计局',
    );
    expect(a.classify({ url: 'https://www.gansu.gov.cn/x' })?.tier).toBe('official');
    // Not fooled by look-alikes.
    expect(a.classify({ url: 'https://people.com.cn.example.org/' })).toBeNull();
    expect(a.classify({ url: 'https://notpeople.com.cn/' })).toBeNull();
    expect(a.classify({ url: 'not a url' })).toBeNull();
  });

  it('knows an account by the name as published, and a configured source', () => {
    expect(a.classify({ author: '央视新闻' })?.tier).toBe('central');
    expect(a.classify({ author: '每日甘肃' })?.tier).toBe('provincial');
    expect(a.classify({ author: '某网友' })).toBeNull();
    const custom = compileAuthority(
      authorityListSchema.parse([
        { tier: 'media', name: '本地论坛', sources: ['lanzhou-bbs'] },
        { tier: 'provincial', name: '甘肃日报', accounts: ['甘肃日报'] },
      ]),
    );
    expect(custom.classify({ source: 'LANZHOU-BBS' })).toEqual({ tier: 'media', name: '本地论坛' });
    // The highest tier wins when several match.
    expect(custom.classify({ source: 'lanzhou-bbs', author: '甘肃日报' })?.tier).toBe('provincial');
  });

  it('refuses a malformed list entry with the field named', () => {
    const r = authorityListSchema.safeParse([
      { tier: 'central', name: 'x', domains: ['http://x'] },
    ]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual([0, 'domains', 0]);
    expect(authorityListSchema.safeParse([{ tier: 'global', name: 'x' }]).success).toBe(false);
  });

  it('orders tiers', () => {
    expect(higherTier('media', 'central')).toBe('central');
    expect(higherTier(null, 'official')).toBe('official');
    expect(higherTier('provincial', undefined)).toBe('provincial');
    expect(higherTier(null, null)).toBeNull();
  });
});
