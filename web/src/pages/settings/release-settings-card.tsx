// 信息发布 in 设置: the public page's title and address, and how a statement reaches each
// channel ([P14]): the official website, Weibo and WeChat each by an adapter (人工登记, a signed
// webhook, WordPress REST, Weibo, the WeChat official account) with what that adapter needs;
// the press conference and the media briefing are held in a room, so a person records them
// (manual only). Secrets come back masked (••••) and, sent back unchanged, keep the stored
// value. Admin and the office change them (incident.manage, audited); the server shows them to
// nobody else, so other roles are told so instead of asking it. The server checks everything
// and its problems land on the field they name (body.adapters.weibo.accessToken).
import { LinkOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance, FormRule } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AdapterKind } from '../../../../src/publish/adapter-config.ts';
import type { ReleaseChannel } from '../../../../src/publish/types.ts';
import type { ReleaseSettings } from '../../../../src/services/release.service.ts';
import { REDACTED } from '../../api/alerts.ts';
import { request } from '../../api/client.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';
import { showProblems } from '../alerts/form-problems.ts';

const releaseSettingsApi = {
  get: (signal?: AbortSignal) =>
    request<ReleaseSettings>('GET', '/releases/settings', signal ? { signal } : {}),
  /** Replaces them; a masked secret keeps the stored one. */
  save: (body: unknown) => request<ReleaseSettings>('PUT', '/releases/settings', { body }),
};

/** The channels with an adapter to choose, and those a person always records. */
type Editable = Extract<ReleaseChannel, 'website' | 'weibo' | 'wechat'>;
const EDITABLE: readonly Editable[] = ['website', 'weibo', 'wechat'];
const MANUAL_ONLY: readonly Exclude<ReleaseChannel, Editable>[] = [
  'press_conference',
  'media_briefing',
];
const KINDS: readonly AdapterKind[] = ['manual', 'webhook', 'website_cms', 'weibo', 'wechat'];
type Sent = Exclude<AdapterKind, 'manual'>;

/** src/publish/adapter-config.ts (zod there: not bundled). */
const DEFAULT_API_BASE: Partial<Record<Sent, string>> = {
  weibo: 'https://api.weibo.com',
  wechat: 'https://api.weixin.qq.com',
};
const MIN_WEBHOOK_SECRET = 16;
const MAX_AUTHOR = 16;

type FieldName =
  | 'url'
  | 'secret'
  | 'baseUrl'
  | 'username'
  | 'applicationPassword'
  | 'categoryId'
  | 'apiBase'
  | 'accessToken'
  | 'appId'
  | 'appSecret'
  | 'thumbMediaId'
  | 'author';

interface FieldSpec {
  name: FieldName;
  required?: boolean;
  secret?: boolean;
  url?: boolean;
  number?: boolean;
  /** Takes a whole row. */
  wide?: boolean;
}

/** The fields of each adapter, in the order they are asked. */
const FIELDS: Record<Sent, readonly FieldSpec[]> = {
  webhook: [
    { name: 'url', required: true, url: true, wide: true },
    { name: 'secret', required: true, secret: true, wide: true },
  ],
  website_cms: [
    { name: 'baseUrl', required: true, url: true, wide: true },
    { name: 'username', required: true },
    { name: 'applicationPassword', required: true, secret: true },
    { name: 'categoryId', number: true },
  ],
  weibo: [
    { name: 'apiBase', required: true, url: true },
    { name: 'accessToken', required: true, secret: true },
  ],
  wechat: [
    { name: 'apiBase', required: true, url: true },
    { name: 'appId', required: true },
    { name: 'appSecret', required: true, secret: true },
    { name: 'thumbMediaId', required: true },
    { name: 'author' },
  ],
};

type KindValues = Partial<Record<FieldName, string | number | null>>;
/** A channel in the form: its adapter, and what was typed for each kind (kept while switching). */
type ChannelValues = { kind: AdapterKind } & Record<Sent, KindValues>;

interface FormValues {
  siteTitle: string;
  publicBaseUrl: string;
  adapters: Record<Editable, ChannelValues>;
}

function toForm(s: ReleaseSettings): FormValues {
  const adapters = {} as Record<Editable, ChannelValues>;
  for (const ch of EDITABLE) {
    const stored = s.adapters[ch];
    const values: ChannelValues = {
      kind: stored?.kind ?? 'manual',
      webhook: {},
      website_cms: {},
      weibo: { apiBase: DEFAULT_API_BASE.weibo ?? '' },
      wechat: { apiBase: DEFAULT_API_BASE.wechat ?? '' },
    };
    if (stored && stored.kind !== 'manual') {
      const { kind, ...fields } = stored;
      values[kind] = { ...values[kind], ...(fields as KindValues) };
    }
    adapters[ch] = values;
  }
  return { siteTitle: s.siteTitle, publicBaseUrl: s.publicBaseUrl ?? '', adapters };
}

