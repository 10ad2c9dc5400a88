// One action at a time on a row of a table (switch on/off, send a test): which row is busy,
// and a failure said in a message.
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';

export function useRowAction(): {
  busy: string | null;
  run: (id: string, action: () => Promise<void>) => Promise<void>;
} {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (id: string, action: () => Promise<void>) => {
      setBusy(id);
      try {
        await action();
      } catch (e: unknown) {
        void message.error(describeError(e, t));
      } finally {
        setBusy(null);
      }
    },
    [message, t],
  );
  return { busy, run };
}
