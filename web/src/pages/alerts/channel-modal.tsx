// Dialog that adds or edits a notification channel: its name, the least severity it carries,
// on/off, and what the kind needs to reach its receivers — email (SMTP), a signed webhook,
// WeCom, DingTalk or Feishu group bots, or an SMS gateway. A saved channel's secrets come back
// masked (••••); sent back unchanged they keep the stored value. The server checks everything
// and its problems land on the field they name.
import { KeyOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  alertsApi,
  REDACTED,
  type AlertSeverity,
  type ChannelConfig,
  type ChannelKind,
  type ChannelView,
} from '../../api/alerts.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';
import { SEVERITIES } from './alert-tags.tsx';
import { showProblems } from './form-problems.ts';

export const CHANNEL_KINDS: readonly ChannelKind[] = [
  'email',
  'webhook',
  'wecom',
  'dingtalk',
  'feishu',
  'sms',
];

/** The SMS text when none is set (src/notify/channel-config.ts). */
const DEFAULT_SMS_TEMPLATE = '【舆情预警】{severity}：{title} {url}';
const MIN_WEBHOOK_SECRET = 16;

interface ConfigForm {
  host?: string;
  port?: number | null;
  secure?: boolean;
  user?: string;
  pass?: string;
  from?: string;
  url?: string;
  secret?: string;
  token?: string;
  template?: string;
}

interface ChannelForm {
  name: string;
  kind: ChannelKind;
  min_severity: AlertSeverity;
  enabled: boolean;
  config: ConfigForm;
}

type Field = keyof ConfigForm;
/** The fields of each kind, in the order they are asked. */
const KIND_FIELDS: Record<ChannelKind, readonly Field[]> = {
  email: ['host', 'port', 'secure', 'user', 'pass', 'from'],
  webhook: ['url', 'secret'],
  wecom: ['url'],
  dingtalk: ['url', 'secret'],
  feishu: ['url', 'secret'],
  sms: ['url', 'token', 'template'],
};
const SECRET_FIELDS: readonly Field[] = ['pass', 'secret', 'token'];

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function initialValues(channel: ChannelView | null): ChannelForm {
  if (!channel)
    return {
      name: '',
      kind: 'webhook',
      min_severity: 'normal',
      enabled: true,
      config: { port: 465, secure: true, template: DEFAULT_SMS_TEMPLATE },
    };
  const c = channel.config;
  return {
    name: channel.name,
    kind: channel.kind,
    min_severity: channel.min_severity,
    enabled: channel.enabled,
    config: {
      host: text(c.host),
      port: typeof c.port === 'number' ? c.port : null,
      secure: c.secure === true,
      user: text(c.user),
      pass: text(c.pass),
      from: text(c.from),
      url: text(c.url),
      secret: text(c.secret),
      token: text(c.token),
      template: text(c.template) ?? DEFAULT_SMS_TEMPLATE,
    },
  };
}

/** The config as the API takes it: the kind's fields only, optional ones left out when empty. */
function configOf(kind: ChannelKind, c: ConfigForm): ChannelConfig {
  const s = (v: string | undefined) => v?.trim() ?? '';
  const opt = (v: string | undefined) => (s(v) ? s(v) : undefined);
  switch (kind) {
    case 'email':
      return {
        kind,
        host: s(c.host),
        port: c.port ?? 0,
        secure: c.secure === true,
        ...(opt(c.user) ? { user: opt(c.user) } : {}),
        ...(opt(c.pass) ? { pass: opt(c.pass) } : {}),
        from: s(c.from),
      };
    case 'webhook':
      return { kind, url: s(c.url), secret: s(c.secret) };
    case 'wecom':
      return { kind, url: s(c.url) };
    case 'dingtalk':
    case 'feishu':
      return { kind, url: s(c.url), ...(opt(c.secret) ? { secret: opt(c.secret) } : {}) };
    case 'sms':
      return {
        kind,
        url: s(c.url),
        ...(opt(c.token) ? { token: opt(c.token) } : {}),
        template: s(c.template) || DEFAULT_SMS_TEMPLATE,
      };
  }
}

