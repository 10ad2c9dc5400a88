// Previous/next paging over a list that pages by next_cursor: remembers the cursors of the
// pages already seen so "previous" needs no server support.
import { Button, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export interface CursorPaging {
  /** Cursor of the page on screen; null for the first. */
  cursor: string | null;
  page: number;
  next: (nextCursor: string) => void;
  prev: () => void;
  reset: () => void;
}

export function useCursorPaging(): CursorPaging {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const next = useCallback((c: string) => setStack((s) => [...s, c]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
  return { cursor: stack[stack.length - 1] ?? null, page: stack.length, next, prev, reset };
}

export function CursorPager({
  paging,
  nextCursor,
  loading,
}: {
  paging: CursorPaging;
  nextCursor: string | null | undefined;
  loading: boolean;
}) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
      <Button disabled={paging.page <= 1 || loading} onClick={paging.prev} data-testid="pager-prev">
        {t('common.prev')}
      </Button>
      <Typography.Text type="secondary">{t('common.page', { n: paging.page })}</Typography.Text>
      <Button
        disabled={!nextCursor || loading}
        onClick={() => nextCursor && paging.next(nextCursor)}
        data-testid="pager-next"
      >
        {t('common.next')}
      </Button>
    </Space>
  );
}
