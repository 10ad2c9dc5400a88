// Dialog that adds or edits a polled source: a feed (RSS/Atom) or a web page list with its
// CSS selectors. The server checks everything (key format, http(s) address, cron schedule,
// a taken key) and its problems appear at the field they name, in the UI language.
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { NewSource, Source, SourceTestResult, Unit } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, unitName } from '../../lib/format.ts';
import { scheduleMessage, serverMessage, showFieldErrors } from '../../lib/form-errors.ts';

const SELECTORS = [
  'itemSelector',
  'titleSelector',
  'contentSelector',
  'authorSelector',
  'timeSelector',
] as const;
type SelectorName = (typeof SELECTORS)[number];

interface SourceConfigForm {
  itemSelector?: string;
  titleSelector?: string;
  contentSelector?: string;
  authorSelector?: string;
  timeSelector?: string;
  maxItems?: number | null;
}

interface SourceForm {
  key: string;
  name: string;
  type: 'feed' | 'web';
  address: string;
  schedule?: string;
  unit_id: string;
  enabled: boolean;
  config?: SourceConfigForm;
}

const FIELDS = ['key', 'name', 'type', 'address', 'schedule', 'unit_id', 'enabled'] as const;
const CONFIG_FIELDS = [...SELECTORS, 'maxItems'] as const;
type ConfigField = (typeof CONFIG_FIELDS)[number];
const isConfigField = (x: string | undefined): x is ConfigField =>
  CONFIG_FIELDS.some((f) => f === x);

/** The connector fetches at most this many new articles a poll (src/ingest/web-connector.ts). */
const MAX_ITEMS = 100;

function trimmed(v: string | undefined): string | undefined {
  const x = v?.trim();
  return x ? x : undefined;
}

function configOf(v: SourceForm): NonNullable<NewSource['config']> {
  if (v.type !== 'web') return {};
  const c = v.config ?? {};
  const out: NonNullable<NewSource['config']> = {};
  for (const name of SELECTORS) {
    const value = trimmed(c[name]);
    if (value) out[name] = value;
  }
  if (typeof c.maxItems === 'number') out.maxItems = c.maxItems;
  return out;
}

function initialValues(source: Source | null, defaultUnitId: string): Partial<SourceForm> {
  if (!source) return { type: 'feed', unit_id: defaultUnitId, enabled: true };
  const c = source.config;
  const str = (k: string) => (typeof c[k] === 'string' ? c[k] : undefined);
  return {
    key: source.key,
    name: source.name,
    type: source.type === 'web' ? 'web' : 'feed',
    address: source.address ?? '',
    schedule: source.schedule ?? '',
    unit_id: source.unit_id,
    enabled: source.enabled,
    config: {
      itemSelector: str('itemSelector'),
      titleSelector: str('titleSelector'),
      contentSelector: str('contentSelector'),
      authorSelector: str('authorSelector'),
      timeSelector: str('timeSelector'),
      maxItems: typeof c.maxItems === 'number' ? c.maxItems : null,
    },
  };
}

