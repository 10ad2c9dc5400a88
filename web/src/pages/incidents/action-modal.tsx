// The dialog of one step: the step's own small form (action-forms.tsx), sent with the revision
// the person saw when they opened it, so a step never lands on a record they have not seen.
// What the server refuses is shown at the form: a field's problem at the field, a refusal
// (403) or a conflict (409) above it, with the server's reason and, when the incident moved,
// a way to read it again (the page behind shows the new state; the form keeps what was typed).
import { Alert, App, Button, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { incidentsApi, type IncidentActionType, type IncidentView } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ACTION_SPECS, type ActionContext } from './action-forms.tsx';
import type { ActionValues } from './action-values.ts';
import { formProblem, type FormProblem } from './form-problems.ts';

export function ActionModal({
  type,
  ctx,
  revision,
  preset,
  onDone,
  onCancel,
  onReload,
}: {
  type: IncidentActionType;
  ctx: ActionContext;
  /** The revision shown when the dialog opened. */
  revision: number;
  /** Values chosen where the step was offered (the version, the task, the entry...). */
  preset?: Partial<ActionValues>;
  onDone: (view: IncidentView) => void;
  onCancel: () => void;
  /** Reads the incident again (after a 409 on the revision); answers its revision. */
  onReload: () => Promise<number | null>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const spec = ACTION_SPECS[type];
  const [form] = Form.useForm<ActionValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [seen, setSeen] = useState(revision);
  const [reread, setReread] = useState(false);
  const { Fields } = spec;

  const readAgain = async () => {
    const r = await onReload();
    if (r === null) return;
    setSeen(r);
    setProblem(null);
    setReread(true);
  };

  const submit = async () => {
    let v: ActionValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const action = spec.build(v, ctx);
      const view = await incidentsApi.act(ctx.view.incident.id, action, seen);
      void message.success(t('incident.actionDone', { step: t(`incident.action.${type}`) }));
      onDone(view);
    } catch (e: unknown) {
      setProblem(formProblem(form, e, t, spec.fields, spec.rename));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t(`incident.action.${type}`)}
      okText={t('incident.actionOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: spec.danger ?? false,
        loading: saving,
        'data-testid': 'action-submit',
      }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="action-form" data-action={type}>
        <Typography.Paragraph type="secondary">{t(`incident.help.${type}`)}</Typography.Paragraph>
        {problem ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            data-testid="action-error"
            action={
              problem.stale ? (
                <Button size="small" onClick={() => void readAgain()} data-testid="action-reload">
                  {t('incident.reload')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
        {reread ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('incident.reread', { n: seen })}
            data-testid="action-reread"
          />
        ) : null}
        <Form<ActionValues>
          form={form}
          layout="vertical"
          initialValues={{ ...spec.initial?.(ctx), ...preset }}
        >
          <Fields ctx={ctx} form={form} />
        </Form>
      </div>
    </Modal>
  );
}
