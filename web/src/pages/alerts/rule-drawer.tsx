// The editor of one alert rule: name, unit, severity, on/off; the mention conditions (schemes,
// sentiment, risk categories, regions) and the event conditions (heat, burst, authority tiers,
// suggested major, volume); quiet hours and debounce (neither ever holds back a major alert).
// Saving sends the whole rule (POST new, PATCH saved); the server's problems land on the field
// they name. Those who may not manage rules see it read-only.
import {
  Alert,
  App,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  alertsApi,
  type AlertConditions,
  type AlertRuleView,
  type AlertSeverity,
  type NewAlertRule,
} from '../../api/alerts.ts';
import type { RiskCategory, Scheme, Unit } from '../../api/types.ts';
import { EditorActions } from '../../components/editor-actions.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import { GANSU_REGIONS } from '../../lib/gansu.ts';
import {
  DEFAULT_CONDITIONS,
  parseClock,
  SENTIMENT_FILTERS,
} from '../../../../src/domain/alert-rules.ts';
import { AUTHORITY_TIERS } from '../../../../src/domain/source-authority.ts';
import { riskName } from '../mentions/analysis-tags.tsx';
import { SEVERITIES, tierLabel } from './alert-tags.tsx';
import { showProblems, type FieldPath } from './form-problems.ts';

interface RuleForm {
  name: string;
  unit_id: string;
  severity: AlertSeverity;
  enabled: boolean;
  conditions: AlertConditions;
  quiet: { on: boolean; from: string; to: string };
  debounce_seconds: number;
}

function initialValues(rule: AlertRuleView | null, defaultUnitId: string): RuleForm {
  return {
    name: rule?.name ?? '',
    unit_id: rule?.unit_id ?? defaultUnitId,
    severity: rule?.severity ?? 'high',
    enabled: rule?.enabled ?? true,
    conditions: { ...DEFAULT_CONDITIONS, ...rule?.conditions },
    quiet: {
      on: rule?.quiet_hours != null,
      from: rule?.quiet_hours?.from ?? '22:00',
      to: rule?.quiet_hours?.to ?? '07:00',
    },
    debounce_seconds: rule?.debounce_seconds ?? 0,
  };
}

function bodyOf(v: RuleForm): NewAlertRule {
  const c = v.conditions;
  return {
    name: v.name.trim(),
    unit_id: v.unit_id,
    severity: v.severity,
    enabled: v.enabled,
    conditions: {
      schemeIds: c.schemeIds ?? [],
      sentiment: c.sentiment ?? 'any',
      riskCategories: c.riskCategories ?? [],
      regions: c.regions ?? [],
      minHeat: typeof c.minHeat === 'number' ? c.minHeat : null,
      burst: c.burst === true,
      authorityTiers: c.authorityTiers ?? [],
      suggestedMajor: c.suggestedMajor === true,
      minVolume: typeof c.minVolume === 'number' ? c.minVolume : 1,
    },
    quiet_hours: v.quiet.on ? { from: v.quiet.from.trim(), to: v.quiet.to.trim() } : null,
    debounce_seconds: v.debounce_seconds ?? 0,
  };
}

/** The form field a server problem's path names (conditions.schemeIds.0 → conditions.schemeIds). */
function fieldOf([first, second]: string[]): FieldPath | null {
  if (first === 'conditions' && second) return ['conditions', second];
  if (first === 'quiet_hours') return ['quiet', second === 'to' ? 'to' : 'from'];
  if (first && ['name', 'unit_id', 'severity', 'enabled', 'debounce_seconds'].includes(first))
    return [first];
  return null;
}

const clockRule = (message: string) => ({
  validator: (_r: unknown, v: unknown) =>
    typeof v === 'string' && parseClock(v.trim()) !== null
      ? Promise.resolve()
      : Promise.reject(new Error(message)),
});

