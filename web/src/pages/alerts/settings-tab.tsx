// 时限与升级: how long each severity has to be acknowledged (each escalation step gets as long
// again), how much an alert must grow before people are told again, the escalation chain in
// order, and when the coverage check calls an alert open too long. Admin and the office change
// them (alerts already fired keep the chain they fired with); everyone else reads.
import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Popconfirm,
  Row,
  Space,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  alertsApi,
  type AlertSettingsView,
  type AlertSeverity,
  type ChainRole,
} from '../../api/alerts.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DEFAULT_ALERT_SETTINGS } from '../../../../src/domain/alert-rules.ts';
import { CHAIN_ROLES, roleLabel, SEVERITIES } from './alert-tags.tsx';
import { showProblems } from './form-problems.ts';

/** The chain in order: move a role up or down, take it out, put a missing one back. */
function ChainEditor({
  value = [],
  onChange,
  disabled,
}: {
  value?: ChainRole[];
  onChange?: (v: ChainRole[]) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const set = (v: ChainRole[]) => onChange?.(v);
  const move = (i: number, by: number) => {
    const next = [...value];
    const [role] = next.splice(i, 1);
    if (role) next.splice(i + by, 0, role);
    set(next);
  };
  const missing = CHAIN_ROLES.filter((r) => !value.includes(r));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="settings-chain">
      <ol className="alert-chain-list">
        {value.map((role, i) => (
          <li key={role} data-testid="chain-role" data-role={role}>
            <Space>
              <Typography.Text type="secondary">{i + 1}.</Typography.Text>
              <Typography.Text>{roleLabel(t, role)}</Typography.Text>
            </Space>
            {disabled ? null : (
              <Space size={0}>
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  aria-label={t('alerts.settings.up')}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === value.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={t('alerts.settings.down')}
                />
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<CloseOutlined />}
                  disabled={value.length <= 1}
                  onClick={() => set(value.filter((r) => r !== role))}
                  aria-label={t('alerts.settings.remove')}
                />
              </Space>
            )}
          </li>
        ))}
      </ol>
      {!disabled && missing.length ? (
        <Space wrap>
          {missing.map((r) => (
            <Button key={r} size="small" icon={<PlusOutlined />} onClick={() => set([...value, r])}>
              {roleLabel(t, r)}
            </Button>
          ))}
        </Space>
      ) : null}
    </Space>
  );
}

function SettingCard({
  title,
  help,
  children,
}: {
  title: string;
  help: string;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>
      {children}
    </Card>
  );
}

