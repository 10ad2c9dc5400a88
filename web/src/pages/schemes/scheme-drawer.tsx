// The editor of one scheme: name, description, unit, on/off, the default alert settings, and the
// query with live highlighting, its errors and a test run against the stored history. Saving
// sends the whole form (POST for a new scheme, PATCH for a saved one); a syntax error the server
// finds is shown at its position in the query like the editor's own. Someone who may not change
// the scheme sees the same drawer read-only (the test run still works).
import {
  Alert,
  App,
  Button,
  Checkbox,
  ConfigProvider,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { api, schemeSyntaxProblems } from '../../api/client.ts';
import type { AlertSeverity, Scheme, SchemeBody, Unit } from '../../api/types.ts';
import { EditorActions } from '../../components/editor-actions.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatTime, unitName } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { QueryEditor, queryProblems, type ServerQueryProblems } from './query-editor.tsx';
import { QueryHelp } from './query-help.tsx';
import { TestPanel } from './test-panel.tsx';

export const SEVERITIES: readonly AlertSeverity[] = ['low', 'medium', 'high', 'major'];

interface SchemeForm {
  name: string;
  description?: string;
  unit_id: string;
  enabled: boolean;
  query: string;
  alertOn: boolean;
  severity: AlertSeverity;
  min_volume: number;
  negative_only: boolean;
}

const FIELDS = ['name', 'description', 'unit_id', 'enabled', 'query'] as const;

function initialValues(scheme: Scheme | null, defaultUnitId: string): SchemeForm {
  return {
    name: scheme?.name ?? '',
    description: scheme?.description ?? '',
    unit_id: scheme?.unit_id ?? defaultUnitId,
    enabled: scheme?.enabled ?? true,
    query: scheme?.query ?? '',
    alertOn: scheme ? scheme.alert !== null : false,
    severity: scheme?.alert?.severity ?? 'medium',
    min_volume: scheme?.alert?.min_volume ?? 10,
    negative_only: scheme?.alert?.negative_only ?? true,
  };
}

function bodyOf(v: SchemeForm): SchemeBody {
  const description = v.description?.trim();
  return {
    name: v.name.trim(),
    query: v.query.trim(),
    description: description ? description : null,
    unit_id: v.unit_id,
    enabled: v.enabled,
    alert: v.alertOn
      ? { severity: v.severity, min_volume: v.min_volume, negative_only: v.negative_only }
      : null,
  };
}

export function SchemeDrawer({
  scheme,
  units,
  defaultUnitId,
  canEdit,
  onClose,
}: {
  /** The scheme to edit or view; null adds a new one. */
  scheme: Scheme | null;
  units: Unit[];
  defaultUnitId: string;
  canEdit: boolean;
  onClose: (changed: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SchemeForm>();
  const query = Form.useWatch('query', form) ?? scheme?.query ?? '';
  const alertOn = Form.useWatch('alertOn', form) ?? (scheme ? scheme.alert !== null : false);
  const [server, setServer] = useState<ServerQueryProblems | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archived = scheme?.archived_at != null;
  const editable = canEdit && !archived;

  const onServerProblems = useCallback((p: ServerQueryProblems | null) => setServer(p), []);

  const save = async () => {
    let v: SchemeForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const body = bodyOf(v);
    try {
      const saved = scheme ? await api.updateScheme(scheme.id, body) : await api.createScheme(body);
      void message.success(t(scheme ? 'schemes.saved' : 'schemes.added', { name: saved.name }));
      onClose(true);
    } catch (e: unknown) {
      const problems = schemeSyntaxProblems(e);
      if (problems.length) {
        setServer({ query: body.query, problems });
        form.setFields([{ name: 'query', errors: [t('schemes.queryInvalid')] }]);
        return;
      }
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, (_f, m) => serverMessage(t, m));
      if (shown === 0) setError(describeError(e, t));
      else if (unmatched.length)
        setError(unmatched.map((p) => `${p.path}: ${serverMessage(t, p.message)}`).join('; '));
    } finally {
      setSaving(false);
    }
  };

  const archive = async () => {
    if (!scheme) return;
    try {
      await api.archiveScheme(scheme.id);
      void message.success(t('schemes.archivedDone', { name: scheme.name }));
      onClose(true);
    } catch (e: unknown) {
      setError(describeError(e, t));
    }
  };

  const title = !scheme
    ? t('schemes.add')
    : editable
      ? t('schemes.editTitle', { name: scheme.name })
      : t('schemes.viewTitle', { name: scheme.name });

  return (
    <Drawer
      open
      size={960}
      title={title}
      onClose={() => onClose(false)}
      data-testid="scheme-drawer"
      destroyOnHidden
      extra={
        <EditorActions
          editable={editable}
          saving={saving}
          onSave={() => void save()}
          onClose={() => onClose(false)}
          saveTestId="scheme-save"
        >
          {scheme && editable ? (
            <Popconfirm
              title={t('schemes.archiveConfirm', { name: scheme.name })}
              okText={t('schemes.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void archive()}
            >
              <Button danger data-testid="scheme-archive">
                {t('schemes.archive')}
              </Button>
            </Popconfirm>
          ) : null}
        </EditorActions>
      }
    >
      <FormError error={error} testId="scheme-form-error" />
      {archived && scheme ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('schemes.archivedNote', { at: formatTime(scheme.archived_at, lang) })}
        />
      ) : null}
      {scheme && !canEdit && !archived ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('schemes.readOnly')} />
      ) : null}
      <Form<SchemeForm>
        form={form}
        layout="vertical"
        initialValues={initialValues(scheme, defaultUnitId)}
        disabled={!editable}
        data-testid="scheme-form"
      >
        <Space align="start" wrap size="large" style={{ width: '100%' }}>
          <Form.Item
            label={t('schemes.name')}
            name="name"
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 100 },
            ]}
            style={{ width: 320 }}
          >
            <Input maxLength={100} data-testid="scheme-name" />
          </Form.Item>
          <Form.Item label={t('schemes.unit')} name="unit_id" style={{ width: 280 }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
              data-testid="scheme-unit"
            />
          </Form.Item>
          <Form.Item label={t('schemes.enabled')} name="enabled" valuePropName="checked">
            <Switch data-testid="scheme-enabled" />
          </Form.Item>
        </Space>
        <Form.Item label={t('schemes.description')} name="description" rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
        <Form.Item
          label={t('schemes.query')}
          required
          name="query"
          extra={t('schemes.queryHint')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            {
              validator: (_r, v: unknown) =>
                typeof v === 'string' && queryProblems(v).length > 0
                  ? Promise.reject(new Error(t('schemes.queryInvalid')))
                  : Promise.resolve(),
            },
          ]}
        >
          <QueryEditor
            server={server}
            readOnly={!editable}
            placeholder={t('schemes.queryPlaceholder')}
            toolbar={
              // Help is for readers too: not disabled with the read-only form.
              <ConfigProvider componentDisabled={false}>
                <QueryHelp
                  onUse={
                    editable
                      ? (q) => {
                          form.setFieldsValue({ query: q });
                          void form.validateFields(['query']).catch(() => undefined);
                        }
                      : undefined
                  }
                />
              </ConfigProvider>
            }
          />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('schemes.alert')}
        </Divider>
        <Space align="start" wrap size="large">
          <Form.Item label={t('schemes.alertOn')} name="alertOn" valuePropName="checked">
            <Switch data-testid="scheme-alert-on" />
          </Form.Item>
          {alertOn ? (
            <>
              <Form.Item label={t('schemes.severity')} name="severity" style={{ width: 160 }}>
                <Select
                  options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
                />
              </Form.Item>
              <Form.Item
                label={t('schemes.minVolume')}
                name="min_volume"
                tooltip={t('schemes.minVolumeHelp')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <InputNumber min={1} max={100_000} precision={0} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item label=" " name="negative_only" valuePropName="checked">
                <Checkbox>{t('schemes.negativeOnly')}</Checkbox>
              </Form.Item>
            </>
          ) : null}
        </Space>
      </Form>
      {scheme ? (
        <Typography.Paragraph type="secondary">
          {t('schemes.meta', {
            owner: scheme.owner_name ?? t('common.none'),
            version: scheme.version,
            updated: formatTime(scheme.updated_at, lang),
          })}
          {scheme.is_demo ? (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              {t('mentions.demo')}
            </Tag>
          ) : null}
        </Typography.Paragraph>
      ) : null}
      <Divider titlePlacement="start" plain>
        {t('schemes.test.title')}
      </Divider>
      <TestPanel query={query} onServerProblems={onServerProblems} />
    </Drawer>
  );
}
