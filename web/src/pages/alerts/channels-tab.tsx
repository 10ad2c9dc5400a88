// 渠道 (admin and the office): where notifications go besides the page — email, a signed
// webhook, WeCom, DingTalk and Feishu group bots, an SMS gateway — each with the least severity
// it carries and its switch; secrets are shown masked. 发送测试 sends a test message through a
// saved channel now and shows what happened.
import { EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { alertsApi, type ChannelTestResult, type ChannelView } from '../../api/alerts.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { ChannelModal } from './channel-modal.tsx';
import { useRowAction } from './use-row-action.ts';

/** Where a channel sends, as its (masked) config says. */
function target(c: ChannelView): string {
  const s = (k: string) => {
    const v = c.config[k];
    return typeof v === 'string' ? v : '';
  };
  if (c.kind === 'email') {
    const port = typeof c.config.port === 'number' ? `:${c.config.port}` : '';
    return `${s('host')}${port} · ${s('from')}`;
  }
  return s('url');
}

export function ChannelsTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const toggle = useRowAction();
  const testing = useRowAction();
  const [results, setResults] = useState<Record<string, ChannelTestResult & { at: string }>>({});

  const load = useCallback((signal: AbortSignal) => alertsApi.channels(signal), []);
  const channels = useApi(load);

  const setEnabled = (c: ChannelView, enabled: boolean) =>
    toggle.run(c.id, async () => {
      await alertsApi.updateChannel(c.id, { enabled });
      channels.reload();
    });

  const test = (c: ChannelView) =>
    testing.run(c.id, async () => {
      const r = await alertsApi.testChannel(c.id);
      setResults((m) => ({ ...m, [c.id]: { ...r, at: new Date().toISOString() } }));
      if (r.ok) void message.success(t('alerts.channels.testOk', { name: c.name }));
      else void message.error(t('alerts.channels.testFailed', { name: c.name }));
    });

  const columns: TableColumnsType<ChannelView> = [
    {
      title: t('alerts.channels.name'),
      key: 'name',
      width: 180,
      render: (_v, c) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong data-testid="channel-name-cell">
            {c.name}
          </Typography.Text>
          <Tag>{t(`alerts.channel.kind.${c.kind}`)}</Tag>
        </Space>
      ),
    },
    {
      title: t('alerts.channels.target'),
      key: 'target',
      render: (_v, c) => (
        <Typography.Text className="alert-channel-target" data-testid="channel-target">
          {target(c)}
        </Typography.Text>
      ),
    },
    {
      title: t('alerts.channels.minSeverity'),
      key: 'severity',
      width: 110,
      render: (_v, c) => t(`alerts.channels.atLeast.${c.min_severity}`),
    },
    {
      title: t('alerts.channels.enabled'),
      key: 'enabled',
      width: 80,
      render: (_v, c) => (
        <Switch
          size="small"
          checked={c.enabled}
          loading={toggle.busy === c.id}
          onChange={(on) => void setEnabled(c, on)}
          aria-label={t('alerts.channels.enabled')}
          data-testid="channel-enabled-switch"
        />
      ),
    },
    {
      title: t('alerts.channels.test'),
      key: 'test',
      width: 280,
      render: (_v, c) => {
        const r = results[c.id];
        return (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Button
              size="small"
              icon={<SendOutlined />}
              loading={testing.busy === c.id}
              onClick={() => void test(c)}
              data-testid="channel-test"
            >
              {t('alerts.channels.sendTest')}
            </Button>
            {r ? (
              <div data-testid="channel-test-result" data-ok={r.ok ? 'true' : 'false'}>
                <Tag color={r.ok ? 'green' : 'red'}>
                  {r.ok ? t('alerts.channels.testOkShort') : t('alerts.channels.testFailedShort')}
                </Tag>
                <Typography.Text type="secondary" className="alert-error-text">
                  {formatTime(r.at, lang)} · {r.detail}
                </Typography.Text>
              </div>
            ) : null}
          </Space>
        );
      },
    },
    {
      title: '',
      key: 'actions',
      width: 90,
      render: (_v, c) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing(c)}
          data-testid="channel-edit"
        >
          {t('alerts.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('alerts.channels.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="channel-add"
        >
          {t('alerts.channels.add')}
        </Button>
      </Space>
      {channels.error ? <LoadError error={channels.error} onRetry={channels.reload} /> : null}
      <Table<ChannelView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={channels.data?.items ?? []}
        loading={channels.loading}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{
          emptyText: channels.data ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.channels.empty')} />
          ) : (
            ' '
          ),
        }}
        data-testid="channels-table"
      />
      {editing ? (
        <ChannelModal
          channel={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) channels.reload();
          }}
        />
      ) : null}
    </Space>
  );
}
