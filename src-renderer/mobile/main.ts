import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createHallI18n } from '../shared/i18n';
import '../shared/ui/theme.css';
import './mobile.css';
import App from './App.vue';
import { mobileMessages } from './messages';

createApp(App).use(createPinia()).use(createHallI18n(mobileMessages)).mount('#app');
