// Visible loading and error states for data the page fetched: an error says what went wrong
// and offers a retry.
import { Alert, Button, Spin } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError } from '../lib/format.ts';

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const forbidden = error instanceof ApiError && (error.status === 403 || error.status === 401);
  return (
    <Alert
      type={forbidden ? 'warning' : 'error'}
      showIcon
      title={t('common.loadFailed')}
      description={describeError(error, t)}
      data-testid="load-error"
      action={
        onRetry && !forbidden ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}