/** A random webhook secret (32 letters and digits) from the browser's crypto. */
function randomSecret(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function ChannelModal({
  channel,
  onClose,
}: {
  /** The channel to edit; null adds one. */
  channel: ChannelView | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelForm>();
  const kind = Form.useWatch('kind', form) ?? channel?.kind ?? 'webhook';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial = initialValues(channel);
  const fields = KIND_FIELDS[kind];
  const masked = (f: Field) =>
    channel !== null && (text(channel.config[f]) ?? '').includes(REDACTED);

  const save = async () => {
    let v: ChannelForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const config = configOf(v.kind, { ...initial.config, ...v.config });
    try {
      const body = { name: v.name.trim(), min_severity: v.min_severity, enabled: v.enabled };
      const saved = channel
        ? await alertsApi.updateChannel(channel.id, { ...body, config })
        : await alertsApi.createChannel({ ...body, config });
      void message.success(
        t(channel ? 'alerts.channels.saved' : 'alerts.channels.added', { name: saved.name }),
      );
      onClose(true);
    } catch (e: unknown) {
      setError(
        showProblems(form, e, t, ([first, second]) =>
          first === 'config' && second && fields.includes(second as Field)
            ? ['config', second]
            : first === 'name' || first === 'min_severity'
              ? [first]
              : null,
        ),
      );
    } finally {
      setSaving(false);
    }
  };

  const label = (f: Field) => t(`alerts.channels.field.${f}` as MessageKey);
  const secretHelp = (f: Field) => (masked(f) ? t('alerts.channels.maskedHelp') : undefined);

  const input = (f: Field) => {
    const help = secretHelp(f) ?? (f === 'url' ? t(`alerts.channels.urlHelp.${kind}`) : undefined);
    switch (f) {
      case 'port':
        return (
          <Form.Item
            name={['config', 'port']}
            label={label(f)}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber
              min={1}
              max={65535}
              precision={0}
              style={{ width: '100%' }}
              data-testid="channel-port"
            />
          </Form.Item>
        );
      case 'secure':
        return (
          <Form.Item
            name={['config', 'secure']}
            label={label(f)}
            valuePropName="checked"
            tooltip={t('alerts.channels.secureHelp')}
          >
            <Switch data-testid="channel-secure" />
          </Form.Item>
        );
      case 'template':
        return (
          <Form.Item
            name={['config', 'template']}
            label={label(f)}
            extra={t('alerts.channels.templateHelp')}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 4 }}
              maxLength={500}
              data-testid="channel-template"
            />
          </Form.Item>
        );
      case 'pass':
      case 'secret':
      case 'token': {
        const required = kind === 'webhook' && f === 'secret';
        const rules = required
          ? [
              { required: true, message: t('common.required') },
              {
                validator: (_r: unknown, v: unknown) =>
                  typeof v === 'string' &&
                  v !== REDACTED &&
                  v.trim().length > 0 &&
                  v.trim().length < MIN_WEBHOOK_SECRET
                    ? Promise.reject(
                        new Error(t('alerts.channels.secretShort', { n: MIN_WEBHOOK_SECRET })),
                      )
                    : Promise.resolve(),
              },
            ]
          : [];
        const field = <Input.Password autoComplete="new-password" data-testid={`channel-${f}`} />;
        const extra =
          help ??
          (required ? t('alerts.channels.secretHelp') : t('alerts.channels.optionalSecret'));
        if (!required)
          return (
            <Form.Item name={['config', f]} label={label(f)} extra={extra}>
              {field}
            </Form.Item>
          );
        return (
          <Form.Item label={label(f)} extra={extra} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name={['config', f]} noStyle rules={rules}>
                {field}
              </Form.Item>
              <Button
                icon={<KeyOutlined />}
                onClick={() => {
                  form.setFieldValue(['config', 'secret'], randomSecret());
                  void form.validateFields([['config', 'secret']]).catch(() => undefined);
                }}
                data-testid="channel-secret-generate"
              >
                {t('alerts.channels.generate')}
              </Button>
            </Space.Compact>
          </Form.Item>
        );
      }
      case 'host':
      case 'user':
      case 'from':
      case 'url': {
        const required = f !== 'user';
        return (
          <Form.Item
            name={['config', f]}
            label={label(f)}
            extra={f === 'from' ? t('alerts.channels.fromHelp') : help}
            rules={
              required ? [{ required: true, whitespace: true, message: t('common.required') }] : []
            }
          >
            <Input
              data-testid={`channel-${f}`}
              autoComplete="off"
              placeholder={f === 'url' ? t(`alerts.channels.urlPlaceholder.${kind}`) : undefined}
            />
          </Form.Item>
        );
      }
    }
  };

  return (
    <Modal
      open
      width={720}
      title={
        channel ? t('alerts.channels.editTitle', { name: channel.name }) : t('alerts.channels.add')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'channel-save' }}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
      destroyOnHidden
      data-testid="channel-modal"
    >
      <FormError error={error} testId="channel-error" />
      <Form<ChannelForm> form={form} layout="vertical" initialValues={initial}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('alerts.channels.name')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { max: 100 },
              ]}
            >
              <Input maxLength={100} data-testid="channel-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="kind"
              label={t('alerts.channels.kind')}
              extra={channel ? t('alerts.channels.kindFixed') : undefined}
            >
              <Select
                disabled={channel !== null}
                options={CHANNEL_KINDS.map((k) => ({
                  value: k,
                  label: t(`alerts.channel.kind.${k}`),
                }))}
                data-testid="channel-kind"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="min_severity"
              label={t('alerts.channels.minSeverity')}
              tooltip={t('alerts.channels.minSeverityHelp')}
            >
              <Select
                options={SEVERITIES.map((s) => ({
                  value: s,
                  label: t(`alerts.channels.atLeast.${s}`),
                }))}
                data-testid="channel-min-severity"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="enabled" label={t('alerts.channels.enabled')} valuePropName="checked">
              <Switch data-testid="channel-enabled" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">
          {t(`alerts.channels.kindHelp.${kind}`)}
        </Typography.Paragraph>
        <Row gutter={16}>
          {fields.map((f) => (
            <Col
              key={`${kind}-${f}`}
              xs={24}
              md={f === 'url' || f === 'template' || f === 'secret' ? 24 : 12}
            >
              {input(f)}
            </Col>
          ))}
        </Row>
        {SECRET_FIELDS.some((f) => fields.includes(f) && masked(f)) ||
        (fields.includes('url') && masked('url')) ? (
          <Space>
            <Typography.Text type="secondary">{t('alerts.channels.maskedNote')}</Typography.Text>
          </Space>
        ) : null}
      </Form>
    </Modal>
  );
}
