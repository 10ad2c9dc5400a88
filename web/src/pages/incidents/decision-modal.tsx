// 签批: the signer reads one version of a document (what it is, who submitted it, its content
// hash, its text) and approves, rejects or returns it with a comment; rejecting or returning
// needs one. Approving a response step or a lowering carries it out at once (the server says
// so, or refuses when the incident has moved on: then return or reject it).
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import {
  incidentsApi,
  type Approval,
  type Decision,
  type IncidentView,
} from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { formProblem, type FormProblem } from './form-problems.ts';
import { DocumentParts } from '../releases/document-parts.tsx';

interface Values {
  decision: Decision;
  comment?: string;
}

export function DecisionModal({
  approval: a,
  incidentTitle,
  onBehalfOf,
  nameOf,
  onDone,
  onCancel,
}: {
  approval: Approval;
  incidentTitle: string | null;
  /** The signer this decision is for under a delegation (a name), or null. */
  onBehalfOf: string | null;
  nameOf: (userId: string) => string;
  onDone: (view: IncidentView) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const decision = Form.useWatch('decision', form);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const view = await incidentsApi.decide(a.id, {
        decision: v.decision,
        comment: (v.comment ?? '').trim(),
      });
      void message.success(t(`approval.decided.${v.decision}`));
      onDone(view);
    } catch (e: unknown) {
      setProblem(formProblem(form, e, t, ['decision', 'comment']));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('approval.decideTitle', { doc: t(`approval.doc.${a.docType}`), n: a.version })}
      okText={t('approval.decideOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        loading: saving,
        danger: decision === 'reject',
        'data-testid': 'decision-submit',
      }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="decision-form" data-approval-id={a.id}>
        {onBehalfOf ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('approval.onBehalfOf', { name: onBehalfOf })}
          />
        ) : null}
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            ...(incidentTitle
              ? [{ key: 'incident', label: t('approval.incident'), children: incidentTitle }]
              : []),
            {
              key: 'doc',
              label: t('approval.document'),
              children: (
                <span data-testid="decision-doc-title">
                  {t(`approval.doc.${a.docType}`)} · {t('approval.version', { n: a.version })} ·{' '}
                  {a.title}
                </span>
              ),
            },
            {
              key: 'submitted',
              label: t('approval.submitted'),
              children: t('approval.submittedBy', {
                name: nameOf(a.submittedBy),
                at: formatTime(a.submittedAt, lang),
              }),
            },
            {
              key: 'signer',
              label: t('approval.signer'),
              children: `${t(`approval.signerRule.${a.signer.rule}`)}：${a.signer.userIds.map(nameOf).join('、') || t('common.none')}`,
            },
            {
              key: 'hash',
              label: t('approval.contentHash'),
              children: (
                <Typography.Text code copyable className="hash">
                  {a.contentHash}
                </Typography.Text>
              ),
            },
          ]}
        />
        <div className="approval-body" data-testid="decision-doc-body">
          {a.body}
        </div>
        <DocumentParts a={a} />
        {problem ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            data-testid="decision-error"
          />
        ) : null}
        <Form<Values> form={form} layout="vertical" initialValues={{ decision: 'approve' }}>
          <Form.Item name="decision" label={t('approval.decision')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision-choice">
              {(['approve', 'return', 'reject'] as const).map((d) => (
                <Radio.Button key={d} value={d}>
                  {t(`approval.decision.${d}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="comment"
            label={t('approval.comment')}
            extra={decision && decision !== 'approve' ? t('approval.commentRequired') : undefined}
            rules={[
              {
                required: decision !== undefined && decision !== 'approve',
                whitespace: true,
                message: t('approval.commentRequired'),
              },
              { max: 4000 },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={4000}
              data-testid="decision-comment"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
