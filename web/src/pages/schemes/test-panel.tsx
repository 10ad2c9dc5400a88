// 试运行: what the query would have matched in the stored history, before anyone saves it. Runs
// on the button and by itself once typing pauses (only when the query parses); shows "matched X
// of Y scanned" and the newest matching posts with the hits marked. Post text is untrusted and
// stays text: the marks are React elements around slices of it.
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, schemeSyntaxProblems } from '../../api/client.ts';
import type { SchemeSample, SchemeTestResult } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatCount, formatTime } from '../../lib/format.ts';
import { markedExcerpt, markText } from '../../lib/highlight.tsx';
import { queryProblems, type ServerQueryProblems } from './query-editor.tsx';
import { sampleMarks } from './sample-hits.ts';

/** How long typing must pause before the query runs by itself. */
const AUTO_RUN_MS = 800;
/** Samples asked for. */
const SAMPLES = 20;

export function TestPanel({
  query,
  onServerProblems,
}: {
  query: string;
  /** The server found syntax errors in `query` (or none: null). */
  onServerProblems: (problems: ServerQueryProblems | null) => void;
}) {
  const { t, lang } = useI18n();
  const [result, setResult] = useState<{ query: string; data: SchemeTestResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(
    async (q: string) => {
      if (q.trim() === '' || queryProblems(q).length > 0) return;
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      setRunning(true);
      setError(null);
      try {
        const data = await api.testScheme({ query: q, limit: SAMPLES }, c.signal);
        if (c.signal.aborted) return;
        setResult({ query: q, data });
        onServerProblems(null);
      } catch (e: unknown) {
        if (c.signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) return;
        const problems = schemeSyntaxProblems(e);
        if (problems.length) onServerProblems({ query: q, problems });
        else setError(describeError(e, t));
      } finally {
        if (controller.current === c) {
          controller.current = null;
          setRunning(false);
        }
      }
    },
    [onServerProblems, t],
  );

  // Runs by itself once typing pauses.
  useEffect(() => {
    if (query.trim() === '' || queryProblems(query).length > 0) return;
    const timer = window.setTimeout(() => void run(query), AUTO_RUN_MS);
    return () => window.clearTimeout(timer);
  }, [query, run]);

  // Nothing left running when the panel goes away.
  useEffect(() => () => controller.current?.abort(), []);

  const runnable = query.trim() !== '' && queryProblems(query).length === 0;
  const stale = result !== null && result.query !== query;
  const notes = result
    ? [
        ...(result.data.truncated ? [t('schemes.test.truncated')] : []),
        ...(result.data.matched > result.data.samples.length
          ? [t('schemes.test.showing', { n: result.data.samples.length })]
          : []),
        ...(stale ? [t('schemes.test.stale')] : []),
      ]
    : [];

  return (
    <div className="scheme-test" data-testid="scheme-test">
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<ExperimentOutlined />}
          loading={running}
          disabled={!runnable}
          onClick={() => void run(query)}
          data-testid="scheme-test-run"
        >
          {t('schemes.test.run')}
        </Button>
        <Typography.Text type="secondary">{t('schemes.test.hint')}</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {result ? (
        <div className={stale ? 'scheme-test-stale' : undefined}>
          <Alert
            type={result.data.matched > 0 ? 'success' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="scheme-test-summary"
            title={t('schemes.test.summary', {
              matched: formatCount(result.data.matched, lang),
              scanned: formatCount(result.data.scanned, lang),
            })}
            description={notes.length ? notes.map((n) => <div key={n}>{n}</div>) : undefined}
          />
          {result.data.samples.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schemes.test.none')} />
          ) : (
            <div className="scheme-samples">
              {result.data.samples.map((s) => (
                <Sample key={s.id} sample={s} />
              ))}
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}

function Sample({ sample: s }: { sample: SchemeSample }) {
  const { t, lang } = useI18n();
  const marks = sampleMarks(s);
  const fieldText = (field: 'author' | 'source' | 'region'): string | null =>
    field === 'author' ? s.author : field === 'source' ? s.source : null;
  return (
    <div className="scheme-sample" data-testid="scheme-test-sample">
      <Space size={4} wrap className="scheme-sample-meta">
        <Tag color="blue">{s.source}</Tag>
        {s.author ? <span>{s.author}</span> : null}
        <Typography.Text type="secondary">{formatTime(s.collected_at, lang)}</Typography.Text>
        {marks.other.map((o, i) => {
          const text = fieldText(o.field);
          return (
            <Tag key={`${o.field}${i}`} color="gold">
              {t(`schemes.test.hitIn.${o.field}`)}
              {text && o.span.end <= text.length ? (
                <>
                  {': '}
                  {markText(text, [o.span])}
                </>
              ) : null}
            </Tag>
          );
        })}
      </Space>
      {s.title_text ? (
        <div className="scheme-sample-title" data-testid="scheme-test-title">
          {markedExcerpt(s.title_text, marks.title)}
        </div>
      ) : null}
      <div className="scheme-sample-text" data-testid="scheme-test-text">
        {markedExcerpt(s.text, marks.text)}
      </div>
    </div>
  );
}
