// The folders under src/ are the extension's contexts, and each may import only what it can run
// with (STYLE.md "Layout that shows the architecture"): core is pure TypeScript that runs in Node
// and in every context, so it imports from none of them nor from the wire contract; a content
// script never loads the background's or the pages' code; only src/platform talks to the
// browser's API through webextension-polyfill. This test reads every import of every file under
// src/ (static, type-only, re-exports and dynamic ones) and names each one that crosses a line.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative, resolve } from 'node:path'
import { parseAst } from 'vite'

const root = resolve(import.meta.dirname, '../..')

/** What each part of src/ may not import: other parts (by folder, or 'messages' for src/messages.ts) and packages. */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ['messages', 'platform', 'background', 'content', 'ui', 'cli', 'webextension-polyfill'],
  content: ['background', 'ui', 'cli', 'webextension-polyfill'],
  background: ['content', 'ui', 'cli', 'webextension-polyfill'],
  ui: ['background', 'content', 'cli', 'webextension-polyfill'],
  cli: ['background', 'content', 'ui', 'platform', 'webextension-polyfill'],
  messages: ['platform', 'background', 'content', 'ui', 'cli', 'webextension-polyfill'],
  dev: ['webextension-polyfill'],
}

interface Import {
  /** The importing file, relative to the repository: "src/core/report.ts". */
  file: string
  line: number
  specifier: string
}

interface Node {
  type: string
  start: number
  [key: string]: unknown
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const path = posix.join(dir, d.name)
    if (d.isDirectory()) return filesUnder(path)
    return /\.(?:[cm]?ts|tsx|[cm]?js)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Every module a file names: import and export … from, import type, and import('…') with a literal. */
export function importsIn(file: string, source = readFileSync(join(root, file), 'utf8')): Import[] {
  const ast = parseAst(source, { lang: file.endsWith('x') ? 'tsx' : 'ts' }, file) as unknown as Node
  const line = (offset: number): number => source.slice(0, offset).split('\n').length
  const out: Import[] = []
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit)
    if (!n || typeof n !== 'object' || typeof (n as Node).type !== 'string') return
    const node = n as Node
    const from = node.source as Node | null | undefined
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ImportExpression') && from) {
      if (from.type === 'Literal' && typeof from.value === 'string') out.push({ file, line: line(node.start), specifier: from.value })
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'parent') visit(value)
  }
  visit(ast)
  return out
}

/** The part of src/ a file is in ("core", "ui", "messages"…), or null outside src/. */
function partOf(path: string): string | null {
  const parts = path.split('/')
  if (parts[0] !== 'src' || parts.length < 2) return null
  if (parts.length === 2) return parts[1]!.replace(/\.[^.]+$/, '')
  return parts[1]!
}

/** What an import names: the part of src/ a relative one lands in, or the package of a bare one. */
function target(imp: Import): string | null {
  const spec = imp.specifier.replace(/\?.*$/, '')
  if (!spec.startsWith('.')) return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
  return partOf(relative(root, resolve(root, dirname(imp.file), spec)).split('\\').join('/'))
}

/** Each import that crosses a boundary, as "file:line imports 'specifier' (part → part)". */
export function crossings(imports: Import[]): string[] {
  return imports.flatMap((imp) => {
    const from = partOf(imp.file)
    const to = target(imp)
    if (!from || !to || to === from || !FORBIDDEN[from]?.includes(to)) return []
    return [`${imp.file}:${imp.line} imports '${imp.specifier}' (${from} → ${to})`]
  })
}

describe('boundaries between the contexts', () => {
  const files = filesUnder('src')

  it('reads every part of src/', () => {
    for (const part of ['core', 'content', 'background', 'ui', 'cli', 'platform', 'messages']) expect(files.some((f) => partOf(f) === part)).toBe(true)
    expect(files.flatMap((f) => importsIn(f)).length).toBeGreaterThan(300)
  })

  it('are never crossed', () => {
    expect(crossings(files.flatMap((f) => importsIn(f)))).toEqual([])
  })

  it('lets only src/platform import webextension-polyfill', () => {
    const users = files.filter((f) => importsIn(f).some((i) => i.specifier === 'webextension-polyfill'))
    expect(users.every((f) => partOf(f) === 'platform')).toBe(true)
  })

  it('names each crossing with its file and line (the checker itself)', () => {
    const core = `import { x } from './verdict'\nimport type {\n  RegistryStatus,\n} from '../messages'\nexport { y } from '../platform/i18n'\nconst z = await import('../background/index')\nimport browser from 'webextension-polyfill'\n`
    expect(crossings(importsIn('src/core/sample.ts', core))).toEqual([
      "src/core/sample.ts:2 imports '../messages' (core → messages)",
      "src/core/sample.ts:5 imports '../platform/i18n' (core → platform)",
      "src/core/sample.ts:6 imports '../background/index' (core → background)",
      "src/core/sample.ts:7 imports 'webextension-polyfill' (core → webextension-polyfill)",
    ])
    const content = `import { t } from '../ui/shared/i18n'\nimport css from './badge.css?inline'\nimport { a } from '../core/verdict-words'\nimport type { B } from '../messages'\n`
    expect(crossings(importsIn('src/content/sample.ts', content))).toEqual(["src/content/sample.ts:1 imports '../ui/shared/i18n' (content → ui)"])
    const cli = `import { a } from '../platform/browser'\nimport { b } from '../core/check'\n`
    expect(crossings(importsIn('src/cli/sample.ts', cli))).toEqual(["src/cli/sample.ts:1 imports '../platform/browser' (cli → platform)"])
    const ui = `import { Popup } from './Popup'\nimport { c } from '../../content/badge'\nimport { d } from '../../background/validate'\n`
    expect(crossings(importsIn('src/ui/popup/sample.tsx', ui))).toEqual([
      "src/ui/popup/sample.tsx:2 imports '../../content/badge' (ui → content)",
      "src/ui/popup/sample.tsx:3 imports '../../background/validate' (ui → background)",
    ])
  })
})
