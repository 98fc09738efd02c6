import { defineConfig } from 'vitest/config'
import { build as viteBuild, type Plugin, type ResolvedConfig, type Rolldown } from 'vite'
import { resolve } from 'node:path'
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin'
import preact from '@preact/preset-vite'
import { readFileSync } from 'node:fs'
import manifest from './manifest.json' with { type: 'json' }
import { compilePrefilter } from './src/core/brand-prefilter'
import { collectLexicon } from './src/core/claims'
import { SCANNER_PATH } from './src/content/files'
import type { RegistryPayload } from './src/core/registry-types'

// The bundled registry's brand prefilter, worked out here and compiled into the content script,
// so every page can be checked for brand words before the background is asked anything.
const bundledPayload = JSON.parse((JSON.parse(readFileSync('registry/registry.signed.json', 'utf8')) as { payload: string }).payload) as RegistryPayload
const BRAND_PREFILTER = compilePrefilter(collectLexicon(bundledPayload).brand)

// Default "Check for updates" addresses, set at build time: TRUEDIAL_UPDATE_URLS="https://a/r.json,https://b/r.json".
// Users can change them on the options page.
const updateUrls = (process.env.TRUEDIAL_UPDATE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean)

/**
 * The scanner (src/content/scanner.ts): the content script's larger part, which a page needs only
 * once it names the brand. Built here as one self-contained ES module (no chunk shared with the
 * extension's pages) at the path the content script imports it from (SCANNER_PATH), and listed in the
 * manifest's web_accessible_resources with use_dynamic_url, so that pages cannot probe for it.
 */

function scannerModule(target: string): Plugin {
  let outer: ResolvedConfig
  return {
    name: 'truedial:scanner-module',
    apply: 'build',
    configResolved(config) {
      outer = config
    },
    async generateBundle() {
      const built = (await viteBuild({
        configFile: false,
        root: outer.root,
        mode: outer.mode,
        // The same build-time constants as the rest of the extension.
        define: outer.define,
        logLevel: 'warn',
        publicDir: false,
        build: {
          write: false,
          target,
          minify: true,
          sourcemap: false,
          lib: { entry: resolve(outer.root, 'src/content/scanner.ts'), formats: ['es'], fileName: 'scanner' },
          // Library mode keeps an ES module's whitespace (for other bundlers' tree-shaking); this one
          // is loaded as it is.
          rolldownOptions: { output: { minify: true } },
        },
      })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
      const output = (Array.isArray(built) ? built : [built]).flatMap((b) => b.output)
      // One self-contained module: a chunk or an asset beside it would not be web-accessible.
      if (output.length !== 1 || output[0]!.type !== 'chunk') throw new Error(`the scanner must build to one module, not ${output.map((o) => o.fileName).join(', ')}`)
      const code = output[0]!.code
      const unresolved = Object.keys(outer.define ?? {}).find((name) => /^__\w+__$/.test(name) && code.includes(name))
      if (unresolved) throw new Error(`the scanner still names ${unresolved}, which the build defines`)
      this.emitFile({ type: 'asset', fileName: SCANNER_PATH, source: code })
    },
  }
}

/** The add-on id Firefox knows TrueDial by (storage and the moz-extension:// uuid are keyed on it). */
const GECKO_ID = 'truedial@truedial.example'

/**
 * manifest.json is written for Chromium; Firefox's MV3 differs in a few keys, derived here so the
 * two never drift apart:
 * - no service workers for extensions: an event page, `background.scripts` (crxjs reads scripts[0]);
 * - `browser_specific_settings.gecko`: the id (needed for storage and for signing) and
 *   `data_collection_permissions` (TrueDial collects nothing), see
 *   https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/;
 * - `minimum_chrome_version` means nothing there. `strict_min_version` is 142: the first version
 *   that reads `data_collection_permissions` on desktop (140) and Android (142); with an older
 *   minimum web-ext lint warns. Every supported Firefox (ESR 153, release) is newer, and everything
 *   TrueDial uses (storage.session, MV3 event pages, Ed25519 in WebCrypto) is older.
 */
function firefoxManifest(): ManifestV3Export {
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = manifest
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as ManifestV3Export
}

// `vite build` → dist/ for Chromium; `vite build --mode firefox` → dist-firefox/;
// `--mode firefox-test` is the Firefox build with src/background/test-hooks.ts compiled in, for
// test/e2e-firefox only (it goes to a temporary folder: see that test).
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox' || mode === 'firefox-test'
  const target = firefox ? 'firefox128' : 'chrome120'
  return {
    define: {
      __UPDATE_URLS__: JSON.stringify(updateUrls),
      __BRAND_PREFILTER__: JSON.stringify(BRAND_PREFILTER),
      // A literal false in every shipped build, so the bundler drops the hooks entirely.
      'import.meta.env.TRUEDIAL_TEST_HOOKS': JSON.stringify(mode === 'firefox-test'),
    },
    plugins: [
      preact(),
      // Before crx's own bundle hooks: the manifest's web_accessible_resources must find the file.
      ...(process.env.VITEST ? [] : [scannerModule(target)]),
      // Under vitest the crx plugin would write a dev build into dist/ (replacing the real build the
      // browser tests load), so it only runs for `vite build`.
      ...(process.env.VITEST
        ? []
        : [
            crx({
              manifest: firefox ? firefoxManifest() : manifest,
              ...(firefox ? { browser: 'firefox' as const } : {}),
              // One self-contained content script, loader-free; its scanner is a module of its own (above).
              contentScripts: { standaloneFiles: ['src/content/index.ts'] },
            }),
          ]),
    ],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target,
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
        {
          extends: true,
          test: {
            name: 'firefox',
            include: ['test/e2e-firefox/**/*.test.ts'],
            environment: 'node',
            // The first test builds the extension and starts Firefox, which is slower than Chromium.
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }
})
