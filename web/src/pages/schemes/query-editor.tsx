// The query of a scheme, highlighted as it is typed: a textarea whose text is transparent over a
// copy of the same text in colour (terms, phrases, operators, field scopes, NEAR), with every
// syntax error underlined in red and listed below with its message in the UI language. The
// errors come from the same parser the server uses (src/domain/scheme-language.ts), so they show
// while typing; errors the server reported for the same text are shown too.
import { useMemo, type ReactNode } from 'react';
import {
  parseScheme,
  tokenizeScheme,
  type SchemeTokenKind,
} from '../../../../src/domain/scheme-language.ts';
import type { SchemeSyntaxProblem } from '../../api/client.ts';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';

/** One syntax error at a span of the query, worded in both languages. */
export interface QueryProblem {
  code: string;
  message: string;
  messageZh: string;
  start: number;
  end: number;
}

/** Errors the server reported, with the query they were about. */
export interface ServerQueryProblems {
  query: string;
  problems: SchemeSyntaxProblem[];
}

/** The parser's errors for a query; none for an empty one (the form says it is required). */
export function queryProblems(query: string): QueryProblem[] {
  if (query.trim() === '') return [];
  const r = parseScheme(query);
  return r.ok ? [] : r.errors;
}

/** The query's own errors and those the server reported for this very text, without repeats. */
export function allProblems(
  query: string,
  server: ServerQueryProblems | null | undefined,
): QueryProblem[] {
  const own = queryProblems(query);
  if (!server || server.query !== query) return own;
  const seen = new Set(own.map((p) => `${p.code}:${p.start}:${p.end}`));
  const extra = server.problems
    .filter((p) => !seen.has(`${p.code}:${p.start}:${p.end}`))
    .map((p) => ({
      code: p.code,
      message: p.message,
      messageZh: p.message_zh,
      start: p.start,
      end: p.end,
    }));
  return [...own, ...extra];
}

export function problemMessage(p: QueryProblem, lang: Lang): string {
  return lang === 'en' ? p.message || p.messageZh : p.messageZh || p.message;
}

/** The query as coloured spans: tokens cut wherever an error begins or ends. */
function renderHighlighted(query: string, problems: readonly QueryProblem[]): ReactNode[] {
  const tokens = tokenizeScheme(query);
  const cuts = new Set<number>([0, query.length]);
  for (const tok of tokens) {
    cuts.add(tok.start);
    cuts.add(tok.end);
  }
  const ranged = problems.filter((p) => p.end > p.start);
  for (const p of ranged) {
    cuts.add(Math.max(0, Math.min(query.length, p.start)));
    cuts.add(Math.max(0, Math.min(query.length, p.end)));
  }
  // Errors without a width (e.g. "missing here") get a caret mark at their position.
  const points = new Set(
    problems
      .filter((p) => p.end <= p.start)
      .map((p) => Math.max(0, Math.min(query.length, p.start))),
  );
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: ReactNode[] = [];
  let ti = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    if (points.has(start)) out.push(<span key={`p${start}`} className="sq-point" />);
    const end = sorted[i + 1];
    if (end === undefined || end <= start) continue;
    while (ti < tokens.length && tokens[ti]!.end <= start) ti++;
    const kind: SchemeTokenKind | 'plain' =
      tokens[ti] && tokens[ti]!.start <= start ? tokens[ti]!.kind : 'plain';
    const inError = ranged.some((p) => p.start < end && p.end > start);
    out.push(
      <span
        key={start}
        className={`sq-${kind}${inError ? ' sq-err' : ''}`}
        data-testid={inError ? 'scheme-query-error-mark' : undefined}
      >
        {query.slice(start, end)}
      </span>,
    );
  }
  return out;
}

export function QueryEditor({
  id,
  value = '',
  onChange,
  server,
  readOnly = false,
  placeholder,
  toolbar,
}: {
  /** Set by Form.Item, so the label points at the textarea. */
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  /** Errors the server reported (shown while the query is the one they were about). */
  server?: ServerQueryProblems | null;
  readOnly?: boolean;
  placeholder?: string;
  /** Shown above the editor, at its right (the syntax help). */
  toolbar?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const problems = useMemo(() => allProblems(value, server), [value, server]);
  const highlighted = useMemo(() => renderHighlighted(value, problems), [value, problems]);

  return (
    <div>
      {toolbar ? <div className="scheme-editor-toolbar">{toolbar}</div> : null}
      <div className={`scheme-editor${problems.length ? ' scheme-editor-error' : ''}`}>
        {/* The trailing space keeps a final empty line as tall as in the textarea. */}
        <div className="scheme-backdrop" aria-hidden="true" data-testid="scheme-query-preview">
          {highlighted}{' '}
        </div>
        <textarea
          id={id}
          className="scheme-input"
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          placeholder={placeholder}
          aria-invalid={problems.length > 0}
          onChange={(e) => onChange?.(e.target.value)}
          data-testid="scheme-query"
        />
      </div>
      {problems.length ? (
        <ul className="scheme-errors" role="alert" data-testid="scheme-query-errors">
          {problems.map((p) => (
            <li key={`${p.code}:${p.start}:${p.end}`} data-testid="scheme-query-error">
              <span className="scheme-error-at">
                {t('schemes.errorAt', { n: p.start + 1 })}
                {p.end > p.start ? (
                  <code className="scheme-error-snippet">{value.slice(p.start, p.end)}</code>
                ) : null}
              </span>
              {problemMessage(p, lang)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
