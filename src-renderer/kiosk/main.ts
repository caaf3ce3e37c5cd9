import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createHallI18n } from '../shared/i18n';
import '../shared/ui/theme.css';
import './kiosk.css';
import App from './App.vue';
import { kioskMessages } from './messages';

createApp(App).use(createPinia()).use(createHallI18n(kioskMessages)).mount('#app');
