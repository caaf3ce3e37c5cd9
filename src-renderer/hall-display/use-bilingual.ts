import { useI18n } from 'vue-i18n';

/** Both languages at once: Chinese first and large, English second and smaller. */
export function useBilingual() {
  const { t } = useI18n();
  return {
    zh: (key: string, named: Record<string, unknown> = {}) => t(key, named, { locale: 'zh-CN' }),
    en: (key: string, named: Record<string, unknown> = {}) => t(key, named, { locale: 'en' }),
  };
}
