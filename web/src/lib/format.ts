// Display helpers shared by the pages: times, unit names, and a readable sentence for any
// error the API client throws.
import { ApiError } from '../api/client.ts';
import type { Unit } from '../api/types.ts';
import { isMessageKey, type Lang, type Translate } from '../i18n/i18n.tsx';

export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** The unit's name in the UI language: Chinese always, English when chosen and known. */
export function unitName(unit: Pick<Unit, 'name' | 'name_en'>, lang: Lang): string {
  return lang === 'en' && unit.name_en ? unit.name_en : unit.name;
}

/** A sentence for the user about what went wrong; the server's message where it helps. */
export function describeError(e: unknown, t: Translate): string {
  if (!(e instanceof ApiError)) {
    return t('error.generic', { message: e instanceof Error ? e.message : String(e) });
  }
  switch (e.code) {
    case 'network':
      return t('error.network');
    case 'invalid_input':
      return t('error.invalid_input', { message: e.message });
    case 'conflict':
      return t('error.conflict', { message: e.message });
    case 'internal':
      return t('error.internal');
    default: {
      const key = `error.${e.code}`;
      if (isMessageKey(key)) return t(key);
      return t('error.generic', { message: e.message });
    }
  }
}

/** The translated label of a key built at run time, or the fallback when there is none. */
export function labelOr(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}

/** A whole number in the UI language's digit grouping; '—' when absent. */
export function formatCount(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN').format(n);
}

/** The first `max` characters of a text on one line (whole code points), with … when cut. */
export function excerpt(text: string, max: number): string {
  const flat = Array.from(text.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max).join('')}…` : flat.join('');
}

/** The address when it is an http(s) URL, else null: never a javascript: or data: link. */
export function httpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A file size for people: bytes, KB or MB (1024-based, as file managers show them). */
export function formatBytes(n: number, lang: Lang): string {
  const digits = (x: number, d: number) =>
    new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: d }).format(
      x,
    );
  if (n < 1024) return `${digits(n, 0)} B`;
  if (n < 1024 * 1024) return `${digits(n / 1024, n < 10 * 1024 ? 1 : 0)} KB`;
  return `${digits(n / (1024 * 1024), 1)} MB`;
}
