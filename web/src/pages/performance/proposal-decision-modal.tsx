// The leadership group decides a commendation or accountability proposal: it reads the person,
// the incident, the reasons, the facts cited as they were sealed and the content hash, then
// approves, returns or rejects it (a comment is required to return or reject).
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { performanceApi, type ProposalView } from '../../api/performance.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { formProblem, type FormProblem } from '../incidents/form-problems.ts';

interface Values {
  decision: 'approve' | 'return' | 'reject';
  comment?: string;
}

export function ProposalDecisionModal({
  proposal: p,
  onDone,
  onCancel,
}: {
  proposal: ProposalView;
  onDone: (p: ProposalView) => void;
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
      const done = await performanceApi.decide(p.id, {
        decision: v.decision,
        comment: (v.comment ?? '').trim(),
      });
      void message.success(t(`approval.decided.${v.decision}`));
      onDone(done);
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
      title={t('performance.proposal.decideTitle', {
        kind: t(`performance.kind.${p.kind}`),
        name: p.personName,
        n: p.version,
      })}
      okText={t('approval.decideOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        loading: saving,
        danger: decision === 'reject',
        'data-testid': 'proposal-decision-submit',
      }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="proposal-decision-form" data-proposal-id={p.id}>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            {
              key: 'kind',
              label: t('performance.proposal.kind'),
              children: t(`performance.kind.${p.kind}`),
            },
            { key: 'person', label: t('performance.person'), children: p.personName },
            {
              key: 'incident',
              label: t('performance.proposal.incident'),
              children: p.incidentTitle ?? t('performance.proposal.noIncident'),
            },
            { key: 'year', label: t('performance.year'), children: String(p.year) },
            {
              key: 'submitted',
              label: t('approval.submitted'),
              children: t('approval.submittedBy', {
                name: p.submittedByName ?? p.submittedBy,
                at: formatTime(p.submittedAt, lang),
              }),
            },
            {
              key: 'hash',
              label: t('approval.contentHash'),
              children: (
                <Typography.Text code copyable className="hash">
                  {p.contentHash}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>
          {p.reasons}
        </Typography.Paragraph>
        {p.facts.length ? (
          <ul data-testid="proposal-decision-facts">
            {p.facts.map((f) => (
              <li key={f.ref}>{f.text}</li>
            ))}
          </ul>
        ) : null}
        {problem ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            data-testid="proposal-decision-error"
          />
        ) : null}
        <Form<Values> form={form} layout="vertical" initialValues={{ decision: 'approve' }}>
          <Form.Item name="decision" label={t('approval.decision')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="proposal-decision-choice"
            >
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
              data-testid="proposal-decision-comment"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
