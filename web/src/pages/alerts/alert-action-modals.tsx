// The two actions that ask for words: 驳回 (dismiss) needs a reason, and a major or
// major-looking alert needs the office head (办公室主任) or a leader — the server's refusal is
// shown as such, not as a generic error; 关联事件 links the alert to a new placeholder incident
// under a title (incident handling proper comes in a later release).
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { alertsApi, type AlertDetail } from '../../api/alerts.ts';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';

/** The least a reason may be (the server's dismissBody asks the same). */
const MIN_REASON = 2;

interface Problem {
  title: string;
  detail: string | null;
}

export interface ActionModalProps {
  alert: AlertDetail;
  onDone: (a: AlertDetail) => void;
  onCancel: () => void;
}

/** A dialog with a small form whose OK runs one action on the alert and answers it. */
function ActionModal<T extends object>({
  onDone,
  onCancel,
  title,
  okText,
  danger = false,
  testId,
  initialValues,
  run,
  doneText,
  explain,
  children,
}: Omit<ActionModalProps, 'alert'> & {
  title: string;
  okText: string;
  danger?: boolean;
  testId: string;
  initialValues?: Partial<T>;
  run: (values: T) => Promise<AlertDetail>;
  doneText: string;
  /** A problem said a particular way (or put on a field: answer null); else the general one. */
  explain?: (e: unknown, form: FormInstance<T>) => Problem | null | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const done = await run(values);
      void message.success(doneText);
      onDone(done);
    } catch (e: unknown) {
      const said = explain?.(e, form);
      if (said !== null) setProblem(said ?? { title: describeError(e, t), detail: null });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading: saving, 'data-testid': `${testId}-ok` }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
      data-testid={`${testId}-modal`}
    >
      {problem ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={problem.title}
          description={problem.detail}
          data-testid={`${testId}-error`}
        />
      ) : null}
      <Form<T>
        form={form}
        layout="vertical"
        {...(initialValues ? { initialValues } : {})}
        onFinish={() => void submit()}
      >
        {children}
      </Form>
    </Modal>
  );
}

export function DismissModal({ alert: a, ...rest }: ActionModalProps) {
  const { t } = useI18n();
  const major = a.severity === 'major' || a.looked_major;
  return (
    <ActionModal<{ reason: string }>
      {...rest}
      title={t('alerts.dismiss.title')}
      okText={t('alerts.action.dismiss')}
      danger
      testId="dismiss"
      run={(v) => alertsApi.dismiss(a.id, v.reason.trim())}
      doneText={t('alerts.dismiss.done')}
      explain={(e, form) => {
        if (e instanceof ApiError && e.status === 403)
          return { title: t('alerts.dismiss.forbidden'), detail: e.message };
        if (e instanceof ApiError && e.fieldProblems.some((p) => p.path === 'body.reason')) {
          form.setFields([{ name: 'reason', errors: [t('alerts.dismiss.reasonRequired')] }]);
          return null;
        }
        return undefined;
      }}
    >
      <Typography.Paragraph>{t('alerts.dismiss.intro', { title: a.title })}</Typography.Paragraph>
      {major ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('alerts.dismiss.majorNote')}
          data-testid="dismiss-major-note"
        />
      ) : null}
      <Form.Item
        name="reason"
        label={t('alerts.dismiss.reason')}
        rules={[
          { required: true, whitespace: true, message: t('alerts.dismiss.reasonRequired') },
          {
            validator: (_r, v: unknown) =>
              typeof v === 'string' && v.trim().length > 0 && v.trim().length < MIN_REASON
                ? Promise.reject(new Error(t('alerts.dismiss.reasonShort', { n: MIN_REASON })))
                : Promise.resolve(),
          },
          { max: 2000 },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          placeholder={t('alerts.dismiss.placeholder')}
          data-testid="dismiss-reason"
        />
      </Form.Item>
    </ActionModal>
  );
}

export function LinkModal({ alert: a, ...rest }: ActionModalProps) {
  const { t } = useI18n();
  return (
    <ActionModal<{ title: string }>
      {...rest}
      title={t('alerts.link.title')}
      okText={t('alerts.action.link')}
      testId="link"
      initialValues={{ title: a.title }}
      run={(v) => alertsApi.link(a.id, { title: v.title.trim() })}
      doneText={t('alerts.link.done')}
    >
      <Typography.Paragraph type="secondary">{t('alerts.link.intro')}</Typography.Paragraph>
      <Form.Item
        name="title"
        label={t('alerts.link.incidentTitle')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}
      >
        <Input maxLength={200} data-testid="link-title" />
      </Form.Item>
    </ActionModal>
  );
}
