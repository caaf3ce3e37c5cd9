import { createI18n } from 'vue-i18n';

// zh-CN first, English second. Each page passes its own messages; these are the shared ones.
export type Locale = 'zh-CN' | 'en';

const common = {
  'zh-CN': {
    connection: { lost: '与服务器的连接已断开，正在重新连接…', restored: '连接已恢复', refused: '无法连接：{reason}' },
    language: { switch: 'English' },
    minutes: '{n} 分钟',
    window: '{n} 号窗口',
    state: { waiting: '等候中', called: '已叫号', serving: '办理中', finished: '已办结', missed: '已过号', cancelled: '已取消', expired: '已过期' },
    windowStatus: { closed: '未开放', open: '空闲', paused: '暂停服务', busy: '办理中' },
  },
  en: {
    connection: { lost: 'Connection to the hall server lost; reconnecting…', restored: 'Connection restored', refused: 'Cannot connect: {reason}' },
    language: { switch: '中文' },
    minutes: '{n} min',
    window: 'Window {n}',
    state: { waiting: 'Waiting', called: 'Called', serving: 'Being served', finished: 'Done', missed: 'Missed', cancelled: 'Cancelled', expired: 'Expired' },
    windowStatus: { closed: 'Closed', open: 'Free', paused: 'Paused', busy: 'Serving' },
  },
};

type Messages = Record<Locale, Record<string, unknown>>;

export function initialLocale(): Locale {
  const param = new URLSearchParams(window.location.search).get('lang');
  if (param === 'en' || param === 'zh-CN') return param;
  const saved = localStorage.getItem('hall.locale');
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function createHallI18n(pageMessages: Messages) {
  return createI18n({
    legacy: false,
    locale: initialLocale(),
    fallbackLocale: 'zh-CN',
    messages: {
      'zh-CN': { ...common['zh-CN'], ...pageMessages['zh-CN'] },
      en: { ...common.en, ...pageMessages.en },
    },
  });
}

export function saveLocale(locale: Locale): void {
  localStorage.setItem('hall.locale', locale);
}

/** Switches a page's language, remembers it and tells assistive technology (the html lang attribute). */
export function setLocale(current: { value: string }, next: Locale): void {
  current.value = next;
  saveLocale(next);
  document.documentElement.lang = next;
}

/** A bilingual pair from the server (refusals carry both). */
export function pick(locale: string, zh: string, en: string): string {
  return locale === 'en' ? en : zh;
}
