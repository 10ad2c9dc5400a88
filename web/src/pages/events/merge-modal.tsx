// Merging events (office, admin): other events are chosen from the list, hottest first, and
// folded into this one after the modal's confirmation; the server records it in the audit log
// and clustering keeps the merge.
import { Alert, App, Modal, Select, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { EventDetail } from '../../api/event-types.ts';
import { eventsApi } from '../../api/events.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, excerpt } from '../../lib/format.ts';

export function MergeModal({
  target,
  onClose,
}: {
  target: Pick<EventDetail, 'id' | 'title'>;
  /** Called with the merged event when the merge happened, with null when cancelled. */
  onClose: (merged: EventDetail | null) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    (signal: AbortSignal) => eventsApi.events({ status: 'all', limit: 200, signal }),
    [],
  );
  const candidates = useApi(load);
  const options = (candidates.data?.items ?? [])
    .filter((e) => e.id !== target.id)
    .map((e) => ({
      value: e.id,
      label: t('event.merge.option', {
        title: excerpt(e.title, 40),
        heat: e.heat.toFixed(1),
        n: e.mention_count,
      }),
    }));

  const merge = async () => {
    setBusy(true);
    try {
      const merged = await eventsApi.mergeEvents(target.id, chosen);
      void message.success(t('event.merge.done', { n: chosen.length }));
      onClose(merged);
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('event.merge.title')}
      okText={t('event.merge.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: true,
        disabled: chosen.length === 0,
        loading: busy,
        'data-testid': 'merge-confirm',
      }}
      onOk={() => void merge()}
      onCancel={() => onClose(null)}
      destroyOnHidden
      data-testid="merge-modal"
    >
      <Typography.Paragraph>
        {t('event.merge.intro', { title: excerpt(target.title, 60) })}
      </Typography.Paragraph>
      {candidates.error ? <LoadError error={candidates.error} onRetry={candidates.reload} /> : null}
      <Select
        mode="multiple"
        style={{ width: '100%' }}
        placeholder={t('event.merge.placeholder')}
        loading={candidates.loading}
        value={chosen}
        onChange={setChosen}
        options={options}
        showSearch={{ optionFilterProp: 'label' }}
        data-testid="merge-select"
      />
      {chosen.length ? (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title={t('event.merge.warning', { n: chosen.length })}
        />
      ) : null}
    </Modal>
  );
}
