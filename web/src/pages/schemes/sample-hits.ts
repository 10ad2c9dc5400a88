// Where the hits of a test run fall in a sample: the title, the text, or another field. Hits of
// `title` index into the sample's title_text and hits of `text` into its text; a hit of the
// unscoped default field indexes into title_text + '\n' + text (just text when there is no
// title) and is split at the line break; author/source/region hits are listed by field.
import type { SchemeSample } from '../../api/types.ts';
import type { Span } from '../../lib/highlight.tsx';

/** The fields a scope can name besides title and text. */
export const OTHER_FIELDS = ['author', 'source', 'region'] as const;
export type OtherField = (typeof OTHER_FIELDS)[number];

export interface SampleMarks {
  title: Span[];
  text: Span[];
  /** Hits in other fields: the field and, where the sample has that field's text, the span. */
  other: { field: OtherField; span: Span }[];
}

const isOther = (f: string): f is OtherField => OTHER_FIELDS.some((o) => o === f);

export function sampleMarks(sample: SchemeSample): SampleMarks {
  const out: SampleMarks = { title: [], text: [], other: [] };
  const tl = sample.title_text.length;
  for (const h of sample.hits) {
    const field = h.field.toLowerCase();
    if (field === 'title') out.title.push({ start: h.start, end: h.end });
    else if (field === 'text') out.text.push({ start: h.start, end: h.end });
    else if (isOther(field)) out.other.push({ field, span: { start: h.start, end: h.end } });
    else if (tl === 0) out.text.push({ start: h.start, end: h.end });
    else {
      // The combined field: title, a line break, then the text.
      if (h.start < tl) out.title.push({ start: h.start, end: Math.min(h.end, tl) });
      if (h.end > tl + 1)
        out.text.push({ start: Math.max(h.start - tl - 1, 0), end: h.end - tl - 1 });
    }
  }
  return out;
}
