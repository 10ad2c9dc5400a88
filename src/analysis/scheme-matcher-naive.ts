// The obvious scheme evaluator: walk the tree, `indexOf` on the folded fields, NEAR by trying
// every combination of occurrences. Slow on purpose: the property tests check the compiled
// matcher against it, and the benchmark measures the compiled matcher against it.

import {
  parseScheme,
  type Field,
  type SchemeNode,
  type TermNode,
} from '../domain/scheme-language.ts';
import { foldForMatch, prepareDoc, type MatchDoc, type PreparedDoc } from './scheme-matcher.ts';

/** The tree with every term folded as documents are, so evaluation does no folding. */
export function foldScheme(node: SchemeNode): SchemeNode {
  const term = (t: TermNode): TermNode => ({ ...t, value: foldForMatch(t.value) });
  switch (node.type) {
    case 'term':
      return term(node);
    case 'near':
      return { ...node, items: node.items.map(term) };
    case 'not':
      return { ...node, child: foldScheme(node.child) };
    case 'and':
    case 'or':
      return { ...node, children: node.children.map(foldScheme) };
  }
}

function fieldText(doc: PreparedDoc, field: Field | undefined): string {
  switch (field) {
    case 'title':
      return doc.title;
    case 'text':
      return doc.text;
    case 'author':
      return doc.author;
    case 'source':
      return doc.source;
    case 'region':
      return doc.region;
    case undefined:
      return doc.all;
  }
}

function occurrences(text: string, term: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) found.push(at);
  return found;
}

/** Evaluates a tree from {@link foldScheme} on a prepared post. */
export function naiveEvaluate(node: SchemeNode, doc: PreparedDoc): boolean {
  switch (node.type) {
    case 'term':
      return fieldText(doc, node.field).includes(node.value);
    case 'not':
      return !naiveEvaluate(node.child, doc);
    case 'and':
      return node.children.every((c) => naiveEvaluate(c, doc));
    case 'or':
      return node.children.some((c) => naiveEvaluate(c, doc));
    case 'near': {
      const text = fieldText(doc, node.field);
      const items = node.items.map((t) => ({
        len: t.value.length,
        at: occurrences(text, t.value),
      }));
      const total = items.reduce((sum, it) => sum + it.len, 0);
      // Every choice of one occurrence per item.
      const choose = (i: number, minStart: number, maxEnd: number): boolean => {
        const item = items[i];
        if (item === undefined) return maxEnd - minStart - total <= node.distance;
        return item.at.some((s) =>
          choose(i + 1, Math.min(minStart, s), Math.max(maxEnd, s + item.len)),
        );
      };
      return choose(0, Infinity, -Infinity);
    }
  }
}

/** Whether a post matches a query, the slow obvious way; an invalid query matches nothing. */
export function naiveMatch(query: string, doc: MatchDoc): boolean {
  const parsed = parseScheme(query);
  if (!parsed.ok) return false;
  return naiveEvaluate(foldScheme(parsed.ast), prepareDoc(doc));
}
