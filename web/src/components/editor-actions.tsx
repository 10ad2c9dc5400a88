// The buttons at the top of an editor drawer: cancel and save for those who may change what it
// shows, just close for those who only read it; `children` go first (e.g. a confirmed archive).
import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export function EditorActions({
  editable,
  saving,
  onSave,
  onClose,
  saveTestId,
  children,
}: {
  editable: boolean;
  saving: boolean;
  onSave: () => void;
  onClose: () => void;
  saveTestId: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Space>
      {children}
      <Button onClick={onClose}>{editable ? t('common.cancel') : t('common.close')}</Button>
      {editable ? (
        <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
          {t('common.save')}
        </Button>
      ) : null}
    </Space>
  );
}
