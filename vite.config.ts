import { defineConfig } from 'vitest/config'
import { crx } from '@crxjs/vite-plugin'
import preact from '@preact/preset-vite'
import manifest from './manifest.json' with { type: 'json' }

export default defineConfig({
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
