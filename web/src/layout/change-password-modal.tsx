// The change-password dialog: current password, new password twice; the server's answer on
// the field it concerns (wrong current password, too short, unchanged).
import { Form, Input, Modal, App } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { FormError } from '../components/form-error.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError } from '../lib/format.ts';
import { showFieldErrors } from '../lib/form-errors.ts';

interface PasswordForm {
  current_password: string;
  new_password: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const submit = async () => {
    let values: PasswordForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api.changePassword(values.current_password, values.new_password);
      void message.success(t('password.done'));
      close();
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(
        form,
        e,
        ['current_password', 'new_password'],
        (field, msg) =>
          field === 'current_password'
            ? t('password.wrongCurrent')
            : msg.startsWith('same as')
              ? t('password.sameAsCurrent')
              : msg,
      );
      if (shown === 0) setError(describeError(e, t));
      else if (unmatched.length > 0) setError(unmatched.map((p) => p.message).join('; '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={close}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'password-submit' }}
    >
      <FormError error={error} />
      <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item
          label={t('password.current')}
          name="current_password"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          label={t('password.new')}
          name="new_password"
          extra={t('password.hint')}
          rules={[
            { required: true, message: t('common.required') },
            { min: 10, message: t('password.tooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          label={t('password.confirm')}
          name="confirm"
          dependencies={['new_password']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: unknown) =>
                value === getFieldValue('new_password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
