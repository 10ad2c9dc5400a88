// The vocabulary of official information release (信息发布, [P9], [P14]): the channels a release
// plan names, the kinds of talking points (口径), what a published statement carries, and what
// a channel adapter is asked to publish. Shared by the incident rules, the store, the adapters,
// the public page and the Atom feed.

/** The outlets a release plan (信息发布方案) may name. */
export const RELEASE_CHANNELS = [
  'website',
  'weibo',
  'wechat',
  'press_conference',
  'media_briefing',
] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];
export const RELEASE_CHANNEL_LABELS: Record<ReleaseChannel, string> = {
  website: '官方网站',
  weibo: '官方微博',
  wechat: '微信公众号',
  press_conference: '新闻发布会',
  media_briefing: '媒体吹风会',
};

/** Talking points come as a statement, a Q&A (答问) or a clarification of a rumour (辟谣). */
export const TALKING_POINT_KINDS = ['statement', 'qa', 'clarification'] as const;
export type TalkingPointKind = (typeof TALKING_POINT_KINDS)[number];
export const TALKING_POINT_KIND_LABELS: Record<TalkingPointKind, string> = {
  statement: '声明',
  qa: '答问',
  clarification: '辟谣',
};

export interface QaPair {
  question: string;
  answer: string;
}

/**
 * What a statement says: exactly the approved version's title and body with its structured
 * parts (the Q&A pairs; for a clarification the claim, the facts and their source). Copied
 * byte for byte from the approved talking points; never edited after.
 */
export interface ReleaseContent {
  kind: TalkingPointKind;
  title: string;
  body: string;
  qa: QaPair[];
  claim: string | null;
  facts: string | null;
  factSource: string | null;
}

/** published: in force. corrected: a later statement corrects it. withdrawn: taken back. */
export const RELEASE_STATUSES = ['published', 'corrected', 'withdrawn'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];
export const RELEASE_STATUS_LABELS: Record<ReleaseStatus, string> = {
  published: '已发布',
  corrected: '已更正',
  withdrawn: '已撤回',
};

/** One statement as the public sees it (no incident, no staff names: the issuing unit speaks). */
export interface PublicRelease {
  id: string;
  /** The issuing unit's name. */
  unitName: string;
  content: ReleaseContent;
  /** SHA-256 of the approved version's content (approvals.ts contentHash). */
  contentHash: string;
  publishedAt: string;
  /** Latest change: publication, correction or withdrawal. */
  updatedAt: string;
  status: ReleaseStatus;
  /** The statement this one corrects, if any. */
  corrects: string | null;
  /** The statement that corrects this one, if any. */
  correctedBy: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  channels: ReleaseChannel[];
}

/** What a channel adapter is asked to publish. */
export interface PublishRequest {
  releaseId: string;
  unitName: string;
  content: ReleaseContent;
  publishedAt: string;
  /** The statement's address on our public page (GET /releases/{id}), absolute. */
  pageUrl: string;
}

/** What a channel answered: where the statement now is, and the channel's own id for it. */
export interface PublishResult {
  url: string | null;
  externalId: string | null;
  /** The receiver's answer for the publication log (no secrets). */
  detail: string;
}