/** One number per severity (major first), each with its built-in default beside it. */
function PerSeverity({
  field,
  defaultOf,
  input,
}: {
  field: 'ackMinutes' | 'growthFactor';
  defaultOf: (s: AlertSeverity) => string;
  input: (s: AlertSeverity) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Row gutter={12}>
      {[...SEVERITIES].reverse().map((s) => (
        <Col xs={24} sm={8} key={s}>
          <Form.Item
            label={t(`alerts.severity.${s}`)}
            name={[field, s]}
            extra={t('alerts.settings.default', { v: defaultOf(s) })}
            rules={[{ required: true, message: t('common.required') }]}
          >
            {input(s)}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

export function SettingsTab({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AlertSettingsView>();
  const load = useCallback((signal: AbortSignal) => alertsApi.settings(signal), []);
  const settings = useApi(load);
  const [saving, setSaving] = useState<'save' | 'reset' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = DEFAULT_ALERT_SETTINGS;

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const put = async (value: AlertSettingsView | null) => {
    setSaving(value ? 'save' : 'reset');
    setError(null);
    try {
      const saved = await alertsApi.putSettings(value);
      form.setFieldsValue(saved);
      void message.success(t(value ? 'alerts.settings.saved' : 'alerts.settings.resetDone'));
      settings.reload();
    } catch (e: unknown) {
      setError(
        showProblems(form, e, t, (path) =>
          path[0] === 'ackMinutes' || path[0] === 'growthFactor'
            ? path.slice(0, 2)
            : path[0] === 'chain' || path[0] === 'openTooLongHours'
              ? [path[0]]
              : null,
        ),
      );
    } finally {
      setSaving(null);
    }
  };

  const save = async () => {
    let v: AlertSettingsView;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    await put(v);
  };

  if (!settings.data)
    return settings.error ? (
      <LoadError error={settings.error} onRetry={settings.reload} />
    ) : (
      <Loading />
    );

  return (
    <Form<AlertSettingsView>
      form={form}
      layout="vertical"
      initialValues={settings.data}
      disabled={!canManage}
      data-testid="alert-settings-form"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {error ? <Alert type="error" showIcon title={error} data-testid="settings-error" /> : null}
        {!canManage ? <Alert type="info" showIcon title={t('alerts.settings.readOnly')} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <SettingCard title={t('alerts.settings.ackTitle')} help={t('alerts.settings.ackHelp')}>
              <PerSeverity
                field="ackMinutes"
                defaultOf={(s) => String(d.ackMinutes[s])}
                input={(s) => (
                  <InputNumber
                    min={1}
                    max={s === 'normal' ? 10_080 : 1440}
                    precision={0}
                    suffix={t('alerts.settings.minutes')}
                    style={{ width: '100%' }}
                    data-testid={`settings-ack-${s}`}
                  />
                )}
              />
            </SettingCard>
          </Col>
          <Col xs={24} lg={12}>
            <SettingCard
              title={t('alerts.settings.growthTitle')}
              help={t('alerts.settings.growthHelp')}
            >
              <PerSeverity
                field="growthFactor"
                defaultOf={(s) => `×${d.growthFactor[s]}`}
                input={(s) => (
                  <InputNumber
                    min={1.1}
                    max={100}
                    step={0.1}
                    precision={1}
                    prefix="×"
                    style={{ width: '100%' }}
                    data-testid={`settings-growth-${s}`}
                  />
                )}
              />
            </SettingCard>
          </Col>
          <Col xs={24} lg={12}>
            <SettingCard
              title={t('alerts.settings.chainTitle')}
              help={t('alerts.settings.chainHelp')}
            >
              <Form.Item
                name="chain"
                rules={[
                  {
                    validator: (_r, v: unknown) =>
                      Array.isArray(v) && v.length > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('alerts.settings.chainEmpty'))),
                  },
                ]}
              >
                <ChainEditor disabled={!canManage} />
              </Form.Item>
            </SettingCard>
          </Col>
          <Col xs={24} lg={12}>
            <SettingCard
              title={t('alerts.settings.coverageTitle')}
              help={t('alerts.settings.coverageHelp')}
            >
              <Form.Item
                label={t('alerts.settings.openTooLong')}
                name="openTooLongHours"
                extra={t('alerts.settings.default', { v: d.openTooLongHours })}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber
                  min={1}
                  max={720}
                  precision={0}
                  suffix={t('alerts.settings.hours')}
                  style={{ width: 200 }}
                  data-testid="settings-open-too-long"
                />
              </Form.Item>
            </SettingCard>
          </Col>
        </Row>
        {canManage ? (
          <Space>
            <Button
              type="primary"
              loading={saving === 'save'}
              onClick={() => void save()}
              data-testid="settings-save"
            >
              {t('common.save')}
            </Button>
            <Popconfirm
              title={t('alerts.settings.resetConfirm')}
              okText={t('alerts.settings.reset')}
              cancelText={t('common.cancel')}
              onConfirm={() => void put(null)}
            >
              <Button loading={saving === 'reset'} data-testid="settings-reset">
                {t('alerts.settings.reset')}
              </Button>
            </Popconfirm>
            <Typography.Text type="secondary">{t('alerts.settings.firedKeep')}</Typography.Text>
          </Space>
        ) : null}
      </Space>
    </Form>
  );
}
