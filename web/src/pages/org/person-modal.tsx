// Dialog that adds a person to a unit; the server's validation problems appear at the field
// they name.
import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { NewPerson, Unit } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, unitName } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';

interface PersonForm {
  unit_id: string;
  name: string;
  title: string;
  email?: string;
  phone?: string;
}

const FIELDS = ['unit_id', 'name', 'title', 'email', 'phone'] as const;

export function PersonModal({
  units,
  defaultUnitId,
  onClose,
}: {
  units: Unit[];
  defaultUnitId: string;
  onClose: (added: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    let v: PersonForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const body: NewPerson = {
      unit_id: v.unit_id,
      name: v.name,
      title: v.title,
      email: v.email?.trim() ? v.email.trim() : null,
      phone: v.phone?.trim() ? v.phone.trim() : null,
    };
    try {
      const person = await api.createPerson(body);
      void message.success(t('org.people.added', { name: person.name }));
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
      title={t('org.people.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      <Form<PersonForm>
        form={form}
        layout="vertical"
        initialValues={{ unit_id: defaultUnitId }}
        data-testid="person-form"
      >
        <Form.Item
          label={t('org.people.unit')}
          name="unit_id"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={units.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          label={t('org.people.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}
        >
          <Input data-testid="person-name" />
        </Form.Item>
        <Form.Item
          label={t('org.people.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}
        >
          <Input data-testid="person-title" />
        </Form.Item>
        <Form.Item label={t('org.people.email')} name="email">
          <Input type="email" data-testid="person-email" />
        </Form.Item>
        <Form.Item label={t('org.people.phone')} name="phone">
          <Input data-testid="person-phone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
