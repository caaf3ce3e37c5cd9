import { describe, expect, it } from 'vitest';
import { citizenFormProblems, cleanCitizenForm, gb11643CheckDigit, idNumberProblem, mobileProblem, nameProblem } from '../../src-renderer/mobile/id-number';

const TODAY = '2026-11-23';

describe('ID number (GB 11643) before it is sent', () => {
  it('accepts valid numbers, with an X check digit typed in either case and spaces between groups', () => {
    expect(idNumberProblem('11010519491231002X', TODAY)).toBeNull();
    expect(idNumberProblem('110105 19491231 002x', TODAY)).toBeNull();
    expect(idNumberProblem('440305199001012718', TODAY)).toBeNull();
    expect(gb11643CheckDigit('11010519491231002')).toBe('X');
  });

  it('names what is wrong: missing, length, characters, birth date, check digit', () => {
    expect(idNumberProblem('  ', TODAY)).toBe('empty');
    expect(idNumberProblem('1101051949123100', TODAY)).toBe('length');
    expect(idNumberProblem('1101051949123100XX', TODAY)).toBe('chars');
    expect(idNumberProblem('110105194913310021', TODAY)).toBe('birth-date'); // month 13
    expect(idNumberProblem('110105194902300021', TODAY)).toBe('birth-date'); // 30 February
    expect(idNumberProblem('110105202712010021', TODAY)).toBe('birth-date'); // not born yet
    expect(idNumberProblem('110105194912310021', TODAY)).toBe('check-digit');
  });
});

describe('mobile number and name', () => {
  it('takes a mainland mobile number with spaces or dashes', () => {
    expect(mobileProblem('138 0013 8000')).toBeNull();
    expect(mobileProblem('138-0013-8000')).toBeNull();
    expect(mobileProblem('')).toBe('empty');
    expect(mobileProblem('12800138000')).toBe('format');
    expect(mobileProblem('1380013800')).toBe('format');
  });

  it('needs a name of at most 30 characters', () => {
    expect(nameProblem(' 张三丰 ')).toBeNull();
    expect(nameProblem('   ')).toBe('empty');
    expect(nameProblem('阿'.repeat(31))).toBe('too-long');
  });

  it('checks the whole form at once and cleans it for the hall', () => {
    expect(citizenFormProblems({ name: '', mobile: '123', idNumber: '110105194912310021' }, TODAY)).toEqual({ name: 'empty', mobile: 'format', idNumber: 'check-digit' });
    expect(citizenFormProblems({ name: '张三丰', mobile: '13800138000', idNumber: '11010519491231002x' }, TODAY)).toEqual({});
    expect(cleanCitizenForm({ name: ' 张三丰 ', mobile: '138 0013 8000', idNumber: '110105 19491231 002x' })).toEqual({ name: '张三丰', mobile: '13800138000', idNumber: '11010519491231002X' });
  });
});
