// Builds the `truedial` command to JavaScript: src/cli/bin.ts and everything it imports from
// src/ (libphonenumber-js included) → build/cli/truedial.mjs, one ESM file run by plain `node`.
// happy-dom stays an import of the installed package (the CLI's one runtime dependency), loaded
// only when `scan` runs, so `check` never pays for it.
//
// Why build/cli/: src/cli/registry-source.ts finds the package root two levels above its own
// file (new URL('../../', import.meta.url)); bundled into build/cli/truedial.mjs, two levels up is
// still the package root, where registry/registry.signed.json and registry/keys.json are.
import { chmodSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = 'build/cli'
const file = 'truedial.mjs'
const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node
const nodeTarget = `node${/\d+(\.\d+)?/.exec(engines)[0]}`

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: 'src/cli/bin.ts',
    outDir,
    emptyOutDir: true,
    target: nodeTarget,
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      external: ['happy-dom'],
      output: {
        format: 'es',
        entryFileNames: file,
        // One file: scan's code is inside it, and stays unevaluated until `scan` asks for it.
        codeSplitting: false,
        banner: '#!/usr/bin/env node',
      },
    },
  },
  // Bundle every dependency except happy-dom (see above).
  ssr: { noExternal: true, external: ['happy-dom'] },
})
chmodSync(`${root}/${outDir}/${file}`, 0o755)
