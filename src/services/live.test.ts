import { describe, expect, it } from 'vitest';
import { LiveBus } from './live.ts';

describe('LiveBus closing', () => {
  it('ends every registered stream once, and no longer after it unregistered', () => {
    const bus = new LiveBus();
    const ended: string[] = [];
    bus.onClose(() => ended.push('a'));
    const off = bus.onClose(() => ended.push('b'));
    off();
    bus.onClose(() => {
      throw new Error('a broken stream');
    });
    bus.onClose(() => ended.push('c'));
    bus.close();
    expect(ended).toEqual(['a', 'c']);
    bus.close();
    expect(ended).toEqual(['a', 'c']);
  });

  it('ends at once a stream that registers after the close (it would hold the close open)', () => {
    const bus = new LiveBus();
    bus.close();
    const ended: string[] = [];
    const off = bus.onClose(() => ended.push('late'));
    expect(ended).toEqual(['late']);
    off();
    bus.close();
    expect(ended).toEqual(['late']);
  });
});
