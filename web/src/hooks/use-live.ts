// Live refresh: listens to the server's "new mentions landed" signal (SSE, /api/v1/live) and
// calls back once things have settled (debounced), so a burst of batches is one reload.
import { useEffect, useRef, useState } from 'react';
import { LIVE_URL } from '../api/events.ts';

export type LiveStatus = 'connecting' | 'open' | 'closed';

export function useLiveMentions(onMentions: () => void, debounceMs = 1500): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const callback = useRef(onMentions);
  useEffect(() => {
    callback.current = onMentions;
  }, [onMentions]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    const source = new EventSource(LIVE_URL, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onOpen = () => setStatus('open');
    // The browser reconnects by itself (retry: 3000 from the server) unless the answer was
    // not a stream at all (signed out): then readyState is CLOSED and it stays so.
    const onError = () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    const onSignal = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        callback.current();
      }, debounceMs);
    };
    source.addEventListener('open', onOpen);
    source.addEventListener('error', onError);
    source.addEventListener('mentions', onSignal);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [debounceMs]);

  return status;
}
