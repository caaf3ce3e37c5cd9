/**
 * Text blocks built by hand at literal byte offsets, independent of the driver's layout tables, so a
 * wrong offset in a layout cannot hide behind the same mistake in the encoder.
 */
export function blockWith(fields: [offset: number, bytes: number, value: string][]): Buffer {
  const block = Buffer.alloc(256);
  block.write(' '.repeat(128), 0, 256, 'utf16le');
  for (const [offset, bytes, value] of fields) {
    if (value.length * 2 > bytes) throw new Error(`test block: "${value}" does not fit ${bytes} bytes`);
    block.write(value.padEnd(bytes / 2, ' '), offset, bytes, 'utf16le');
  }
  return block;
}

export function residentBlock(overrides: Partial<Record<'name' | 'gender' | 'nation' | 'birth' | 'address' | 'id' | 'authority' | 'from' | 'to', string>> = {}): Buffer {
  const v = {
    name: '张三明',
    gender: '1',
    nation: '01',
    birth: '19900101',
    address: '北京市东城区东华门大街1号',
    id: '11010519491231002X',
    authority: '北京市公安局东城分局',
    from: '20150101',
    to: '20350101',
    ...overrides,
  };
  return blockWith([
    [0, 30, v.name],
    [30, 2, v.gender],
    [32, 4, v.nation],
    [36, 16, v.birth],
    [52, 70, v.address],
    [122, 36, v.id],
    [158, 30, v.authority],
    [188, 16, v.from],
    [204, 16, v.to],
  ]);
}
