// One statement for the public page's and the Atom feed's tests, changed per test by `over`.
import type { PublicRelease, ReleaseContent } from './types.ts';

export function content(over: Partial<ReleaseContent> = {}): ReleaseContent {
  return {
    kind: 'statement',
    title: '关于某区自来水管网抢修的情况通报',
    body: '11月29日8时许，某区供水管网发生爆管。\n\n抢修工作正在进行，预计当日18时前恢复供水。',
    qa: [],
    claim: null,
    facts: null,
    factSource: null,
    ...over,
  };
}

export function release(over: Partial<PublicRelease> = {}): PublicRelease {
  return {
    id: 'rel-1',
    unitName: '某市人民政府新闻办公室',
    content: content(),
    contentHash: 'a'.repeat(64),
    publishedAt: '2026-11-29T07:04:00.000Z',
    updatedAt: '2026-11-29T07:04:00.000Z',
    status: 'published',
    corrects: null,
    correctedBy: null,
    withdrawnAt: null,
    withdrawalReason: null,
    channels: ['website'],
    ...over,
  };
}
