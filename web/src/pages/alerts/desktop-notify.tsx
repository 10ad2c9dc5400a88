// Telling the user about an alert addressed to them: a desktop notification when the browser
// allows it (asked for with a button, never on its own), else a notification inside the page.
// Either one opens the alert.
import { BellOutlined, CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { LiveAlert } from '../../api/alerts.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export type NotifyPermission = NotificationPermission | 'unsupported';

function currentPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useAlertNotifier(open: (alertId: string) => void) {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const [permission, setPermission] = useState<NotifyPermission>(currentPermission);

  const ask = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(currentPermission());
    }
  }, []);

  const notify = useCallback(
    (a: LiveAlert) => {
      const title = t('alerts.notify.title', { severity: t(`alerts.severity.${a.severity}`) });
      if (currentPermission() === 'granted') {
        try {
          const n = new Notification(title, { body: a.title, tag: a.alertId });
          n.onclick = () => {
            window.focus();
            open(a.alertId);
            n.close();
          };
          return;
        } catch {
          // Some browsers allow notifications only from a service worker: tell in the page.
        }
      }
      notification.warning({
        key: `alert-${a.alertId}`,
        title,
        description: (
          <span data-testid="alert-inpage-notice" data-alert-id={a.alertId}>
            {a.title}
          </span>
        ),
        actions: (
          <Button
            type="primary"
            size="small"
            onClick={() => {
              notification.destroy(`alert-${a.alertId}`);
              open(a.alertId);
            }}
            data-testid="alert-inpage-open"
          >
            {t('alerts.notify.open')}
          </Button>
        ),
        duration: 0,
        placement: 'topRight',
      });
    },
    [notification, open, t],
  );

  return { permission, ask, notify };
}

/** The state of desktop notifications, with the button that asks for them. */
export function NotifyControl({
  permission,
  onAsk,
}: {
  permission: NotifyPermission;
  onAsk: () => void;
}) {
  const { t } = useI18n();
  switch (permission) {
    case 'granted':
      return (
        <Typography.Text type="success" data-testid="notify-state" data-state="granted">
          <CheckCircleOutlined /> {t('alerts.notify.granted')}
        </Typography.Text>
      );
    case 'denied':
      return (
        <Tooltip title={t('alerts.notify.deniedHint')}>
          <Typography.Text type="secondary" data-testid="notify-state" data-state="denied">
            <StopOutlined /> {t('alerts.notify.denied')}
          </Typography.Text>
        </Tooltip>
      );
    case 'unsupported':
      return (
        <Typography.Text type="secondary" data-testid="notify-state" data-state="unsupported">
          {t('alerts.notify.unsupported')}
        </Typography.Text>
      );
    case 'default':
      return (
        <Tooltip title={t('alerts.notify.askHint')}>
          <Button size="small" icon={<BellOutlined />} onClick={onAsk} data-testid="notify-ask">
            {t('alerts.notify.ask')}
          </Button>
        </Tooltip>
      );
  }
}
