// Re-analysis of the stored history (重新分析历史数据), after the lexicon, the dictionary or the
// models changed: started by those with analysis.manage (everything, or only what an older
// pipeline analysed), its progress polled every second while it runs, for everyone.
import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Popconfirm, Progress, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { AnalysisStatus } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatCount, formatTime } from '../../lib/format.ts';

const POLL_MS = 1000;

export function ReanalysisCard({
  pipelineVersion,
  canManage,
}: {
  pipelineVersion: string;
  canManage: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [staleOnly, setStaleOnly] = useState(false);
  const [status, setStatus] = useState<AnalysisStatus | null>(null);
  const [polling, setPolling] = useState(true);
  const [starting, setStarting] = useState(false);
  const [finished, setFinished] = useState<{
    total: number;
    done: number;
    error: string | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The last progress seen while running (the status forgets it once the run ends). */
  const lastRunning = useRef<AnalysisStatus | null>(null);

  const observe = useCallback((s: AnalysisStatus) => {
    setStatus(s);
    if (s.running) {
      lastRunning.current = s;
      return;
    }
    setPolling(false);
    const last = lastRunning.current;
    if (last) {
      // The server says how the run ended; a run that failed is not reported as finished.
      const ended = s.last;
      setFinished(
        ended
          ? { total: ended.total, done: ended.done, error: ended.error }
          : { total: Math.max(last.total, last.done), done: last.done, error: null },
      );
      lastRunning.current = null;
    }
  }, []);

  // Polls while a run may be going on (also once on opening: one may have been started elsewhere).
  useEffect(() => {
    if (!polling) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const tick = async () => {
      try {
        observe(await api.analysisStatus(controller.signal));
      } catch (e: unknown) {
        if (controller.signal.aborted) return;
        setError(describeError(e, t));
        setPolling(false);
        return;
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [polling, observe, t]);

  const start = async () => {
    setStarting(true);
    setError(null);
    setFinished(null);
    try {
      const s = await api.reanalyze(staleOnly);
      lastRunning.current = { ...s, running: true };
      setStatus(s);
      void message.info(t('analysis.reanalyse.started'));
      setPolling(true);
    } catch (e: unknown) {
      if (e instanceof ApiError && e.status === 409) {
        // Already running: follow that run.
        setError(t('analysis.reanalyse.alreadyRunning'));
        setPolling(true);
      } else setError(describeError(e, t));
    } finally {
      setStarting(false);
    }
  };

  const running = status?.running === true;
  const percent =
    running && status.total > 0 ? Math.min(100, Math.floor((status.done / status.total) * 100)) : 0;

  return (
    <Card title={t('analysis.reanalyse.title')} data-testid="reanalysis">
      <Typography.Paragraph type="secondary">
        {t('analysis.reanalyse.desc', { version: pipelineVersion })}
      </Typography.Paragraph>
      {error ? <Alert type="warning" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {running ? (
        <div data-testid="reanalysis-progress" style={{ marginBottom: 16 }}>
          <Progress percent={percent} status="active" />
          <Typography.Text type="secondary">
            {t('analysis.reanalyse.progress', {
              done: formatCount(status.done, lang),
              total: formatCount(status.total, lang),
              started: formatTime(status.started_at, lang),
            })}
          </Typography.Text>
        </div>
      ) : null}
      {finished?.error && !running ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('analysis.reanalyse.failed', {
            error: finished.error,
            done: formatCount(finished.done, lang),
            total: formatCount(finished.total, lang),
          })}
          data-testid="reanalysis-failed"
        />
      ) : null}
      {finished && !finished.error && !running ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            finished.total > 0
              ? t('analysis.reanalyse.done', { n: formatCount(finished.total, lang) })
              : t('analysis.reanalyse.doneNoCount')
          }
          data-testid="reanalysis-done"
        />
      ) : null}
      {canManage ? (
        <Space wrap>
          <Checkbox
            checked={staleOnly}
            onChange={(e) => setStaleOnly(e.target.checked)}
            disabled={running}
            data-testid="reanalysis-stale"
          >
            {t('analysis.reanalyse.staleOnly')}
          </Checkbox>
          <Popconfirm
            title={
              staleOnly ? t('analysis.reanalyse.confirmStale') : t('analysis.reanalyse.confirmAll')
            }
            okText={t('analysis.reanalyse.start')}
            cancelText={t('common.cancel')}
            onConfirm={() => void start()}
            disabled={running}
          >
            <Button
              type="primary"
              icon={<SyncOutlined />}
              loading={starting}
              disabled={running}
              data-testid="reanalysis-start"
            >
              {t('analysis.reanalyse.start')}
            </Button>
          </Popconfirm>
        </Space>
      ) : null}
    </Card>
  );
}
