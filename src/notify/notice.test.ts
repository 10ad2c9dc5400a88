import { describe, expect, it } from 'vitest';

import {
  formatBeijingTime,
  KIND_WORD,
  renderEmail,
  renderMarkdown,
  renderSms,
  renderText,
} from './notice.ts';
import type { NoticeKind } from './notice.ts';
import { DEFAULT_SMS_TEMPLATE } from './channel-config.ts';
import { buildNotice } from './test-fixtures.ts';

describe('renderText', () => {
  it('says severity, kind, title, summary, Beijing time and the link', () => {
    expect(renderText(buildNotice())).toBe(
      [
        '【重大预警】新预警：某县自来水停水引发集中投诉',
        '两小时内 37 条相关信息，微博转发增长较快。',
        '时间：2025-03-01 08:30（北京时间）',
        '详情：https://yuqing.example.org/alerts/alert-0001',
      ].join('\n'),
    );
  });

  it('has a word for every kind and severity', () => {
    const kinds: NoticeKind[] = ['fired', 'grown', 'escalated', 'reminder', 'failure', 'test'];
    expect(kinds.map((kind) => KIND_WORD[kind])).toEqual([
      '新预警',
      '预警升级',
      '升级提醒',
      '未确认提醒',
      '投递失败',
      '测试消息',
    ]);
    expect(renderText(buildNotice({ severity: 'high', kind: 'reminder' }))).toMatch(
      /^【重要预警】未确认提醒：/,
    );
    expect(renderText(buildNotice({ severity: 'normal', kind: 'test' }))).toMatch(
      /^【一般预警】测试消息：/,
    );
  });

  it('leaves out a missing or non-http link and cuts a very long summary', () => {
    expect(renderText(buildNotice({ url: null }))).not.toContain('详情');
    expect(renderText(buildNotice({ url: 'javascript:alert(1)' }))).not.toContain('javascript');
    const text = renderText(buildNotice({ summary: '长'.repeat(5000) }));
    expect(text).toContain(`${'长'.repeat(1000)}…`);
    expect(text).not.toContain('长'.repeat(1001));
  });
});

describe('formatBeijingTime', () => {
  it('shows UTC+8 across the date line and passes an unreadable time through', () => {
    expect(formatBeijingTime('2024-12-31T16:05:00Z')).toBe('2025-01-01 00:05');
    expect(formatBeijingTime('yesterday')).toBe('yesterday');
  });
});

describe('renderMarkdown', () => {
  it('puts the title in bold, the summary quoted and the link last', () => {
    const markdown = renderMarkdown(
      buildNotice({ summary: '第一行\n第二行', title: '标题\n换行' }),
    );
    expect(markdown).toBe(
      [
        '### 【重大预警】新预警',
        '**标题 换行**',
        '> 第一行\n> 第二行',
        '时间：2025-03-01 08:30（北京时间）',
        '[查看详情](https://yuqing.example.org/alerts/alert-0001)',
      ].join('\n\n'),
    );
  });
});

describe('renderEmail', () => {
  it('has the headline as subject and escapes the HTML', () => {
    const notice = buildNotice({
      title: '<script>alert("x")</script> & 更多',
      summary: 'a < b\n第二行',
      url: 'https://yuqing.example.org/alerts/1?a=1&b="2"',
    });
    const mail = renderEmail(notice);
    expect(mail.subject).toBe('【重大预警】新预警：<script>alert("x")</script> & 更多');
    expect(mail.text).toBe(renderText(notice));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 更多');
    expect(mail.html).toContain('a &lt; b<br>第二行');
    expect(mail.html).toContain(
      '<a href="https://yuqing.example.org/alerts/1?a=1&amp;b=&quot;2&quot;">查看详情</a>',
    );
    expect(mail.html).toContain('<meta charset="utf-8">');
  });
});

describe('renderSms', () => {
  it('fills the default template', () => {
    expect(renderSms(DEFAULT_SMS_TEMPLATE, buildNotice())).toBe(
      '【舆情预警】重大：某县自来水停水引发集中投诉 https://yuqing.example.org/alerts/alert-0001',
    );
  });

  it('leaves other braces, takes $ literally and drops a missing link cleanly', () => {
    const notice = buildNotice({ title: '价格 $& $1 上涨', severity: 'normal', url: null });
    expect(renderSms('{severity}级 {title} {url} {summary}', notice)).toBe(
      '一般级 价格 $& $1 上涨 {summary}',
    );
    expect(renderSms(DEFAULT_SMS_TEMPLATE, notice)).toBe('【舆情预警】一般：价格 $& $1 上涨');
  });
});
