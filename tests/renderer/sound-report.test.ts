import { describe, expect, it } from 'vitest';
import { soundReport } from '../../src-renderer/shared/announcer/sound-report';

describe("a screen's sound as reported to the hall", () => {
  it('is on while audio runs, blocked only after the start-up grace, failed without audio', () => {
    expect(soundReport('running', false)).toBe('on');
    expect(soundReport('suspended', false)).toBeNull();
    expect(soundReport('suspended', true)).toBe('blocked');
    expect(soundReport('closed', true)).toBe('failed');
    expect(soundReport('unsupported', false)).toBe('failed');
  });
});
