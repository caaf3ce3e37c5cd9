import vue from '@vitejs/plugin-vue';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, 'src-renderer');
/** Every folder of src-renderer with an index.html is a page (shared/ holds none). */
const PAGE_NAMES = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(resolve(root, d.name, 'index.html')))
  .map((d) => d.name);

// One multi-page build: the hall server serves dist/renderer; /counter/ is counter/index.html, and so on.
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  publicDir: resolve(import.meta.dirname, 'resources/public'),
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // The admin page's charts (ECharts) load lazily in one ~500 kB chunk; no other page pays for it.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      input: Object.fromEntries([['index', resolve(root, 'index.html')], ...PAGE_NAMES.map((p) => [p, resolve(root, p, 'index.html')])]),
    },
  },
  server: {
    // `npm run dev` serves the pages with hot reload and forwards the API and socket.io to a running hall server.
    proxy: {
      '/socket.io': { target: 'http://localhost:8080', ws: true },
      '/api': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
      '/voice': 'http://localhost:8080',
    },
  },
});
