import { useI18n } from 'vue-i18n';

/** Both languages at once, whatever the page locale: citizens read either. */
export function useBilingual() {
  const { t } = useI18n();
  return {
    zh: (key: string, named: Record<string, unknown> = {}) => t(key, named, { locale: 'zh-CN' }),
    en: (key: string, named: Record<string, unknown> = {}) => t(key, named, { locale: 'en' }),
  };
}
