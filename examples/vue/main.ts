import { createApp } from 'vue';
// Registers <biuwer-session>, <biuwer-page>, <biuwer-card> and <biuwer-collection>.
import 'biuwer-embed/define.js';
import App from './App.vue';

createApp(App).mount('#app');
