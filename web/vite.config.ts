import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The SPA is built into web/dist, which the Fastify server serves (with an index.html fallback).
// The chat widget is built beside it: web/dist/widget/widget.js (the loader clinics embed, a plain
// script under a fixed name) and web/dist/widget/chat-widget.html (the chat page in its iframe).
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { app: page('./index.html'), chat: page('./widget/chat-widget.html'), widget: page('./widget/widget.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget/widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
