import { describe, expect, it } from 'vitest';
import { ticketNumberClips, ticketNumberSpoken, windowNumberClips, windowNumberHanzi } from '../../src-renderer/shared/announcer/reading';

describe('window numbers are read as quantities', () => {
  it.each([
    [1, '一', ['1']],
    [3, '三', ['3']],
    [10, '十', ['shi']],
    [12, '十二', ['shi', '2']],
    [20, '二十', ['2', 'shi']],
    [21, '二十一', ['2', 'shi', '1']],
    [99, '九十九', ['9', 'shi', '9']],
    [100, '一百', ['1', 'bai']],
    [101, '一百零一', ['1', 'bai', '0', '1']],
    [105, '一百零五', ['1', 'bai', '0', '5']],
    [110, '一百一十', ['1', 'bai', '1', 'shi']],
    [112, '一百一十二', ['1', 'bai', '1', 'shi', '2']],
    [120, '一百二十', ['1', 'bai', '2', 'shi']],
    [300, '三百', ['3', 'bai']],
    [999, '九百九十九', ['9', 'bai', '9', 'shi', '9']],
  ])('%i → %s', (n, hanzi, clips) => {
    expect(windowNumberClips(n)).toEqual(clips);
    expect(windowNumberHanzi(n)).toBe(hanzi);
  });

  it('refuses what it cannot say, naming the number', () => {
    expect(() => windowNumberClips(1000)).toThrow(/window number 1000/);
    expect(() => windowNumberClips(2.5)).toThrow(/window number 2.5/);
    expect(() => windowNumberClips(-1)).toThrow(RangeError);
  });
});

describe('ticket numbers are read letter and digit by digit', () => {
  it('A017 → A 零 一 七, so 017 never sounds like 170', () => {
    expect(ticketNumberClips('A017')).toEqual(['A', '0', '1', '7']);
    expect(ticketNumberSpoken('A017')).toBe('A零一七');
  });

  it('accepts lower case and reads every digit of longer numbers', () => {
    expect(ticketNumberClips('b120')).toEqual(['B', '1', '2', '0']);
    expect(ticketNumberClips('E999')).toEqual(['E', '9', '9', '9']);
    expect(ticketNumberSpoken('C1000')).toBe('C一零零零');
  });

  it('refuses a malformed number, naming it', () => {
    expect(() => ticketNumberClips('A-17')).toThrow(/"A-17"/);
    expect(() => ticketNumberClips('')).toThrow(/ticket number/);
    expect(() => ticketNumberClips('17A')).toThrow(RangeError);
  });
});
