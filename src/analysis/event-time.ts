// Post times as the event clusterer takes them (ms since the epoch) from what inputs carry.

/**
 * Below this a number is taken as seconds: 1e11 seconds is the year 5138, 1e11 milliseconds is
 * 1973, so real post times of either unit fall on the right side.
 */
const SECONDS_BELOW = 1e11;

/**
 * Milliseconds since the epoch from seconds or milliseconds since the epoch (a number or a
 * numeric string) or ISO 8601 text; undefined when it is none of these.
 */
export function epochMs(value: number | string): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return value < SECONDS_BELOW ? Math.round(value * 1000) : Math.round(value);
  }
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/u.test(text)) return epochMs(Number(text));
  // ISO dates only: Date.parse also reads loose forms whose meaning depends on the engine.
  if (
    !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u.test(
      text,
    )
  ) {
    return undefined;
  }
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}
