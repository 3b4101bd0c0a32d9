import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Everything the console uses is bundled into dist/: no CDN, no web fonts, no maps.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
});
