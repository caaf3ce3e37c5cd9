import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createHallI18n, initialLocale } from '../shared/i18n';
import '../shared/ui/theme.css';
import '../shared/ui/desk.css';
// The look of the admin page (panels, tables), then the city page's own.
import '../admin/admin.css';
import './city.css';
import App from './App.vue';
import { messages } from './messages';

document.documentElement.lang = initialLocale();
createApp(App).use(createPinia()).use(createHallI18n(messages)).mount('#app');
