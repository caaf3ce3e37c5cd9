import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { LowRatingView, StatisticsReport } from '../../contracts';
import type { RatingCase } from '../../domain';
import type { Cell } from './export-tables';
import { caseTable, lowRatingTable, rankingTable, statisticsTables } from './export-tables';

/**
 * The report as an Excel workbook written to `out` as it is made (exceljs' streaming writer: rows are
 * committed and let go one by one): one sheet per grouping, the monthly window ranking, every low rating,
 * and every bad-rating case with its state and deadline (times in `timeZone`, the hall's).
 */
export async function writeStatisticsXlsx(
  out: Writable,
  r: StatisticsReport,
  lowRatings: Iterable<LowRatingView>,
  lang: 'zh' | 'en' = 'zh',
  cases: Iterable<RatingCase> = [],
  timeZone?: string,
): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'hall-queue';
  const sheets: Array<{ sheet: string; header: string[]; rows: Iterable<Cell[]> }> = [
    ...statisticsTables(r, lang),
    rankingTable(r, lang),
    lowRatingTable(r, lowRatings, lang),
    caseTable(r, cases, lang, timeZone),
  ];
  for (const t of sheets) {
    const sheet = book.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    sheet.columns = t.header.map((h, i) => ({ header: h, width: i === 0 ? 22 : Math.max(10, h.length + 4) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of t.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await book.commit();
}
