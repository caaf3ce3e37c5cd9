import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createHallI18n } from '../shared/i18n';
import '../shared/ui/theme.css';
import '../shared/ui/desk.css';
import './admin.css';
import App from './App.vue';
import { messages } from './messages';

createApp(App).use(createPinia()).use(createHallI18n(messages)).mount('#app');
