import { defineConfig } from 'vitest/config'
import { crx } from '@crxjs/vite-plugin'
import preact from '@preact/preset-vite'
import manifest from './manifest.json' with { type: 'json' }

// Default "Check for updates" addresses, set at build time: TRUEDIAL_UPDATE_URLS="https://a/r.json,https://b/r.json".
// Users can change them on the options page.
const updateUrls = (process.env.TRUEDIAL_UPDATE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean)

export default defineConfig({
  define: { __UPDATE_URLS__: JSON.stringify(updateUrls) },
  plugins: [
    preact(),
    // Under vitest the crx plugin would write a dev build into dist/ (replacing the real build the
    // browser tests load), so it only runs for `vite build`.
    ...(process.env.VITEST
      ? []
      : [
          crx({
            manifest,
            // One self-contained content script: no web_accessible_resources a page could probe.
            contentScripts: { standaloneFiles: ['src/content/index.ts'] },
          }),
        ]),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
