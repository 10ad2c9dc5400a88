// 预警 (/alerts, /alerts/:id): the counts at the head (open, major among them, in hand, and the
// coverage check's late, dismissed-major and long-open ones), then the tabs: 预警 (the live
// list with its filters), 覆盖检查, 规则 (the rule editor), 渠道 (admin and the office: the
// notification channels with 发送测试) and 时限与升级 (deadlines, growth, the chain). One alert
// opens in a drawer at /alerts/:id, where notifications link. The live stream refreshes
// everything when an alert notification goes out or mentions land; one addressed to the user
// shows as a desktop notification when allowed, else inside the page.
import { Badge, Card, Result, Space, Tabs, Typography } from 'antd';
import type { TabsProps } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { alertsApi, type LiveAlert } from '../api/alerts.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { LoadError } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import type { LiveStatus } from '../hooks/use-live.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AlertDrawer } from './alerts/alert-drawer.tsx';
import { AlertListTab } from './alerts/alert-list-tab.tsx';
import { ChannelsTab } from './alerts/channels-tab.tsx';
import { CountsBar } from './alerts/counts-bar.tsx';
import { CoverageTab } from './alerts/coverage-tab.tsx';
import { NotifyControl, useAlertNotifier } from './alerts/desktop-notify.tsx';
import { RulesTab } from './alerts/rules-tab.tsx';
import { SettingsTab } from './alerts/settings-tab.tsx';
import { useLiveAlerts } from './alerts/use-live-alerts.ts';
import './alerts/alerts.css';

type TabKey = 'list' | 'coverage' | 'rules' | 'channels' | 'settings';

export function AlertsPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!may(me, 'alert.read'))
    return (
      <Result
        status="403"
        title={t('alerts.noAccess')}
        subTitle={t('alerts.noAccessBody')}
        data-testid="alerts-no-access"
      />
    );
  return <AlertsView />;
}

function AlertsView() {
  const { t } = useI18n();
  const me = useMe();
  const { id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const canHandle = may(me, 'alert.handle');
  const canManage = may(me, 'alert.manage');

  // Bumped by the live stream and by actions: every list on the page reads again.
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [heard, setHeard] = useState(0);

  const open = useCallback(
    (alertId: string) =>
      void navigate({
        pathname: `/alerts/${encodeURIComponent(alertId)}`,
        search: location.search,
      }),
    [navigate, location.search],
  );
  const close = useCallback(
    () => void navigate({ pathname: '/alerts', search: location.search }),
    [navigate, location.search],
  );
  const notifier = useAlertNotifier(open);
  const { notify } = notifier;
  const handlers = useMemo(
    () => ({
      onAlert: (a: LiveAlert) => {
        setHeard((n) => n + 1);
        bump();
        if (a.forMe) notify(a);
      },
      onMentions: bump,
    }),
    [bump, notify],
  );
  const live = useLiveAlerts(handlers);

  const loadCounts = useCallback(
    (signal: AbortSignal) => {
      void version;
      return alertsApi.counts(signal);
    },
    [version],
  );
  const counts = useApi(loadCounts);

  const items: TabsProps['items'] = [
    {
      key: 'list',
      label: t('alerts.tab.list'),
      children: <AlertListTab version={version} onOpen={open} />,
    },
    {
      key: 'coverage',
      label: t('alerts.tab.coverage'),
      children: <CoverageTab version={version} onOpen={open} />,
    },
    {
      key: 'rules',
      label: t('alerts.tab.rules'),
      children: <RulesTab canManage={canManage} defaultUnitId={me.unit.id} />,
    },
    ...(canManage
      ? [{ key: 'channels', label: t('alerts.tab.channels'), children: <ChannelsTab /> }]
      : []),
    {
      key: 'settings',
      label: t('alerts.tab.settings'),
      children: <SettingsTab canManage={canManage} />,
    },
  ];
  const requested = params.get('tab') as TabKey | null;
  const active = requested && items.some((i) => i.key === requested) ? requested : 'list';
  const setTab = (key: string) => setParams(key === 'list' ? {} : { tab: key }, { replace: true });

  return (
    <div className="alerts-page" data-testid="alerts-page" data-live-alerts={heard}>
      <Card size="small" className="alerts-bar">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('alerts.intro')}</Typography.Text>
          <Space size="large" wrap>
            <NotifyControl permission={notifier.permission} onAsk={() => void notifier.ask()} />
            <LiveBadge status={live} />
          </Space>
        </Space>
      </Card>
      {counts.error ? <LoadError error={counts.error} onRetry={counts.reload} /> : null}
      <CountsBar counts={counts.data} onCoverage={() => setTab('coverage')} />
      <Card className="alerts-tabs">
        <Tabs activeKey={active} items={items} onChange={setTab} destroyOnHidden />
      </Card>
      {id ? (
        <AlertDrawer
          key={id}
          id={id}
          version={version}
          canHandle={canHandle}
          onChanged={bump}
          onClose={close}
        />
      ) : null}
    </div>
  );
}

function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  const badge =
    status === 'open' ? 'processing' : status === 'connecting' ? 'default' : ('warning' as const);
  return (
    <span data-testid="live-status" data-status={status} title={t('alerts.liveHint')}>
      <Badge status={badge} text={t(`dashboard.live.${status}`)} />
    </span>
  );
}
