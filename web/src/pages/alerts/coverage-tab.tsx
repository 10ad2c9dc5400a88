// 覆盖检查: nothing missed, late or concealed. The alerts past their acknowledgement deadline,
// the major-looking ones dismissed in the last 30 days, and those open longer than the set
// hours, with the counts of each and when the check ran; and the clocks of incidents in progress
// past their target (breached, and those nobody has explained).
import { Alert, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useCallback } from 'react';
import { alertsApi, type CoverageReason } from '../../api/alerts.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { AlertTable } from './alert-table.tsx';

const REASONS: readonly CoverageReason[] = ['overdue', 'dismissed_major', 'open_too_long'];

export function CoverageTab({
  version,
  onOpen,
}: {
  version: number;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return alertsApi.coverage(signal);
    },
    [version],
  );
  const coverage = useApi(load);
  const loadSettings = useCallback((signal: AbortSignal) => alertsApi.settings(signal), []);
  const settings = useApi(loadSettings);
  const c = coverage.data;
  const hours = settings.data?.openTooLongHours ?? 24;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('alerts.coverage.intro')}
      </Typography.Paragraph>
      {coverage.error ? <LoadError error={coverage.error} onRetry={coverage.reload} /> : null}
      <Row gutter={[16, 16]}>
        {REASONS.map((r) => (
          <Col xs={24} md={8} key={r}>
            <Card size="small" className="alert-figure">
              <Statistic
                title={t(`alerts.coverage.reason.${r}`)}
                value={c ? c[r] : '—'}
                styles={{ content: { color: c && c[r] > 0 ? '#cf1322' : undefined } }}
                data-testid={`coverage-count-${r}`}
              />
              <Typography.Text type="secondary" className="alert-figure-note">
                {t(`alerts.coverage.help.${r}`, { hours })}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {c ? (
        <Alert
          type={c.incident_clocks.unexplained > 0 ? 'warning' : 'info'}
          showIcon
          data-testid="coverage-incident-clocks"
          data-breached={c.incident_clocks.breached}
          data-unexplained={c.incident_clocks.unexplained}
          title={t('alerts.coverage.incidentClocks', {
            incidents: c.incident_clocks.incidents,
            breached: c.incident_clocks.breached,
            unexplained: c.incident_clocks.unexplained,
            dueSoon: c.incident_clocks.due_soon,
          })}
        />
      ) : null}
      {c ? (
        c.items.length === 0 ? (
          <Alert
            type="success"
            showIcon
            title={t('alerts.coverage.clean', { at: formatTime(c.checked_at, lang) })}
            data-testid="coverage-clean"
          />
        ) : (
          <Typography.Text type="secondary" data-testid="coverage-checked">
            {t('alerts.coverage.checked', { at: formatTime(c.checked_at, lang) })}
          </Typography.Text>
        )
      ) : null}
      <AlertTable
        items={c?.items ?? []}
        loading={coverage.loading && !c}
        loaded={c !== undefined}
        onOpen={onOpen}
        emptyText={t('alerts.coverage.empty')}
        showCoverage
        testId="coverage-table"
      />
    </Space>
  );
}
