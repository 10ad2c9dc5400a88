import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './ids.ts';

describe('timeOrderedId', () => {
  it('is a version-7 UUID whose string order is creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId(1_700_000_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes back when the clock does', () => {
    const a = timeOrderedId(1_800_000_000_000);
    const b = timeOrderedId(1_799_999_999_000);
    expect(b > a).toBe(true);
  });

  it('encodes the time in its first 48 bits', () => {
    const id = timeOrderedId(1_900_000_000_000);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(
      1_900_000_000_000,
    );
  });
});