export function RuleDrawer({
  rule,
  units,
  schemes,
  riskCategories,
  defaultUnitId,
  canEdit,
  onClose,
}: {
  /** The rule to edit or view; null adds one. */
  rule: AlertRuleView | null;
  units: readonly Unit[];
  schemes: readonly Scheme[];
  riskCategories: readonly RiskCategory[];
  defaultUnitId: string;
  canEdit: boolean;
  onClose: (changed: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleForm>();
  const quietOn = Form.useWatch(['quiet', 'on'], form) ?? rule?.quiet_hours != null;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial = initialValues(rule, defaultUnitId);
  const withCode = (name: string, code: string) =>
    lang === 'en' ? `${name} (${code})` : `${name}（${code}）`;

  // Choices, plus anything the rule names that is no longer offered (kept by its id).
  const riskNames = new Map(riskCategories.map((c) => [c.id, c]));
  const riskOptions = [
    ...riskCategories.map((c) => c.id),
    ...initial.conditions.riskCategories.filter((id) => !riskNames.has(id)),
  ].map((id) => {
    const name = riskName(riskNames, id, lang);
    return { value: id, label: name === id ? id : withCode(name, id) };
  });
  const schemeNames = new Map(schemes.map((s) => [s.id, s.name]));
  const schemeOptions = [
    ...schemes.map((s) => ({ value: s.id, label: s.name })),
    ...initial.conditions.schemeIds
      .filter((id) => !schemeNames.has(id))
      .map((id) => ({ value: id, label: id })),
  ];
  const regionOptions = GANSU_REGIONS.map((r) => ({
    value: r.adcode,
    label: withCode(lang === 'en' ? r.nameEn : r.name, r.adcode),
  }));

  const save = async () => {
    let v: RuleForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = bodyOf({ ...initial, ...v });
      const saved = rule
        ? await alertsApi.updateRule(rule.id, body)
        : await alertsApi.createRule(body);
      void message.success(
        t(rule ? 'alerts.rules.saved' : 'alerts.rules.added', { name: saved.name }),
      );
      onClose(true);
    } catch (e: unknown) {
      setError(showProblems(form, e, t, fieldOf));
    } finally {
      setSaving(false);
    }
  };

  const title = !rule
    ? t('alerts.rules.add')
    : canEdit
      ? t('alerts.rules.editTitle', { name: rule.name })
      : t('alerts.rules.viewTitle', { name: rule.name });

  return (
    <Drawer
      open
      size={820}
      title={title}
      onClose={() => onClose(false)}
      destroyOnHidden
      data-testid="rule-drawer"
      extra={
        <EditorActions
          editable={canEdit}
          saving={saving}
          onSave={() => void save()}
          onClose={() => onClose(false)}
          saveTestId="rule-save"
        />
      }
    >
      <FormError error={error} testId="rule-error" />
      {!canEdit ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('alerts.rules.readOnly')}
        />
      ) : null}
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!canEdit}
        data-testid="rule-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('alerts.rules.name')}
              name="name"
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { max: 100 },
              ]}
            >
              <Input maxLength={100} data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('alerts.rules.unit')}
              name="unit_id"
              extra={t('alerts.rules.unitHelp')}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={units.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
                data-testid="rule-unit"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('alerts.col.severity')} name="severity">
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))}
                data-testid="rule-severity"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('alerts.rules.enabled')} name="enabled" valuePropName="checked">
              <Switch data-testid="rule-enabled" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('alerts.rules.mentionConditions')}
        </Divider>
        <Typography.Paragraph type="secondary">
          {t('alerts.rules.mentionHelp')}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('alerts.rules.schemes')} name={['conditions', 'schemeIds']}>
              <Select
                mode="multiple"
                options={schemeOptions}
                optionFilterProp="label"
                placeholder={t('alerts.rules.anyScheme')}
                data-testid="rule-schemes"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('alerts.rules.sentiment')} name={['conditions', 'sentiment']}>
              <Radio.Group
                options={SENTIMENT_FILTERS.map((s) => ({
                  value: s,
                  label: t(`alerts.rules.sentiment.${s}`),
                }))}
                data-testid="rule-sentiment"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('alerts.rules.risk')} name={['conditions', 'riskCategories']}>
              <Select
                mode="multiple"
                options={riskOptions}
                optionFilterProp="label"
                placeholder={t('alerts.rules.anyRisk')}
                data-testid="rule-risk"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('alerts.rules.regions')}
              name={['conditions', 'regions']}
              extra={t('alerts.rules.regionsHelp')}
            >
              <Select
                mode="multiple"
                options={regionOptions}
                optionFilterProp="label"
                placeholder={t('alerts.rules.anyRegion')}
                data-testid="rule-regions"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('alerts.rules.eventConditions')}
        </Divider>
        <Typography.Paragraph type="secondary">{t('alerts.rules.eventHelp')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('alerts.rules.minVolume')}
              name={['conditions', 'minVolume']}
              tooltip={t('alerts.rules.minVolumeHelp')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber
                min={1}
                max={1_000_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="rule-min-volume"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('alerts.rules.minHeat')}
              name={['conditions', 'minHeat']}
              tooltip={t('alerts.rules.minHeatHelp')}
            >
              <InputNumber
                min={0}
                max={100}
                precision={0}
                placeholder={t('alerts.rules.noMinimum')}
                style={{ width: '100%' }}
                data-testid="rule-min-heat"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('alerts.rules.burst')}
              name={['conditions', 'burst']}
              valuePropName="checked"
              tooltip={t('alerts.rules.burstHelp')}
            >
              <Switch data-testid="rule-burst" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('alerts.rules.suggestedMajor')}
              name={['conditions', 'suggestedMajor']}
              valuePropName="checked"
              tooltip={t('alerts.rules.suggestedMajorHelp')}
            >
              <Switch data-testid="rule-suggested-major" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('alerts.rules.authority')}
              name={['conditions', 'authorityTiers']}
              extra={t('alerts.rules.authorityHelp')}
            >
              <Checkbox.Group
                options={AUTHORITY_TIERS.map((tier) => ({
                  value: tier,
                  label: tierLabel(tier, lang),
                }))}
                data-testid="rule-authority"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('alerts.rules.delivery')}
        </Divider>
        <Typography.Paragraph type="secondary">
          {t('alerts.rules.deliveryHelp')}
        </Typography.Paragraph>
        <Row gutter={16} align="top">
          <Col xs={24} md={5}>
            <Form.Item
              label={t('alerts.rules.quietHours')}
              name={['quiet', 'on']}
              valuePropName="checked"
            >
              <Switch data-testid="rule-quiet-on" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              label={t('alerts.rules.quietFrom')}
              name={['quiet', 'from']}
              rules={quietOn ? [clockRule(t('alerts.rules.clockFormat'))] : []}
            >
              <Input placeholder="22:00" disabled={!quietOn} data-testid="rule-quiet-from" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              label={t('alerts.rules.quietTo')}
              name={['quiet', 'to']}
              rules={quietOn ? [clockRule(t('alerts.rules.clockFormat'))] : []}
            >
              <Input placeholder="07:00" disabled={!quietOn} data-testid="rule-quiet-to" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              label={t('alerts.rules.debounce')}
              name="debounce_seconds"
              tooltip={t('alerts.rules.debounceHelp')}
            >
              <InputNumber
                min={0}
                max={86_400}
                precision={0}
                suffix={t('alerts.rules.seconds')}
                style={{ width: '100%' }}
                data-testid="rule-debounce"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
