// Dialog that names a unit's informant (信息员) from the unit's active people.
import { App, Empty, Form, Modal, Select } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Informant, Unit } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, unitName } from '../../lib/format.ts';

export function InformantModal({
  unit,
  current,
  onClose,
}: {
  unit: Unit;
  current: Informant | null;
  onClose: (changed: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [personId, setPersonId] = useState<string | undefined>(current?.person_id);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (signal: AbortSignal) => api.people({ unitId: unit.id, limit: 500, signal }),
    [unit.id],
  );
  const people = useApi(load);
  const options = (people.data?.items ?? [])
    .filter((p) => p.active)
    .map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }));

  const save = async () => {
    if (!personId) {
      setError(t('org.units.choosePerson'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api.setInformant(unit.id, personId);
      const name = people.data?.items.find((p) => p.id === personId)?.name ?? '';
      void message.success(t('org.units.informantSet', { unit: unitName(unit, lang), name }));
      onClose(true);
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('org.units.setInformantTitle', { unit: unitName(unit, lang) })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: options.length === 0 }}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      {people.error ? <LoadError error={people.error} onRetry={people.reload} /> : null}
      {people.loading ? <Loading /> : null}
      {!people.loading && !people.error && options.length === 0 ? (
        <Empty description={t('org.units.noPeople')} />
      ) : null}
      {options.length > 0 ? (
        <Form layout="vertical">
          <Form.Item label={t('org.units.person')} required>
            <Select
              value={personId}
              onChange={setPersonId}
              options={options}
              placeholder={t('org.units.choosePerson')}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
