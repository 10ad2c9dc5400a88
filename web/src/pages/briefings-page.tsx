// 简报 (/briefings): daily, weekly and monthly briefings (日报/周报/月报) and special reports (专报)
// as kept by the server, each issue with its preview (the stored HTML page in a sandboxed frame)
// and Word download; 生成简报 for the office, the leadership and a city bureau's staff (their own
// bureau's); 定时与订阅 (the schedule, subscribers and the sending channel) for the office and
// admins. Informants have no briefings.
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Card, Result, Tabs, Typography } from 'antd';
import type { TabsProps } from 'antd';
import { useSearchParams } from 'react-router';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { unitName } from '../lib/format.ts';
import { BriefingList } from './briefings/briefing-list.tsx';
import { ScheduleTab } from './briefings/schedule-tab.tsx';

export function BriefingsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // The province's briefings, or a city bureau's own; provincial staff in neither read none.
  const reads =
    may(me, 'briefing.read') && (may(me, 'briefing.province') || me.scope.kind === 'unit');
  if (!reads)
    return <Result status="403" title={t('briefings.title')} subTitle={t('briefings.forbidden')} />;
  const items: TabsProps['items'] = [
    { key: 'list', label: t('briefings.tab.list'), children: <BriefingList /> },
    ...(may(me, 'briefing.manage')
      ? [{ key: 'schedule', label: t('briefings.tab.schedule'), children: <ScheduleTab /> }]
      : []),
  ];
  const requested = params.get('tab');
  const active = items.some((i) => i.key === requested) ? requested! : 'list';
  return (
    <div data-testid="briefings-page">
      <Card
        title={
          <span>
            <FileTextOutlined /> {t('briefings.title')}
          </span>
        }
      >
        <Typography.Paragraph type="secondary">{t('briefings.intro')}</Typography.Paragraph>
        {me.scope.kind === 'unit' ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('briefings.scopeNote', { unit: unitName(me.unit, lang) })}
          />
        ) : null}
        <Tabs
          activeKey={active}
          onChange={(key) => setParams(key === 'list' ? {} : { tab: key }, { replace: true })}
          items={items}
        />
      </Card>
    </div>
  );
}
