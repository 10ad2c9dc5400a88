// 设置 (/settings): one's own account (roles, unit, visibility), the interface language, the
// password, for admins the API tokens of machines (created, shown once, revoked), and 分析:
// the analysis settings (risk lexicon, user dictionary, re-analysis; edited by admin and the
// office) and a box to try the analysis on any text, and 事件: heat weights, grading rules and
// the source-authority list (edited by admin and the office), 处置时钟与签批, and 信息发布 (the
// public page and the channel adapters; admin and the office).
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiToken, TokenScope } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { FormError } from '../components/form-error.tsx';
import { LoadError } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { ChangePasswordModal } from '../layout/change-password-modal.tsx';
import { describeError, formatTime, unitName } from '../lib/format.ts';
import { showFieldErrors } from '../lib/form-errors.ts';
import { AnalysisSection } from './settings/analysis-section.tsx';
import { EventSection } from './settings/event-section.tsx';
import { IncidentSettingsCard } from './settings/incident-settings-card.tsx';
import { ReleaseSettingsCard } from './settings/release-settings-card.tsx';

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const me = useMe();
  const [passwordOpen, setPasswordOpen] = useState(false);

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="settings-page"
    >
      <Card title={t('settings.profile')}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'u', label: t('settings.username'), children: me.username },
            { key: 'd', label: t('settings.displayName'), children: me.display_name },
            { key: 'unit', label: t('settings.unit'), children: unitName(me.unit, lang) },
            {
              key: 'roles',
              label: t('settings.roles'),
              children: (
                <Space size={4} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r}>{t(`role.${r}`)}</Tag>
                  ))}
                  {me.leader_kind ? <Tag>{t(`leaderKind.${me.leader_kind}`)}</Tag> : null}
                </Space>
              ),
            },
            {
              key: 'scope',
              label: t('settings.scope'),
              children:
                me.scope.kind === 'province'
                  ? t('settings.scopeProvince')
                  : t('settings.scopeUnit'),
            },
            {
              key: 'lang',
              label: t('settings.language'),
              children: (
                <Segmented<Lang>
                  value={lang}
                  onChange={setLang}
                  options={[
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              ),
            },
          ]}
        />
        {me.kind === 'user' ? (
          <Button
            icon={<KeyOutlined />}
            onClick={() => setPasswordOpen(true)}
            style={{ marginTop: 16 }}
          >
            {t('header.changePassword')}
          </Button>
        ) : null}
      </Card>
      {may(me, 'token.manage') ? <TokensCard /> : null}
      {may(me, 'scheme.read') ? (
        <>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="analysis-heading">
            {t('analysis.title')}
          </Typography.Title>
          <AnalysisSection />
        </>
      ) : null}
      {may(me, 'event.read') ? (
        <>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="event-settings-heading">
            {t('eventSettings.title')}
          </Typography.Title>
          <EventSection />
        </>
      ) : null}
      <IncidentSettingsCard />
      <ReleaseSettingsCard />
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Space>
  );
}

interface TokenForm {
  name: string;
  scopes: TokenScope[];
}

function TokensCard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const load = useCallback((signal: AbortSignal) => api.tokens(signal), []);
  const tokens = useApi(load);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [form] = Form.useForm<TokenForm>();

  const create = async () => {
    let v: TokenForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setCreateError(null);
    try {
      const token = await api.createToken(v.name, v.scopes);
      setCreating(false);
      form.resetFields();
      setCreated(token.token);
      tokens.reload();
    } catch (e: unknown) {
      const { shown } = showFieldErrors(form, e, ['name', 'scopes']);
      if (shown === 0) setCreateError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (id: string) => {
    try {
      await api.revokeToken(id);
      tokens.reload();
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: t('settings.tokenName'), dataIndex: 'name', key: 'name' },
    {
      title: t('settings.tokenPrefix'),
      dataIndex: 'prefix',
      key: 'prefix',
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    {
      title: t('settings.tokenScopes'),
      key: 'scopes',
      render: (_v, tok) => tok.scopes.map((s) => <Tag key={s}>{t(`settings.scope.${s}`)}</Tag>),
    },
    {
      title: t('settings.tokenCreated'),
      key: 'created',
      render: (_v, tok) => formatTime(tok.created_at, lang),
    },
    {
      title: t('settings.tokenLastUsed'),
      key: 'used',
      render: (_v, tok) => formatTime(tok.last_used_at, lang),
    },
    {
      title: t('settings.tokenStatus'),
      key: 'status',
      render: (_v, tok) =>
        tok.revoked_at ? (
          <Tag>{t('settings.tokenRevoked')}</Tag>
        ) : (
          <Space>
            <Tag color="green">{t('settings.tokenActive')}</Tag>
            <Popconfirm
              title={t('settings.tokenRevokeConfirm')}
              okText={t('settings.tokenRevoke')}
              cancelText={t('common.cancel')}
              onConfirm={() => void revoke(tok.id)}
            >
              <Button size="small" danger>
                {t('settings.tokenRevoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('settings.tokens')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('settings.tokenCreate')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.tokensDesc')}</Typography.Paragraph>
      {tokens.error ? <LoadError error={tokens.error} onRetry={tokens.reload} /> : null}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tokens.data?.items ?? []}
        loading={tokens.loading}
        pagination={false}
      />
      <Modal
        open={creating}
        title={t('settings.tokenCreate')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void create()}
        onCancel={() => {
          setCreating(false);
          setCreateError(null);
        }}
      >
        <FormError error={createError} />
        <Form<TokenForm> form={form} layout="vertical" initialValues={{ scopes: ['ingest'] }}>
          <Form.Item
            label={t('settings.tokenName')}
            name="name"
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label={t('settings.tokenScopes')}
            name="scopes"
            rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
          >
            <Checkbox.Group
              options={[
                { value: 'ingest', label: t('settings.scope.ingest') },
                { value: 'read', label: t('settings.scope.read') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={t('settings.tokenCreate')}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
        onCancel={() => setCreated(null)}
        mask={{ closable: false }}
      >
        <Alert
          type="warning"
          showIcon
          title={t('settings.tokenShownOnce')}
          style={{ marginBottom: 16 }}
        />
        <Typography.Paragraph code copyable className="hash">
          {created}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
