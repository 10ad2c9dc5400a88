// 分级建议规则 in 设置 › 事件: when the machine suggests 重大 for an event (heat, coverage by
// authority tiers, risk categories of the risk lexicon, casualties, spread over 市州 or beyond
// the province, sheer volume). Checked in the browser with the server's own schema.
import { Checkbox, Col, Form, InputNumber, Row, Select, Switch } from 'antd';
import type { RiskCategory } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { gradingRulesSchema, type GradingRules } from '../../../../src/domain/grading.ts';
import { AUTHORITY_TIERS, AUTHORITY_TIER_LABELS } from '../../../../src/domain/source-authority.ts';
import { riskName, type RiskNames } from '../mentions/analysis-tags.tsx';
import {
  clearChangedErrors,
  type CardProps,
  PartActions,
  PartCard,
  PartError,
  usePartEditor,
  type Problem,
  type PartProps,
} from './event-settings-shared.tsx';

const NUMBERS = [
  'majorHeat',
  'majorRiskMinMentions',
  'casualtiesMinMentions',
  'majorPrefectures',
  'majorVolume',
] as const;
const FIELDS = [...NUMBERS, 'majorAuthority', 'majorRiskCategories', 'majorOutsideProvince'];

type GradingForm = {
  [K in keyof GradingRules]: GradingRules[K] extends number ? number | null : GradingRules[K];
};

export function GradingCard({
  settings,
  riskCategories,
  canWrite,
  onSaved,
}: CardProps & {
  /** The risk lexicon's categories, to choose from by name. */
  riskCategories: readonly RiskCategory[];
}) {
  return (
    <PartCard part="grading" settings={settings} onSaved={onSaved}>
      {(part) => (
        <GradingEditor
          rules={settings.grading}
          riskCategories={riskCategories}
          canWrite={canWrite}
          {...part}
        />
      )}
    </PartCard>
  );
}

function GradingEditor({
  rules,
  riskCategories,
  isDefault,
  canWrite,
  onSaved,
}: PartProps & {
  rules: GradingRules;
  riskCategories: readonly RiskCategory[];
  canWrite: boolean;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<GradingForm>();
  const names: RiskNames = new Map(riskCategories.map((c) => [c.id, c]));
  // The lexicon's categories, and any chosen one the lexicon no longer has (by its id).
  const categoryOptions = [
    ...riskCategories.map((c) => c.id),
    ...rules.majorRiskCategories.filter((id) => !names.has(id)),
  ].map((id) => {
    const name = riskName(names, id, lang);
    return { value: id, label: name === id ? id : `${name}（${id}）` };
  });

  const editor = usePartEditor({
    part: 'grading',
    form,
    schema: gradingRulesSchema,
    fieldOf: (p: Problem) => {
      const [first] = p.path;
      return typeof first === 'string' && FIELDS.includes(first) ? { name: [first] } : null;
    },
    onSaved,
  });

  const number = (k: (typeof NUMBERS)[number], span = 8) => (
    <Col xs={24} md={12} xl={span} key={k}>
      <Form.Item
        label={t(`eventSettings.grading.${k}`)}
        name={k}
        extra={t(`eventSettings.grading.${k}.help`, { name: riskName(names, 'casualties', lang) })}
      >
        <InputNumber style={{ width: '100%' }} data-testid={`grading-${k}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Form<GradingForm>
      form={form}
      layout="vertical"
      initialValues={rules}
      disabled={!canWrite}
      onValuesChange={() => clearChangedErrors(form)}
      data-testid="event-grading-form"
    >
      <PartError part="grading" error={editor.error} />
      <Row gutter={16}>
        {number('majorHeat')}
        {number('majorVolume')}
        {number('majorPrefectures')}
        <Col xs={24} xl={12}>
          <Form.Item
            label={t('eventSettings.grading.majorAuthority')}
            name="majorAuthority"
            extra={t('eventSettings.grading.majorAuthority.help')}
          >
            <Checkbox.Group
              options={AUTHORITY_TIERS.map((tier) => ({
                value: tier,
                label:
                  lang === 'en' ? AUTHORITY_TIER_LABELS[tier].en : AUTHORITY_TIER_LABELS[tier].zh,
              }))}
              data-testid="grading-majorAuthority"
            />
          </Form.Item>
        </Col>
        <Col xs={24} xl={12}>
          <Form.Item
            label={t('eventSettings.grading.majorOutsideProvince')}
            name="majorOutsideProvince"
            valuePropName="checked"
            extra={t('eventSettings.grading.majorOutsideProvince.help')}
          >
            <Switch data-testid="grading-majorOutsideProvince" />
          </Form.Item>
        </Col>
        <Col xs={24} xl={16}>
          <Form.Item
            label={t('eventSettings.grading.majorRiskCategories')}
            name="majorRiskCategories"
            extra={t('eventSettings.grading.majorRiskCategories.help')}
          >
            <Select
              mode="multiple"
              options={categoryOptions}
              optionFilterProp="label"
              placeholder={t('eventSettings.grading.noCategory')}
              data-testid="grading-majorRiskCategories"
            />
          </Form.Item>
        </Col>
        {number('majorRiskMinMentions')}
        {number('casualtiesMinMentions')}
      </Row>
      {canWrite ? <PartActions {...editor.actions} isDefault={isDefault} /> : null}
    </Form>
  );
}
