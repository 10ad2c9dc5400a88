// The content a statement carries, read from a talking-points version (its title, body and
// payload). Pure and free of Node modules: the incident rules and the web UI both use it.
import {
  RELEASE_CHANNELS,
  TALKING_POINT_KINDS,
  type ReleaseChannel,
  type QaPair,
  type ReleaseContent,
  type TalkingPointKind,
} from './types.ts';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const isChannel = (v: unknown): v is ReleaseChannel =>
  typeof v === 'string' && (RELEASE_CHANNELS as readonly string[]).includes(v);

export interface ReleasePlan {
  channels: ReleaseChannel[];
  aim: string | null;
  audience: string | null;
  timing: string | null;
  spokesperson: string | null;
}

/** A release plan's payload, read leniently (a field of the wrong type is absent). */
export function planOf(payload: Readonly<Record<string, unknown>>): ReleasePlan {
  const channels = Array.isArray(payload.channels) ? payload.channels.filter(isChannel) : [];
  return {
    channels,
    aim: str(payload.aim),
    audience: str(payload.audience),
    timing: str(payload.timing),
    spokesperson: str(payload.spokesperson),
  };
}

/** Talking points' content, read leniently (a part of the wrong type is absent). */
export function releaseContentOf(a: {
  title: string;
  body: string;
  payload: Readonly<Record<string, unknown>>;
}): ReleaseContent {
  const p = a.payload;
  const kind = (TALKING_POINT_KINDS as readonly unknown[]).includes(p.kind)
    ? (p.kind as TalkingPointKind)
    : 'statement';
  const qa: QaPair[] = Array.isArray(p.qa)
    ? p.qa.flatMap((x: unknown) => {
        if (!x || typeof x !== 'object') return [];
        const { question, answer } = x as { question?: unknown; answer?: unknown };
        return typeof question === 'string' && question && typeof answer === 'string' && answer
          ? [{ question, answer }]
          : [];
      })
    : [];
  return {
    kind,
    title: a.title,
    body: a.body,
    qa,
    claim: str(p.claim),
    facts: str(p.facts),
    factSource: str(p.factSource),
  };
}
