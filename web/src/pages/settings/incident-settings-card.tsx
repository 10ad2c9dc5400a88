// 处置时钟与签批 in 设置: the incident clocks' targets (首报, signed handling opinion, first
// statement per grade, 续报 cadence, 终报, "due soon"), who signs each kind of document by grade,
// and whether responses carry an emergency level (Ⅰ-Ⅳ). Admin and the office change them
// (incident.manage, audited); everyone else reads them. Checked in the browser with the
// server's own schema; the server checks again and its errors land on the field they name.
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useCallback, useState } from 'react';
import { incidentsApi } from '../../api/incidents.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { ApiError } from '../../api/client.ts';
import type { IncidentSettings } from '../../api/incidents.ts';

type Signers = IncidentSettings['approvals']['signers'];
type DocumentType = keyof Signers;
type SignerRule = Signers[DocumentType]['major'];
type Grade = 'major' | 'general';

/** The server's lists (src/domain/approvals.ts runs node:crypto, so not imported here). */
const SIGNER_OF: Record<SignerRule, true> = {
  leader_in_charge: true,
  principal_leader: true,
  leadership_group: true,
};
const SIGNER_RULES = Object.keys(SIGNER_OF) as SignerRule[];
const DOCUMENTS: Record<DocumentType, true> = {
  handling_opinion: true,
  response_activation: true,
  response_adjustment: true,
  response_termination: true,
  grade_lowering: true,
  release_plan: true,
  talking_points: true,
  review_report: true,
};
const DOCUMENT_TYPES = Object.keys(DOCUMENTS) as DocumentType[];
const GRADES: readonly Grade[] = ['major', 'general'];

interface FormValues {
  firstReportMinutes: number | null;
  handlingOpinionMinutes: number | null;
  statementMajor: number | null;
  statementGeneral: number | null;
  followUpMinutes: number | null;
  finalReportMinutes: number | null;
  dueSoonMinutes: number | null;
  levelsEnabled: boolean;
  signers: Signers;
}

type Settings = IncidentSettings;

function toForm(s: Settings): FormValues {
  return {
    firstReportMinutes: s.clocks.firstReportMinutes,
    handlingOpinionMinutes: s.clocks.handlingOpinionMinutes,
    statementMajor: s.clocks.firstStatementMinutes.major,
    statementGeneral: s.clocks.firstStatementMinutes.general,
    followUpMinutes: s.clocks.followUpMinutes,
    finalReportMinutes: s.clocks.finalReportMinutes,
    dueSoonMinutes: s.clocks.dueSoonMinutes,
    levelsEnabled: s.levels.enabled,
    signers: s.approvals.signers,
  };
}

/** The form back as settings (empty optional fields: no cadence / no final report clock). */
function fromForm(v: FormValues, base: Settings): Settings {
  const n = (x: number | null) => x ?? 0;
  return {
    clocks: {
      firstReportMinutes: n(v.firstReportMinutes),
      handlingOpinionMinutes: n(v.handlingOpinionMinutes),
      firstStatementMinutes: { major: n(v.statementMajor), general: n(v.statementGeneral) },
      followUpMinutes: v.followUpMinutes,
      finalReportMinutes: v.finalReportMinutes,
      dueSoonMinutes: n(v.dueSoonMinutes),
    },
    approvals: { signers: v.signers },
    levels: { ...base.levels, enabled: v.levelsEnabled },
  };
}

/** Where a server error's path points in the form. */
const FIELD_OF: Record<string, string> = {
  'clocks.firstReportMinutes': 'firstReportMinutes',
  'clocks.handlingOpinionMinutes': 'handlingOpinionMinutes',
  'clocks.firstStatementMinutes.major': 'statementMajor',
  'clocks.firstStatementMinutes.general': 'statementGeneral',
  'clocks.followUpMinutes': 'followUpMinutes',
  'clocks.finalReportMinutes': 'finalReportMinutes',
  'clocks.dueSoonMinutes': 'dueSoonMinutes',
};

export function IncidentSettingsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const canWrite = may(me, 'incident.manage');
  const load = useCallback((signal: AbortSignal) => incidentsApi.settings(signal), []);
  const settings = useApi(load);
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (values: FormValues, reset = false) => {
    if (!settings.data) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await incidentsApi.saveSettings(reset ? null : fromForm(values, settings.data));
      form.setFieldsValue(toForm(saved));
      void message.success(t('incidentSettings.saved'));
      settings.reload();
    } catch (e) {
      const problems = e instanceof ApiError ? e.fieldProblems : [];
      const fields = problems.flatMap((d) => {
        const name = FIELD_OF[d.path.replace(/^body\./u, '')];
        return name ? [{ name: name as keyof FormValues, errors: [d.message] }] : [];
      });
      if (fields.length) form.setFields(fields);
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const minutes = (name: keyof FormValues, label: string, optional = false) => (
    <Col xs={24} md={12} lg={8}>
      <Form.Item
        name={name}
        label={label}
        rules={optional ? [] : [{ required: true, message: t('common.required') }]}
        extra={optional ? t('incidentSettings.emptyNone') : undefined}
      >
        <InputNumber
          min={1}
          max={7 * 24 * 60}
          suffix={t('incidentSettings.minutes')}
          disabled={!canWrite}
          style={{ width: '100%' }}
          data-testid={`incident-setting-${name}`}
        />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('incidentSettings.title')} data-testid="incident-settings">
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}
      {!settings.data && settings.loading ? <Loading /> : null}
      {settings.data ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={toForm(settings.data)}
          onFinish={(v) => void save(v)}
          disabled={!canWrite}
        >
          {!canWrite ? <Alert type="info" showIcon title={t('incidentSettings.readOnly')} /> : null}
          <Row gutter={16}>
            {minutes('firstReportMinutes', t('incidentSettings.firstReport'))}
            {minutes('handlingOpinionMinutes', t('incidentSettings.handlingOpinion'))}
            {minutes('statementMajor', t('incidentSettings.statementMajor'))}
            {minutes('statementGeneral', t('incidentSettings.statementGeneral'))}
            {minutes('followUpMinutes', t('incidentSettings.followUp'), true)}
            {minutes('finalReportMinutes', t('incidentSettings.finalReport'), true)}
            {minutes('dueSoonMinutes', t('incidentSettings.dueSoon'))}
          </Row>
          <Form.Item
            name="levelsEnabled"
            label={t('incidentSettings.levels')}
            valuePropName="checked"
          >
            <Switch data-testid="incident-setting-levels" />
          </Form.Item>
          <Row gutter={16}>
            {DOCUMENT_TYPES.map((doc) =>
              GRADES.map((grade) => (
                <Col xs={24} md={12} lg={6} key={`${doc}.${grade}`}>
                  <Form.Item
                    name={['signers', doc, grade]}
                    label={`${t(`approval.doc.${doc}`)} · ${t(`incident.grade.${grade}`)}`}
                  >
                    <Select
                      data-testid={`incident-signer-${doc}-${grade}`}
                      options={SIGNER_RULES.map((r) => ({
                        value: r,
                        label: t(`approval.signerRule.${r}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
              )),
            )}
          </Row>
          <FormError error={error} />
          {canWrite ? (
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                loading={saving}
                data-testid="incident-settings-save"
              >
                {t('common.save')}
              </Button>
              <Button
                onClick={() => void save(form.getFieldsValue(), true)}
                disabled={saving}
                data-testid="incident-settings-reset"
              >
                {t('incidentSettings.reset')}
              </Button>
            </Space>
          ) : null}
        </Form>
      ) : null}
    </Card>
  );
}
