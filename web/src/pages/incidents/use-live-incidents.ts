// The incident pages' live stream (SSE, /api/v1/live): each `incident` message (a step that
// concerns the signed-in user: a major incident, a document to sign, a decision, a task...)
// is handed over at once, so the board, the incident and the inbox read again.
import { useEffect, useRef, useState } from 'react';
import { LIVE_URL } from '../../api/events.ts';
import type { LiveIncident } from '../../api/incidents.ts';
import type { LiveStatus } from '../../hooks/use-live.ts';

function parseIncident(data: unknown): LiveIncident | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as Partial<LiveIncident>;
    if (typeof v.incidentId !== 'string') return null;
    return {
      incidentId: v.incidentId,
      topic: typeof v.topic === 'string' ? v.topic : '',
      title: typeof v.title === 'string' ? v.title : '',
      at: typeof v.at === 'string' ? v.at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

export function useLiveIncidents(onIncident: (n: LiveIncident) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const current = useRef(onIncident);
  useEffect(() => {
    current.current = onIncident;
  }, [onIncident]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    const source = new EventSource(LIVE_URL, { withCredentials: true });
    source.addEventListener('open', () => setStatus('open'));
    source.addEventListener('error', () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'),
    );
    source.addEventListener('incident', (e: MessageEvent) => {
      const n = parseIncident(e.data);
      if (n) current.current(n);
    });
    return () => source.close();
  }, []);

  return status;
}
