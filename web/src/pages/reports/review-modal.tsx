// The review form (审核) of one report: adopted at a level (日报/专报/领导批示), not adopted
// with the reason, or already found by the machine; the points it would earn under the current
// rules; for a reviewed report, every earlier version. Problems the server names appear at
// their field.
import { App, Form, Input, Modal, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useState } from 'react';
import {
  informantsApi,
  type AdoptionLevel,
  type Assessment,
  type ReviewBody,
  type ReviewDecision,
} from '../../api/informants.ts';
import { FormError } from '../../components/form-error.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatTime } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { scoreReport } from '../../../../src/domain/informant-scoring.ts';
import { DecisionTag, LeadTag } from './review-tab.tsx';

interface ReviewForm {
  decision: ReviewDecision;
  level?: AdoptionLevel;
  reason?: string;
  note?: string;
}

const FIELDS = ['decision', 'level', 'reason', 'note'] as const;
const LEVELS: AdoptionLevel[] = ['daily', 'special', 'instruction'];

export function ReviewModal({
  item,
  onClose,
}: {
  item: Assessment;
  onClose: (saved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReviewForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decision = Form.useWatch('decision', form);
  const level = Form.useWatch('level', form);

  const loadSettings = useCallback(
    (signal: AbortSignal) => informantsApi.scoringSettings(signal),
    [],
  );
  const settings = useApi(loadSettings);
  const reportId = item.report.id;
  const loadHistory = useCallback(
    (signal: AbortSignal) => informantsApi.history(reportId, signal),
    [reportId],
  );
  const history = useApi(item.review ? loadHistory : null);

  const review = item.review;
  const initial: ReviewForm = review
    ? {
        decision: review.decision,
        ...(review.level ? { level: review.level } : {}),
        ...(review.reason ? { reason: review.reason } : {}),
        ...(review.note ? { note: review.note } : {}),
      }
    : { decision: item.suggestion ?? 'adopted', ...(item.suggestion ? {} : { level: 'daily' }) };

  // The points this decision would earn under the rules in force (the server decides).
  const preview =
    settings.data && decision
      ? scoreReport(
          {
            id: reportId,
            createdAt: item.report.created_at,
            reporterId: item.report.reporter.id,
            reporterName: item.report.reporter.name,
            unitId: item.report.unit.id,
            hasLink: item.report.link !== null,
            machineFoundAt: item.report.machine_found_at,
            reviews: [
              {
                version: 1,
                decision,
                level: decision === 'adopted' ? (level ?? 'daily') : null,
                machineLaterAt: item.lead.kind === 'lead' ? item.lead.machine_at : null,
              },
            ],
          },
          settings.data,
        ).points.total
      : null;

  const save = async () => {
    let v: ReviewForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const body: ReviewBody = {
      decision: v.decision,
      ...(v.decision === 'adopted' && v.level ? { level: v.level } : {}),
      ...(v.decision === 'not_adopted' && v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      expected_version: review?.version ?? 0,
    };
    try {
      await informantsApi.review(reportId, body);
      void message.success(t('informants.review.saved'));
      onClose(true);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, (_f, m) => serverMessage(t, m));
      if (shown === 0) setError(describeError(e, t));
      else if (unmatched.length > 0) setError(unmatched.map((p) => p.message).join('; '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(review ? 'informants.review.changeTitle' : 'informants.review.title')}
      okText={t('informants.review.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
      okButtonProps={{ 'data-testid': 'review-submit' }}
      width={640}
    >
      <FormError error={error} testId="review-error" />
      <div className="report-text" style={{ marginBottom: 8 }} data-testid="review-report-text">
        {item.report.text}
      </div>
      <Space size={4} wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {item.report.reporter.name} · {item.report.unit.name} ·{' '}
          {formatTime(item.report.created_at, lang)}
        </Typography.Text>
        <LeadTag lead={item.lead} />
      </Space>
      <Form<ReviewForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        data-testid="review-form"
      >
        <Form.Item
          label={t('informants.review.decision')}
          name="decision"
          rules={[{ required: true, message: t('common.required') }]}
          extra={item.suggestion ? t('informants.review.suggestHelp') : undefined}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid="review-decision"
            options={(['adopted', 'not_adopted', 'machine_found'] as const).map((d) => ({
              value: d,
              label: t(`informants.decision.${d}`),
            }))}
          />
        </Form.Item>
        {decision === 'adopted' ? (
          <Form.Item
            label={t('informants.review.level')}
            name="level"
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              data-testid="review-level"
              options={LEVELS.map((l) => ({
                value: l,
                label: `${t(`informants.level.${l}`)}${
                  settings.data
                    ? ` (${t('informants.points', { n: settings.data.level_points[l] })})`
                    : ''
                }`,
              }))}
            />
          </Form.Item>
        ) : null}
        {decision === 'not_adopted' ? (
          <Form.Item
            label={t('informants.review.reason')}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: t('informants.review.reasonRequired') },
              { max: 1000 },
            ]}
          >
            <Input.TextArea rows={2} data-testid="review-reason" />
          </Form.Item>
        ) : null}
        <Form.Item label={t('informants.review.note')} name="note" rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} data-testid="review-note" />
        </Form.Item>
      </Form>
      {preview !== null ? (
        <Typography.Paragraph data-testid="review-preview">
          {t('informants.review.preview', { n: preview })}
        </Typography.Paragraph>
      ) : null}
      {review && history.data && history.data.items.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('informants.review.history')}</Typography.Title>
          <Timeline
            data-testid="review-history"
            items={[...history.data.items].reverse().map((v) => ({
              key: v.id,
              content: (
                <Space size={4} wrap>
                  <Tag>v{v.version}</Tag>
                  <DecisionTag review={v} />
                  <Typography.Text type="secondary">
                    {v.reviewer.name} · {formatTime(v.reviewed_at, lang)}
                  </Typography.Text>
                  {v.reason ? <Typography.Text>{v.reason}</Typography.Text> : null}
                </Space>
              ),
            }))}
          />
        </>
      ) : null}
    </Modal>
  );
}
