import { describe, expect, it } from 'vitest';
import { isPrintableText, printableText } from '../../../hardware/printer/printable-text';
import { layoutTicket } from '../../../hardware/printer/ticket-layout';
import { slipBytes } from '../../../hardware/printer/slip-writer';
import { validateTicketSlip } from '../../../hardware/printer/ticket-slip';
import { SLIP } from '../helpers/ticket-slip';

const ESC_P_0 = '\x1bp\x00\x19\xfa';

describe('printable text', () => {
  it('drops C0 and C1 controls and DEL, turns line breaks into spaces, keeps Chinese and rare characters', () => {
    expect(printableText(`企业${ESC_P_0}服务`)).toBe('企业p\u00fa服务');
    expect(printableText('A\x1d\x56\x00B\x7fC\x85D\x9bE')).toBe('AVBCDE');
    expect(printableText('第一行\r\n第二行\t末')).toBe('第一行 第二行 末');
    expect(printableText('王䶮𠀀')).toBe('王䶮𠀀');
    expect(isPrintableText('王䶮𠀀 A-1')).toBe(true);
  });

  it('drops bidi overrides, zero-width characters, the BOM and the soft hyphen', () => {
    expect(printableText('a\u202eb\u2066c\u2069d\u200be\u200df\ufeffg\u00adh\u2028i')).toBe('abcdefgh i');
    expect(isPrintableText('a\u202eb')).toBe(false);
  });

  it('a slip whose names carry ESC/POS commands lays out and encodes without a single control byte from them', () => {
    const valid = validateTicketSlip({ ...SLIP, hallName: `某中心\x1b@`, categoryName: `企业服务${ESC_P_0}`, matterName: '设立\x1dV\x00登记', priorityLabel: '\x1bp1优先' });
    expect(valid.categoryName).toBe('企业服务p\u00fa');
    const bytes = slipBytes(layoutTicket(valid));
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    // Byte for byte the slip of the same names typed without the controls: nothing of them is left.
    const clean = validateTicketSlip({ ...SLIP, hallName: '某中心@', categoryName: '企业服务p\u00fa', matterName: '设立V登记', priorityLabel: 'p1优先' });
    expect(bytes.equals(slipBytes(layoutTicket(clean)))).toBe(true);
  });

  it('a name made only of control characters is refused, not printed empty', () => {
    expect(() => validateTicketSlip({ ...SLIP, categoryName: '\x1b\x07' })).toThrow(expect.objectContaining({ code: 'PRINTER_INVALID_TICKET' }));
  });
});
