// The office makes a case from an archived incident: its approved review's title, assessment,
// successes, problems and improvements are copied (the office edits the case afterwards). A
// restricted or secret incident becomes a case only once declassified, with the reason written
// here (cases are read by all staff).
import { App, Alert, Button, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { casesApi, type CaseDetail, type CaseKind } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { incidentsApi } from '../../api/incidents.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { describeError, formatDate } from '../../lib/format.ts';
import { ConfidentialityTag, IncidentGradeTag } from '../incidents/incident-tags.tsx';
import { CASE_KINDS, useTagOptions } from './case-form.tsx';

interface FromIncidentValues {
  incidentId?: string;
  kind: CaseKind;
  tags: string[];
  reason?: string;
}

/** The case an incident already became (a 409 answer names it), or null. */
function existingCase(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const d = e.details;
  if (typeof d === 'object' && d !== null && 'case_id' in d && typeof d.case_id === 'string') {
    return d.case_id;
  }
  return null;
}

export function FromIncidentModal({
  onDone,
  onOpen,
  onCancel,
}: {
  onDone: (c: CaseDetail) => void;
  /** Opens a case that exists already. */
  onOpen: (caseId: string) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FromIncidentValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
  const tagOptions = useTagOptions();
  const load = useCallback(
    (signal: AbortSignal) => incidentsApi.list({ states: ['archived'], signal }),
    [],
  );
  const incidents = useApi(load);
  const chosenId = Form.useWatch('incidentId', form);
  const chosen = incidents.data?.items.find((i) => i.id === chosenId);
  // Restricted or secret: declassified with a reason before all staff may read it as a case.
  const secret = chosen !== undefined && chosen.confidentiality !== 'open';

  const submit = async () => {
    let v: FromIncidentValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (!v.incidentId) return;
    setSaving(true);
    setError(null);
    setExisting(null);
    try {
      const made = await casesApi.create({
        fromIncident: v.incidentId,
        kind: v.kind,
        tags: v.tags,
        ...(secret && v.reason ? { declassification: { reason: v.reason.trim() } } : {}),
      });
      void message.success(t('cases.form.created'));
      onDone(made);
    } catch (e: unknown) {
      const already = existingCase(e);
      if (already) {
        setExisting(already);
        return;
      }
      const { shown, unmatched } = showFieldErrors(form, e, ['tags', 'kind'], (_f, m) =>
        serverMessage(t, m),
      );
      if (!shown || unmatched.length) setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('cases.fromIncident.title')}
      okText={t('cases.form.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'from-incident-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="from-incident-form">
        <Typography.Paragraph type="secondary">{t('cases.fromIncident.help')}</Typography.Paragraph>
        {incidents.error ? <LoadError error={incidents.error} onRetry={incidents.reload} /> : null}
        <FormError error={error} testId="from-incident-error" />
        {existing ? (
          <Alert
            type="warning"
            showIcon
            title={t('cases.fromIncident.exists')}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={() => onOpen(existing)}>
                {t('cases.fromIncident.openExisting')}
              </Button>
            }
            data-testid="from-incident-exists"
          />
        ) : null}
        <Form<FromIncidentValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'general', tags: [] }}
        >
          <Form.Item
            name="incidentId"
            label={t('cases.fromIncident.incident')}
            rules={[{ required: true, message: t('cases.fromIncident.choose') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'title' }}
              loading={incidents.loading}
              placeholder={t('cases.fromIncident.choose')}
              notFoundContent={t('cases.fromIncident.none')}
              options={(incidents.data?.items ?? []).map((i) => ({
                value: i.id,
                title: i.title,
                label: (
                  <Space size={4}>
                    <span>{i.title}</span>
                    <Typography.Text type="secondary">
                      {formatDate(i.openedAt, lang)}
                    </Typography.Text>
                  </Space>
                ),
              }))}
              data-testid="from-incident-select"
            />
          </Form.Item>
          {chosen ? (
            <Space size={4} style={{ marginBottom: 16 }} data-testid="from-incident-chosen">
              <IncidentGradeTag grade={chosen.grade} />
              <ConfidentialityTag level={chosen.confidentiality} />
            </Space>
          ) : null}
          {secret ? (
            <>
              <Alert
                type="warning"
                showIcon
                title={t('cases.fromIncident.secret')}
                style={{ marginBottom: 16 }}
              />
              <Form.Item
                name="reason"
                label={t('cases.fromIncident.reason')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required') },
                  { max: 2000 },
                ]}
              >
                <Input.TextArea autoSize={{ minRows: 2 }} data-testid="from-incident-reason" />
              </Form.Item>
            </>
          ) : null}
          {chosen?.confidentiality === 'restricted' ? (
            <Alert
              type="info"
              showIcon
              title={t('cases.fromIncident.restricted')}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Form.Item name="kind" label={t('cases.field.kind')}>
            <Radio.Group
              optionType="button"
              options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="tags" label={t('cases.field.tags')} extra={t('cases.form.tagsHelp')}>
            <Select
              mode="tags"
              options={tagOptions}
              tokenSeparators={[',', '，', '、']}
              maxCount={20}
              data-testid="from-incident-tags"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
