import { describe, expect, it } from 'vitest';
import { assessCoverage, MIN_SILENCE_SECONDS, usualGap, type CoverageInput } from './coverage.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const base: CoverageInput = {
  enabled: true,
  polled: true,
  pollIntervalSeconds: 600,
  createdAt: '2026-11-01T00:00:00Z',
  lastSuccessAt: '2026-11-28T11:55:00Z',
  consecutiveFailures: 0,
  lastItemAt: '2026-11-28T11:50:00Z',
  usualGapSeconds: 900,
};
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

describe('coverage', () => {
  it('is ok when a source delivers as usual', () => {
    expect(assessCoverage(base, NOW)).toEqual({ status: 'ok', reason: '' });
  });

  it('respects a pause before anything else', () => {
    expect(assessCoverage({ ...base, enabled: false, consecutiveFailures: 9 }, NOW).status).toBe(
      'paused',
    );
  });

  it('calls a source failing after repeated failed polls', () => {
    expect(assessCoverage({ ...base, consecutiveFailures: 2 }, NOW).status).toBe('ok');
    const r = assessCoverage({ ...base, consecutiveFailures: 3 }, NOW);
    expect(r).toEqual({ status: 'failing', reason: 'the last 3 polls failed' });
  });

  it('waits for a new source’s first poll, then calls it failing', () => {
    const fresh = {
      ...base,
      createdAt: ago(300),
      lastSuccessAt: null,
      lastItemAt: null,
      usualGapSeconds: null,
    };
    expect(assessCoverage(fresh, NOW).status).toBe('never_run');
    expect(assessCoverage({ ...fresh, createdAt: ago(3 * 3600) }, NOW).status).toBe('failing');
  });

  it('calls a source silent after several usual gaps, never before the minimum', () => {
    // Usual gap 15 min: 4 gaps = 1 h, but the minimum silence is 6 h.
    expect(assessCoverage({ ...base, lastItemAt: ago(5 * 3600) }, NOW).status).toBe('ok');
    const silent = assessCoverage({ ...base, lastItemAt: ago(MIN_SILENCE_SECONDS + 60) }, NOW);
    expect(silent.status).toBe('silent');
    expect(silent.reason).toBe('nothing for 6.0 h; it usually delivers every 0.3 h');
    // A slow source (a post a day) is not silent after a day and a half.
    expect(
      assessCoverage({ ...base, usualGapSeconds: 86_400, lastItemAt: ago(1.5 * 86_400) }, NOW)
        .status,
    ).toBe('ok');
    expect(
      assessCoverage({ ...base, usualGapSeconds: 86_400, lastItemAt: ago(5 * 86_400) }, NOW).status,
    ).toBe('silent');
    // Pushed sources go silent the same way.
    expect(
      assessCoverage(
        { ...base, polled: false, lastSuccessAt: null, lastItemAt: ago(10 * 3600) },
        NOW,
      ).status,
    ).toBe('silent');
  });

  it('measures the usual gap as the median gap', () => {
    expect(usualGap([])).toBeNull();
    expect(usualGap(['2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'])).toBeNull();
    expect(
      usualGap([
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:10:00Z',
        '2026-01-01T00:20:00Z',
        '2026-01-01T05:00:00Z',
      ]),
    ).toBe(600);
    // Order does not matter.
    expect(usualGap(['2026-01-01T00:20:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'])).toBe(
      600,
    );
  });
});
