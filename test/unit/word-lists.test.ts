// Word lists in src/core are Sets written out word by word (NOT_A_NAME, CUSTOMER_WORDS,
// ORGANISATION_NOUNS…). A Set drops a repeated word without a sound, so a repeat is always a slip:
// a word meant for another language's row, or a list edited twice. This test reads every
// `new Set([...])` of string literals in src/core and names each word written twice.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseAst } from 'vite'

const core = resolve(import.meta.dirname, '../../src/core')

interface Node {
  type: string
  start: number
  [key: string]: unknown
}

/** Each word list of a file (a `new Set([...])` of string literals only), with its line. */
function wordLists(file: string, source: string): Array<{ line: number; words: string[] }> {
  const out: Array<{ line: number; words: string[] }> = []
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit)
    if (!n || typeof n !== 'object' || typeof (n as Node).type !== 'string') return
    const node = n as Node
    const callee = node.callee as Node | undefined
    const list = (node.arguments as Node[] | undefined)?.[0]
    if (node.type === 'NewExpression' && callee?.type === 'Identifier' && callee.name === 'Set' && list?.type === 'ArrayExpression') {
      const elements = list.elements as Array<Node | null>
      if (elements.length > 0 && elements.every((e) => e?.type === 'Literal' && typeof e.value === 'string')) {
        out.push({ line: source.slice(0, node.start).split('\n').length, words: elements.map((e) => e!.value as string) })
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'parent') visit(value)
  }
  visit(parseAst(source, { lang: 'ts' }, file))
  return out
}

function repeats(words: string[]): string[] {
  return words.filter((w, i) => words.indexOf(w) !== i)
}

describe('word lists in src/core', () => {
  const files = readdirSync(core).filter((f) => f.endsWith('.ts'))
  const lists = files.flatMap((f) => wordLists(f, readFileSync(join(core, f), 'utf8')).map((l) => ({ file: f, ...l })))

  it('are found (NOT_A_NAME and CUSTOMER_WORDS among them)', () => {
    const inClaims = lists.filter((l) => l.file === 'claims.ts')
    expect(inClaims.some((l) => l.words.includes('kundendienst') && l.words.includes('appelez'))).toBe(true)
    expect(inClaims.some((l) => l.words.includes('customers') && l.words.includes('klanten'))).toBe(true)
  })

  it('name no word twice', () => {
    expect(lists.flatMap((l) => repeats(l.words).map((w) => `${l.file}:${l.line} repeats ${JSON.stringify(w)}`))).toEqual([])
  })

  it('names each repeated word with its file and line (the checker itself)', () => {
    const sample = `const A = new Set(['a', 'b'])\nconst B = new Set([\n  'de', 'des', 'x',\n  'de', 'des',\n])\nconst C = new Set([1, 1])\n`
    expect(wordLists('sample.ts', sample).map((l) => [l.line, repeats(l.words)])).toEqual([[1, []], [2, ['de', 'des']]])
  })
})
