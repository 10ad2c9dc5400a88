// Marks spans of an untrusted text with <mark>, built from React elements (the text stays text
// nodes, never HTML), and cuts long texts down to the passages around their marks.
import type { ReactNode } from 'react';

/** A UTF-16 span [start, end) of a text. */
export interface Span {
  start: number;
  end: number;
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Moves a cut position off the middle of a surrogate pair (towards `dir`). */
function safeCut(text: string, at: number, dir: -1 | 1): number {
  let i = Math.max(0, Math.min(text.length, at));
  if (i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i))) {
    if (dir < 0 || !isHighSurrogate(text.charCodeAt(i - 1))) i -= 1;
    else i += 1;
  }
  return i;
}

/** The spans inside the text, sorted, overlapping and touching ones merged; empty ones dropped. */
export function mergeSpans(spans: readonly Span[], length: number): Span[] {
  const clean = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of clean) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** The text with each span wrapped in <mark>. */
export function markText(text: string, spans: readonly Span[], keyPrefix = 'm'): ReactNode[] {
  const merged = mergeSpans(spans, text.length);
  const out: ReactNode[] = [];
  let at = 0;
  merged.forEach((s, i) => {
    if (s.start > at) out.push(text.slice(at, s.start));
    out.push(
      <mark key={`${keyPrefix}${i}`} className="hit">
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  });
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * A long text cut to the passages around its marks (`context` characters either side, at most
 * `maxPassages`), each marked, with … where text was left out. A short text, or one without
 * marks, is its beginning up to `maxChars`.
 */
export function markedExcerpt(
  text: string,
  spans: readonly Span[],
  { context = 60, maxChars = 400, maxPassages = 4 } = {},
): ReactNode[] {
  const merged = mergeSpans(spans, text.length);
  if (text.length <= maxChars) return markText(text, merged);
  if (merged.length === 0) {
    const end = safeCut(text, maxChars, -1);
    return [text.slice(0, end), '…'];
  }
  // Windows around the marks, merged when they touch.
  const windows: Span[] = [];
  for (const s of merged) {
    const w = {
      start: safeCut(text, s.start - context, -1),
      end: safeCut(text, s.end + context, 1),
    };
    const last = windows.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else windows.push(w);
  }
  const out: ReactNode[] = [];
  windows.slice(0, maxPassages).forEach((w, i) => {
    if (w.start > 0) out.push(<span key={`gap${i}`}>…</span>);
    const inside = merged
      .filter((s) => s.end > w.start && s.start < w.end)
      .map((s) => ({ start: s.start - w.start, end: s.end - w.start }));
    out.push(<span key={`w${i}`}>{markText(text.slice(w.start, w.end), inside, `w${i}m`)}</span>);
  });
  const lastShown = windows.slice(0, maxPassages).at(-1);
  if (lastShown && lastShown.end < text.length) out.push(<span key="tail">…</span>);
  return out;
}
