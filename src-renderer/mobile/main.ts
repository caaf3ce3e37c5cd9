import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createHallI18n } from '../shared/i18n';
import '../shared/ui/theme.css';
import './mobile.css';
import App from './App.vue';
import { mobileMessages } from './messages';
import { ratingMessages } from './rating-messages';

const messages = {
  'zh-CN': { ...mobileMessages['zh-CN'], ...ratingMessages['zh-CN'] },
  en: { ...mobileMessages.en, ...ratingMessages.en },
};
createApp(App).use(createPinia()).use(createHallI18n(messages)).mount('#app');
