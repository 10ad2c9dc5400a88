// The 预警 page's live stream (SSE, /api/v1/live): each `alert` message (a notification went
// out) is handed over at once; `mentions` signals (an ingest commit, which may have fired or
// grown an alert) are debounced into one call, as the dashboard does.
import { useEffect, useRef, useState } from 'react';
import type { LiveAlert } from '../../api/alerts.ts';
import { LIVE_URL } from '../../api/events.ts';
import type { LiveStatus } from '../../hooks/use-live.ts';

function parseAlert(data: unknown): LiveAlert | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as Partial<LiveAlert>;
    if (typeof v.alertId !== 'string' || typeof v.title !== 'string') return null;
    return {
      alertId: v.alertId,
      kind: typeof v.kind === 'string' ? v.kind : '',
      severity: v.severity === 'major' || v.severity === 'high' ? v.severity : 'normal',
      title: v.title,
      at: typeof v.at === 'string' ? v.at : new Date().toISOString(),
      forMe: v.forMe === true,
    };
  } catch {
    return null;
  }
}

export function useLiveAlerts(handlers: {
  onAlert: (a: LiveAlert) => void;
  onMentions: () => void;
}): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  }, [handlers]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    const source = new EventSource(LIVE_URL, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.addEventListener('open', () => setStatus('open'));
    source.addEventListener('error', () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'),
    );
    source.addEventListener('alert', (e: MessageEvent) => {
      const a = parseAlert(e.data);
      if (a) current.current.onAlert(a);
    });
    source.addEventListener('mentions', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        current.current.onMentions();
      }, 1500);
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, []);

  return status;
}
