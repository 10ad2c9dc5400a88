// The message a channel delivers, and its renderings: plain text, chat-bot markdown, email and
// SMS. Pure functions; the words are Chinese because people read them.

export type NoticeKind = 'fired' | 'grown' | 'escalated' | 'reminder' | 'failure' | 'test';
export type NoticeSeverity = 'major' | 'high' | 'normal';

export interface NoticeRecipient {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Notice {
  alertId: string;
  kind: NoticeKind;
  severity: NoticeSeverity;
  title: string;
  summary: string;
  /** Link to the alert in Yuqing, when the deployment knows its public address. */
  url: string | null;
  /** ISO-8601 time of what the notice reports. */
  at: string;
  recipients: NoticeRecipient[];
  /**
   * The delivery this message is (absent for a channel test). Delivery is at least once: a
   * repeat after a timeout or a crash carries the same id, so a receiver can drop it.
   */
  deliveryId?: string;
}

const SEVERITY_HEAD: Record<NoticeSeverity, string> = {
  major: '【重大预警】',
  high: '【重要预警】',
  normal: '【一般预警】',
};

/** The severity as one word, for the SMS template's {severity}. */
export const SEVERITY_WORD: Record<NoticeSeverity, string> = {
  major: '重大',
  high: '重要',
  normal: '一般',
};

export const KIND_WORD: Record<NoticeKind, string> = {
  fired: '新预警',
  grown: '预警升级',
  escalated: '升级提醒',
  reminder: '未确认提醒',
  failure: '投递失败',
  test: '测试消息',
};

// Chat bots cap a message (WeCom markdown 4096 bytes, Feishu 20 KB): a long summary is cut.
const SUMMARY_MAX_CHARS = 1000;

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2025-03-01 08:30` in Beijing time; an unreadable time is shown as given. */
export function formatBeijingTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = Object.fromEntries(shanghai.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shortSummary(text: string): string {
  const trimmed = text.trim();
  const chars = [...trimmed];
  return chars.length <= SUMMARY_MAX_CHARS
    ? trimmed
    : `${chars.slice(0, SUMMARY_MAX_CHARS).join('')}…`;
}

/** Only http(s) links are shown as links; anything else is left out. */
function safeLink(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** `【重大预警】新预警：<title>`: the subject line and the head of every rendering. */
export function renderHeadline(notice: Notice): string {
  return `${SEVERITY_HEAD[notice.severity]}${KIND_WORD[notice.kind]}：${oneLine(notice.title)}`;
}

export function renderText(notice: Notice): string {
  const link = safeLink(notice.url);
  const lines = [renderHeadline(notice)];
  const summary = shortSummary(notice.summary);
  if (summary) lines.push(summary);
  lines.push(`时间：${formatBeijingTime(notice.at)}（北京时间）`);
  if (link) lines.push(`详情：${link}`);
  return lines.join('\n');
}

/** The markdown subset WeCom and DingTalk bots both render: heading, bold, quote, link. */
export function renderMarkdown(notice: Notice): string {
  const link = safeLink(notice.url);
  const lines = [
    `### ${SEVERITY_HEAD[notice.severity]}${KIND_WORD[notice.kind]}`,
    `**${oneLine(notice.title)}**`,
  ];
  const summary = shortSummary(notice.summary);
  if (summary)
    lines.push(
      summary
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n'),
    );
  lines.push(`时间：${formatBeijingTime(notice.at)}（北京时间）`);
  if (link) lines.push(`[查看详情](${link})`);
  return lines.join('\n\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(notice: Notice): RenderedEmail {
  const link = safeLink(notice.url);
  const summary = shortSummary(notice.summary);
  const html = [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<h2>${escapeHtml(SEVERITY_HEAD[notice.severity] + KIND_WORD[notice.kind])}</h2>`,
    `<p><strong>${escapeHtml(oneLine(notice.title))}</strong></p>`,
    summary ? `<p>${escapeHtml(summary).replace(/\n/g, '<br>')}</p>` : '',
    `<p>时间：${escapeHtml(formatBeijingTime(notice.at))}（北京时间）</p>`,
    link ? `<p><a href="${escapeHtml(link)}">查看详情</a></p>` : '',
    '</body></html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { subject: renderHeadline(notice), text: renderText(notice), html };
}

/**
 * The SMS text from the channel's template: {title}, {severity} (重大/重要/一般) and {url}
 * (empty when there is no link) are filled in; other braces are left alone.
 */
export function renderSms(template: string, notice: Notice): string {
  const values: Record<string, string> = {
    title: oneLine(notice.title),
    severity: SEVERITY_WORD[notice.severity],
    url: safeLink(notice.url) ?? '',
  };
  return template
    .replace(/\{(title|severity|url)\}/g, (_match, name: string) => values[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
