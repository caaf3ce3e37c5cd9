import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { decodeGb18030, encodeGb18030 } from '../../../hardware/printer/gb18030';
import { padEndToWidth, padStartToWidth, printedWidth, spreadToWidth, truncateToWidth, wrapToWidth } from '../../../hardware/printer/printed-width';
import { toHex } from '../helpers/bytes';

describe('GB18030 encoding', () => {
  it('encodes a character beyond the BMP (𠀀 U+20000) as four bytes', () => {
    expect(toHex(encodeGb18030('𠀀'))).toBe('95 32 82 36');
    expect(decodeGb18030(encodeGb18030('𠀀'))).toBe('𠀀');
  });

  it('encodes 䶮 (U+4DAE, outside GB2312) and common text', () => {
    expect(toHex(encodeGb18030('䶮'))).toBe('FE 9F');
    expect(toHex(encodeGb18030('王A中'))).toBe('CD F5 41 D6 D0');
    expect(decodeGb18030(encodeGb18030('王䶮 办事大厅 A017'))).toBe('王䶮 办事大厅 A017');
  });

  it('is needed: node-thermal-printer\'s own CHINA character set prints both as ?', () => {
    const printer = new ThermalPrinter({
      type: PrinterTypes.EPSON,
      interface: { execute: async () => undefined, isPrinterConnected: async () => true, getPrinterName: () => 'x' } as unknown as string,
      characterSet: CharacterSet.CHINA,
    });
    printer.clear();
    printer.print('䶮𠀀');
    const text = printer.getBuffer().subarray(3);
    expect(text.toString('latin1')).not.toContain('\xfe\x9f');
    expect(text.includes(0x3f)).toBe(true);
  });

  it('refuses text with a lone surrogate instead of printing garbage', () => {
    expect(() => encodeGb18030('坏\uD800字')).toThrow(expect.objectContaining({ code: 'PRINTER_INVALID_TEXT', details: { text: '坏\uD800字', at: 1 } }));
  });
});

describe('printed width', () => {
  it('counts ASCII as 1 column and every multi-byte character as 2', () => {
    expect(printedWidth('A017')).toBe(4);
    expect(printedWidth('企业服务')).toBe(8);
    expect(printedWidth('王䶮𠀀')).toBe(6);
    // Ambiguous-width characters print full width in Chinese mode.
    expect(printedWidth('·é')).toBe(4);
    expect(printedWidth('\n')).toBe(0);
  });

  it('pads by width, not by string length', () => {
    expect(padEndToWidth('前面等候', 10)).toBe('前面等候  ');
    expect(padStartToWidth('12', 5)).toBe('   12');
    expect(spreadToWidth('号码', 'A017', 12)).toBe('号码    A017');
    expect(printedWidth(spreadToWidth('前面等候', '12 人', 32))).toBe(32);
  });

  it('truncates without splitting a wide character', () => {
    expect(truncateToWidth('政务服务中心', 5)).toBe('政务');
  });

  it('wraps Chinese anywhere and keeps Latin words and numbers whole', () => {
    expect(wrapToWidth('过号请在30分钟内到自助机重新激活', 16)).toEqual(['过号请在30分钟内', '到自助机重新激活']);
    expect(wrapToWidth('请到 Window 12 办理', 12)).toEqual(['请到 Window', '12 办理']);
    expect(wrapToWidth('https://hall.example.gov.cn/t/A017', 16)).toEqual(['https://hall.exa', 'mple.gov.cn/t/A0', '17']);
    expect(wrapToWidth('第一行\n第二行', 32)).toEqual(['第一行', '第二行']);
  });

  it('never produces a line wider than asked', () => {
    const text = '某某市政务服务中心综合受理窗口 Integrated Service Window 欢迎您 䶮𠀀';
    for (const width of [8, 12, 16, 24, 32, 48]) {
      for (const line of wrapToWidth(text, width)) expect(printedWidth(line)).toBeLessThanOrEqual(width);
    }
  });
});
