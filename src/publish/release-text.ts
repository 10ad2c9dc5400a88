// One rendering of a statement's content as plain text and as an HTML fragment, used by the
// public page, the Atom feed, the share kit and the channel adapters, so every outlet carries
// the same approved words. The body and every part appear unchanged (HTML only escapes them).
import { TALKING_POINT_KIND_LABELS, type ReleaseContent } from './types.ts';

/** Plain text: the body, then the Q&A pairs or the clarification's claim, facts and source. */
export function releaseText(c: ReleaseContent): string {
  const parts = [c.body];
  if (c.kind === 'clarification') {
    if (c.claim !== null) parts.push(`【网传】${c.claim}`);
    if (c.facts !== null) parts.push(`【事实】${c.facts}`);
    if (c.factSource !== null) parts.push(`【来源】${c.factSource}`);
  }
  c.qa.forEach((p, i) => parts.push(`问${i + 1}：${p.question}\n答：${p.answer}`));
  return parts.join('\n\n');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** An HTML fragment (no scripts, no styles): paragraphs, the clarification and the Q&A list. */
export function releaseHtml(c: ReleaseContent): string {
  let html = paragraphs(c.body);
  if (c.kind === 'clarification') {
    const row = (label: string, v: string | null) =>
      v === null ? '' : `<dt>${label}</dt><dd>${paragraphs(v)}</dd>`;
    html += `<dl class="clarification">${row('网传', c.claim)}${row('事实', c.facts)}${row('来源', c.factSource)}</dl>`;
  }
  if (c.qa.length) {
    html += `<ol class="qa">${c.qa
      .map(
        (p) =>
          `<li><p class="q">问：${escapeHtml(p.question)}</p><div class="a">答：${paragraphs(p.answer)}</div></li>`,
      )
      .join('')}</ol>`;
  }
  return html;
}

/** The heading a reader sees: 【辟谣】 / 【答问】 before the title (a statement has none). */
export function releaseHeading(c: ReleaseContent): string {
  return c.kind === 'statement' ? c.title : `【${TALKING_POINT_KIND_LABELS[c.kind]}】${c.title}`;
}
