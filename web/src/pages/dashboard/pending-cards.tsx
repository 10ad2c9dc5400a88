// The 总览's card for alerts: the open ones (major among them), those past their
// acknowledgement deadline, major-looking ones dismissed, and those open too long, each a link
// into the 预警 page. (Incident clocks: incident-clocks-card.tsx.)
import { RightOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { Link } from 'react-router';
import type { Dashboard } from '../../api/event-types.ts';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';
import { formatCount } from '../../lib/format.ts';
import '../alerts/alerts.css';

type Counts = NonNullable<Dashboard['alerts']>;

const FIGURES: readonly {
  key: keyof Counts;
  label: MessageKey;
  to: string;
  testId: string;
}[] = [
  { key: 'open', label: 'dashboard.alerts.open', to: '/alerts', testId: 'alerts-card-open' },
  {
    key: 'overdue',
    label: 'dashboard.alerts.overdue',
    to: '/alerts?tab=coverage',
    testId: 'alerts-card-overdue',
  },
  {
    key: 'dismissed_major',
    label: 'dashboard.alerts.dismissedMajor',
    to: '/alerts?tab=coverage',
    testId: 'alerts-card-dismissed-major',
  },
  {
    key: 'open_too_long',
    label: 'dashboard.alerts.openTooLong',
    to: '/alerts?tab=coverage',
    testId: 'alerts-card-open-too-long',
  },
];

export function AlertsCard({ alerts }: { alerts: Dashboard['alerts'] }) {
  const { t, lang } = useI18n();
  if (!alerts) {
    return (
      <Card size="small" title={t('dashboard.alerts.title')} data-testid="alerts-card-none">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('dashboard.alerts.noAccess')}
        </Typography.Paragraph>
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={t('dashboard.alerts.title')}
      extra={
        <Link to="/alerts" data-testid="alerts-card-link">
          {t('dashboard.alerts.goto')} <RightOutlined />
        </Link>
      }
      data-testid="alerts-card"
    >
      <div className="alerts-card-figures">
        {FIGURES.map((f) => {
          const n = alerts[f.key];
          return (
            <Link to={f.to} key={f.key} className="figure-card alerts-card-figure">
              <div className="figure-label" title={t(f.label)}>
                {t(f.label)}
              </div>
              <div
                className={n > 0 ? 'figure-value figure-danger' : 'figure-value'}
                data-testid={f.testId}
                data-value={n}
              >
                {formatCount(n, lang)}
              </div>
              {f.key === 'open' ? (
                <div
                  className="figure-note"
                  data-testid="alerts-card-major"
                  data-value={alerts.open_major}
                >
                  {t('dashboard.alerts.major', { n: formatCount(alerts.open_major, lang) })}
                </div>
              ) : null}
            </Link>
          );
        })}
      </div>
    </Card>
  );
}