/** One channel's adapter as the API takes it: the kind's fields, optional ones left out when empty. */
function adapterOf(c: ChannelValues): Record<string, unknown> {
  if (c.kind === 'manual') return { kind: 'manual' };
  const out: Record<string, unknown> = { kind: c.kind };
  const values = c[c.kind] ?? {};
  for (const f of FIELDS[c.kind]) {
    const v = values[f.name];
    if (f.number) {
      if (typeof v === 'number') out[f.name] = v;
      continue;
    }
    const s = typeof v === 'string' ? v.trim() : '';
    if (s || f.required) out[f.name] = s;
  }
  return out;
}

function fromForm(v: FormValues): unknown {
  const adapters: Record<string, unknown> = {};
  for (const ch of EDITABLE) {
    const c = v.adapters[ch];
    if (c) adapters[ch] = adapterOf(c);
  }
  for (const ch of MANUAL_ONLY) adapters[ch] = { kind: 'manual' };
  const base = v.publicBaseUrl.trim();
  return { siteTitle: v.siteTitle.trim(), publicBaseUrl: base || null, adapters };
}

const fieldKey = (f: FieldName) => `releaseSettings.field.${f}` as MessageKey;
const HELP: Partial<Record<FieldName, MessageKey>> = {
  secret: 'releaseSettings.help.secret',
  applicationPassword: 'releaseSettings.help.applicationPassword',
  categoryId: 'releaseSettings.help.categoryId',
  accessToken: 'releaseSettings.help.accessToken',
  thumbMediaId: 'releaseSettings.help.thumbMediaId',
  author: 'releaseSettings.help.author',
};

export function ReleaseSettingsCard() {
  const { t } = useI18n();
  const me = useMe();
  const canWrite = may(me, 'incident.manage');
  if (!canWrite) {
    return (
      <Card title={t('releaseSettings.title')} data-testid="release-settings">
        <Alert
          type="info"
          showIcon
          title={t('releaseSettings.noAccess')}
          data-testid="release-settings-readonly"
        />
      </Card>
    );
  }
  return <ReleaseSettingsForm />;
}

function ReleaseSettingsForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const load = useCallback((signal: AbortSignal) => releaseSettingsApi.get(signal), []);
  const settings = useApi(load);
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What the server answered to the last save: the form starts over from it (a channel set to
  // manual forgets what it had, so no mask is left standing for a secret no longer stored).
  const [saved, setSaved] = useState<ReleaseSettings | null>(null);
  const current = saved ?? settings.data;
  const initial = useMemo(() => (current ? toForm(current) : undefined), [current]);
  useEffect(() => {
    if (saved) form.resetFields();
  }, [saved, form]);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const values = form.getFieldsValue(true) as FormValues;
    setSaving(true);
    setError(null);
    try {
      setSaved(await releaseSettingsApi.save(fromForm(values)));
      void message.success(t('releaseSettings.saved'));
    } catch (e: unknown) {
      setError(
        showProblems(form, e, t, (path) => {
          const [first, channel, field] = path;
          if ((first === 'siteTitle' || first === 'publicBaseUrl') && path.length === 1)
            return [first];
          if (first !== 'adapters' || !channel || !(EDITABLE as string[]).includes(channel))
            return null;
          const ch = channel as Editable;
          const kind = values.adapters[ch]?.kind ?? 'manual';
          if (kind !== 'manual' && field && FIELDS[kind].some((f) => f.name === field))
            return ['adapters', ch, kind, field];
          return ['adapters', ch, 'kind'];
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('releaseSettings.title')}
      data-testid="release-settings"
      extra={
        <Space size="middle">
          <a href="/releases" target="_blank" rel="noreferrer" data-testid="release-public-link">
            <LinkOutlined /> {t('releaseSettings.publicPage')}
          </a>
          <a href="/releases/feed.xml" target="_blank" rel="noreferrer">
            {t('releaseSettings.feed')}
          </a>
        </Space>
      }
    >
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}
      {!initial && settings.loading ? <Loading /> : null}
      {initial ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={() => void save()}
        >
          <Typography.Paragraph type="secondary">{t('releaseSettings.intro')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                name="siteTitle"
                label={t('releaseSettings.siteTitle')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required') },
                  { max: 100 },
                ]}
              >
                <Input maxLength={100} data-testid="release-site-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                name="publicBaseUrl"
                label={t('releaseSettings.publicBaseUrl')}
                extra={t('releaseSettings.publicBaseUrlHelp')}
                rules={[
                  {
                    pattern: /^https?:\/\/\S+$/i,
                    message: t('releaseSettings.httpUrl'),
                  },
                ]}
              >
                <Input
                  placeholder="https://yuqing.example.gov.cn"
                  autoComplete="off"
                  data-testid="release-public-base-url"
                />
              </Form.Item>
            </Col>
          </Row>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {EDITABLE.map((ch) => (
              <ChannelEditor key={ch} channel={ch} form={form} />
            ))}
            <Card
              type="inner"
              size="small"
              title={t('releaseSettings.inRoom')}
              data-testid="release-manual-only"
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                {MANUAL_ONLY.map((ch) => (
                  <Space key={ch} wrap data-testid={`release-channel-${ch}`}>
                    <Typography.Text strong>{t(`releaseSettings.channel.${ch}`)}</Typography.Text>
                    <Tag data-testid={`release-kind-${ch}`} data-kind="manual">
                      {t('releaseSettings.kind.manual')}
                    </Tag>
                  </Space>
                ))}
                <Typography.Text type="secondary">
                  {t('releaseSettings.inRoomHelp')}
                </Typography.Text>
              </Space>
            </Card>
          </Space>
          <FormError error={error} testId="release-settings-error" />
          <Button
            type="primary"
            htmlType="submit"
            loading={saving}
            style={{ marginTop: 16 }}
            data-testid="release-settings-save"
          >
            {t('common.save')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function ChannelEditor({ channel, form }: { channel: Editable; form: FormInstance<FormValues> }) {
  const { t } = useI18n();
  const kind: AdapterKind = Form.useWatch(['adapters', channel, 'kind'], form) ?? 'manual';

  return (
    <Card
      type="inner"
      size="small"
      title={t(`releaseSettings.channel.${channel}`)}
      data-testid={`release-channel-${channel}`}
      data-kind={kind}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['adapters', channel, 'kind']} label={t('releaseSettings.kind')}>
            <Select
              data-testid={`release-kind-${channel}`}
              options={KINDS.map((k) => ({ value: k, label: t(`releaseSettings.kind.${k}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" data-testid={`release-kind-help-${channel}`}>
        {t(`releaseSettings.kindHelp.${kind}`)}
      </Typography.Paragraph>
      {kind === 'manual' ? null : (
        <Row gutter={16}>
          {FIELDS[kind].map((f) => (
            <Col key={`${kind}-${f.name}`} xs={24} md={f.wide ? 24 : 12}>
              <AdapterField channel={channel} kind={kind} spec={f} form={form} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

function AdapterField({
  channel,
  kind,
  spec: f,
  form,
}: {
  channel: Editable;
  kind: Sent;
  spec: FieldSpec;
  form: FormInstance<FormValues>;
}) {
  const { t } = useI18n();
  const name = ['adapters', channel, kind, f.name];
  const value: unknown = Form.useWatch(name, form);
  const masked = typeof value === 'string' && value.includes(REDACTED);
  const testId = `release-${channel}-${f.name}`;
  const help = masked
    ? t(f.secret ? 'releaseSettings.maskedHelp' : 'releaseSettings.maskedUrlHelp')
    : f.name === 'apiBase'
      ? t('releaseSettings.help.apiBase', { url: DEFAULT_API_BASE[kind] ?? '' })
      : HELP[f.name]
        ? t(HELP[f.name]!)
        : undefined;

  const rules: FormRule[] = [];
  if (f.required) rules.push({ required: true, whitespace: true, message: t('common.required') });
  if (f.url) rules.push({ pattern: /^https?:\/\/\S+$/i, message: t('releaseSettings.httpUrl') });
  if (kind === 'webhook' && f.name === 'secret') {
    rules.push({
      validator: (_r: unknown, v: unknown) =>
        typeof v === 'string' &&
        v !== REDACTED &&
        v.trim().length > 0 &&
        v.trim().length < MIN_WEBHOOK_SECRET
          ? Promise.reject(new Error(t('releaseSettings.secretShort', { n: MIN_WEBHOOK_SECRET })))
          : Promise.resolve(),
    });
  }
  if (f.name === 'author') rules.push({ max: MAX_AUTHOR });

  let input;
  if (f.number) {
    input = <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid={testId} />;
  } else if (f.secret) {
    input = <Input.Password autoComplete="new-password" data-testid={testId} />;
  } else {
    input = (
      <Input
        autoComplete="off"
        maxLength={f.name === 'author' ? MAX_AUTHOR : undefined}
        placeholder={
          f.name === 'url'
            ? 'https://cms.example.gov.cn/hooks/yuqing'
            : f.name === 'baseUrl'
              ? 'https://www.example.gov.cn'
              : undefined
        }
        data-testid={testId}
      />
    );
  }
  return (
    <Form.Item name={name} label={t(fieldKey(f.name))} extra={help} rules={rules}>
      {input}
    </Form.Item>
  );
}
