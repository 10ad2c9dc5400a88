// What the 总览 will show once alerting and incident handling exist: while the server answers
// null for them, an honest "not yet" card for each, never a made-up number.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import type { Dashboard } from '../../api/event-types.ts';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';
import { formatCount } from '../../lib/format.ts';

/** A card with its figures when the server has them, else the notice that they come later. */
function LaterCard({ kind, figures }: { kind: 'alerts' | 'incidents'; figures: string | null }) {
  const { t } = useI18n();
  const key = (k: string) => `dashboard.${kind}.${k}` as MessageKey;
  const pending = figures === null;
  return (
    <Card
      size="small"
      title={t(key(pending ? 'pendingTitle' : 'title'))}
      data-testid={pending ? `${kind}-pending` : `${kind}-card`}
      className={pending ? 'pending-card' : undefined}
    >
      {pending ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          <ClockCircleOutlined /> {t(key('pendingBody'))}
        </Typography.Paragraph>
      ) : (
        <Typography.Text>{figures}</Typography.Text>
      )}
    </Card>
  );
}

export function AlertsCard({ alerts }: { alerts: Dashboard['alerts'] }) {
  const { t, lang } = useI18n();
  const figures = alerts
    ? t('dashboard.alerts.figures', {
        open: formatCount(alerts.open, lang),
        overdue: formatCount(alerts.overdue, lang),
      })
    : null;
  return <LaterCard kind="alerts" figures={figures} />;
}

export function IncidentsCard({ incidents }: { incidents: Dashboard['incidents'] }) {
  const { t, lang } = useI18n();
  const figures = incidents
    ? t('dashboard.incidents.figures', { n: formatCount(incidents.running, lang) })
    : null;
  return <LaterCard kind="incidents" figures={figures} />;
}