export function SourceModal({
  source,
  units,
  defaultUnitId,
  onClose,
}: {
  /** The source to edit; null adds a new one. */
  source: Source | null;
  units: Unit[];
  defaultUnitId: string;
  onClose: (saved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SourceForm>();
  const type = Form.useWatch('type', form) ?? (source?.type === 'web' ? 'web' : 'feed');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [tried, setTried] = useState<SourceTestResult | null>(null);

  const word = (field: string, m: string) =>
    field === 'schedule' ? scheduleMessage(t, m) : serverMessage(t, m);

  /** The form as the API takes it, or null when a field is not filled in right. */
  const bodyOf = async (): Promise<NewSource | null> => {
    let v: SourceForm;
    try {
      v = await form.validateFields();
    } catch {
      return null;
    }
    const schedule = trimmed(v.schedule);
    return {
      key: v.key.trim(),
      name: v.name.trim(),
      type: v.type,
      address: v.address.trim(),
      unit_id: v.unit_id,
      config: configOf(v),
      ...(schedule ? { schedule } : {}),
      ...(source ? {} : { enabled: v.enabled }),
    };
  };

  /** Fetches once with the current settings and shows what would arrive; stores nothing. */
  const tryIt = async () => {
    const body = await bodyOf();
    if (!body) return;
    setTesting(true);
    setTried(null);
    setError(null);
    try {
      setTried(await api.testSource(body));
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    const body = await bodyOf();
    if (!body) return;
    setSaving(true);
    setError(null);
    try {
      const saved = source ? await api.updateSource(source.id, body) : await api.createSource(body);
      void message.success(t(source ? 'sources.saved' : 'sources.added', { name: saved.name }));
      onClose(true);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, word);
      // Problems in the selectors (body.config.itemSelector) belong to their own fields.
      const rest = unmatched.filter((p) => {
        const field = /^body\.config\.(\w+)/.exec(p.path)?.[1];
        if (!isConfigField(field)) return true;
        form.setFields([{ name: ['config', field], errors: [serverMessage(t, p.message)] }]);
        return false;
      });
      const atFields = shown + (unmatched.length - rest.length);
      if (atFields === 0) setError(describeError(e, t));
      else if (rest.length > 0) setError(rest.map((p) => `${p.path}: ${p.message}`).join('; '));
    } finally {
      setSaving(false);
    }
  };

  const selectorItem = (name: SelectorName, required: boolean) => (
    <Form.Item
      key={name}
      label={t(`sourceForm.${name}`)}
      name={['config', name]}
      extra={t(`sourceForm.${name}Help`)}
      rules={
        required
          ? [{ required: true, whitespace: true, message: t('common.required') }, { max: 500 }]
          : [{ max: 500 }]
      }
    >
      <Input spellCheck={false} className="code-input" data-testid={`source-${name}`} />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={640}
      title={source ? t('sources.editTitle', { name: source.name }) : t('sources.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={() => onClose(false)}
      footer={[
        <Button key="test" loading={testing} onClick={() => void tryIt()} data-testid="source-test">
          {t('sources.test')}
        </Button>,
        <Button key="cancel" onClick={() => onClose(false)}>
          {t('common.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={() => void save()}>
          {t('common.save')}
        </Button>,
      ]}
    >
      <FormError error={error} testId="source-form-error" />
      {tried ? (
        <Alert
          type={tried.error ? 'error' : tried.items.length ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="source-test-result"
          title={
            tried.error
              ? t('sources.testFailed', { error: tried.error })
              : t('sources.testItems', { count: String(tried.items.length) })
          }
          description={
            tried.items.length || tried.errors.length ? (
              <ul className="test-preview">
                {tried.items.slice(0, 5).map((item, i) => (
                  <li key={item.id ?? i}>{(item.title ?? item.text).slice(0, 80)}</li>
                ))}
                {tried.errors.slice(0, 3).map((message, i) => (
                  <li key={`e${i}`}>
                    <Typography.Text type="danger">{message}</Typography.Text>
                  </li>
                ))}
              </ul>
            ) : null
          }
        />
      ) : null}
      <Form<SourceForm>
        form={form}
        layout="vertical"
        initialValues={initialValues(source, defaultUnitId)}
        data-testid="source-form"
      >
        <Form.Item
          label={t('sourceForm.type')}
          name="type"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={[
              { value: 'feed', label: t('sourceForm.typeFeed') },
              { value: 'web', label: t('sourceForm.typeWeb') },
            ]}
            data-testid="source-type"
          />
        </Form.Item>
        <Form.Item
          label={t('sourceForm.name')}
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 100 },
          ]}
        >
          <Input data-testid="source-name-input" />
        </Form.Item>
        <Form.Item
          label={t('sourceForm.key')}
          name="key"
          extra={t('sourceForm.keyHelp')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input spellCheck={false} autoCapitalize="off" data-testid="source-key" />
        </Form.Item>
        <Form.Item
          label={t('sourceForm.address')}
          name="address"
          extra={t(type === 'web' ? 'sourceForm.addressHelpWeb' : 'sourceForm.addressHelpFeed')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input
            type="url"
            inputMode="url"
            spellCheck={false}
            placeholder="https://"
            data-testid="source-address"
          />
        </Form.Item>
        <Form.Item
          label={t('sourceForm.schedule')}
          name="schedule"
          extra={t('sourceForm.scheduleHelp')}
        >
          <Input
            spellCheck={false}
            placeholder="*/10 * * * *"
            className="code-input"
            data-testid="source-schedule"
          />
        </Form.Item>
        <Form.Item
          label={t('sourceForm.unit')}
          name="unit_id"
          extra={t('sourceForm.unitHelp')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={units.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="source-unit"
          />
        </Form.Item>
        {source ? null : (
          <Form.Item label={t('sourceForm.enabled')} name="enabled" valuePropName="checked">
            <Switch data-testid="source-enabled-input" />
          </Form.Item>
        )}
        {type === 'web' ? (
          <fieldset className="form-fieldset" data-testid="source-selectors">
            <legend>{t('sourceForm.selectors')}</legend>
            <Typography.Paragraph type="secondary">
              {t('sourceForm.selectorsHelp')}
            </Typography.Paragraph>
            {SELECTORS.map((name) => selectorItem(name, name === 'itemSelector'))}
            <Form.Item
              label={t('sourceForm.maxItems')}
              name={['config', 'maxItems']}
              extra={t('sourceForm.maxItemsHelp')}
            >
              <InputNumber
                min={1}
                max={MAX_ITEMS}
                precision={0}
                placeholder="20"
                data-testid="source-maxItems"
              />
            </Form.Item>
          </fieldset>
        ) : null}
      </Form>
    </Modal>
  );
}
