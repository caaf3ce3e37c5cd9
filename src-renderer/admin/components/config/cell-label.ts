import { useI18n } from 'vue-i18n';

/**
 * The accessible name of an input in a table row: its column and its row ("名称 · 第 3 行"), since a cell's
 * input has no <label> of its own and a screen reader must not announce 36 nameless text fields.
 */
export function useCellLabel(): (columnKey: string, row: number | string) => string {
  const { t } = useI18n();
  return (columnKey, row) => `${t(columnKey)} · ${typeof row === 'number' ? t('config.rowN', { n: row + 1 }) : row}`;
}
