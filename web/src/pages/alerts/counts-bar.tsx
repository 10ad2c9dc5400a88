// The figures at the head of the 预警 page: open alerts (major among them), acknowledged ones
// in hand, and the coverage check's counts (late, dismissed-major, open too long), which open
// the 覆盖检查 tab.
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { AlertCounts } from '../../api/alerts.ts';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';
import { formatCount } from '../../lib/format.ts';

type Figure = keyof AlertCounts;

const FIGURES: readonly { key: Figure; label: MessageKey; danger: boolean; coverage: boolean }[] = [
  { key: 'open', label: 'alerts.count.open', danger: true, coverage: false },
  { key: 'acknowledged', label: 'alerts.count.acknowledged', danger: false, coverage: false },
  { key: 'overdue', label: 'alerts.count.overdue', danger: true, coverage: true },
  { key: 'dismissed_major', label: 'alerts.count.dismissedMajor', danger: true, coverage: true },
  { key: 'open_too_long', label: 'alerts.count.openTooLong', danger: true, coverage: true },
];

export function CountsBar({
  counts,
  onCoverage,
}: {
  counts: AlertCounts | undefined;
  onCoverage: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <Row gutter={[12, 12]} data-testid="alert-counts">
      {FIGURES.map((f) => {
        const n = counts?.[f.key];
        const hot = f.danger && typeof n === 'number' && n > 0;
        return (
          <Col xs={12} md={8} xl={{ flex: '20%' }} key={f.key}>
            <Card
              size="small"
              className={f.coverage ? 'alert-figure alert-figure-link' : 'alert-figure'}
              onClick={f.coverage ? onCoverage : undefined}
              role={f.coverage ? 'button' : undefined}
              tabIndex={f.coverage ? 0 : undefined}
              onKeyDown={
                f.coverage
                  ? (e) => {
                      if (e.key === 'Enter' || e.key === ' ') onCoverage();
                    }
                  : undefined
              }
            >
              <Statistic
                title={t(f.label)}
                value={formatCount(n, lang)}
                styles={{ content: { color: hot ? '#cf1322' : undefined } }}
                data-testid={`count-${f.key}`}
                data-value={n ?? ''}
              />
              {f.key === 'open' ? (
                <Typography.Text
                  type={counts && counts.open_major > 0 ? 'danger' : 'secondary'}
                  className="alert-figure-note"
                  data-testid="count-open_major"
                  data-value={counts?.open_major ?? ''}
                >
                  {t('alerts.count.openMajor', { n: formatCount(counts?.open_major, lang) })}
                </Typography.Text>
              ) : f.coverage ? (
                <Typography.Text type="secondary" className="alert-figure-note">
                  {t('alerts.count.coverageHint')}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary" className="alert-figure-note">
                  {t('alerts.count.acknowledgedHint')}
                </Typography.Text>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
