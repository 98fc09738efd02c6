// Every number of the judgement corpus (test/fixtures/corpus) gets the verdict its label says,
// except the wrong verdicts listed in known-wrong.txt: each of those is a known gap, written down
// so that it cannot grow silently. A new wrong verdict fails, and so does a listed one that has
// become right (take it off the list).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CORPUS_DIR, formatWrong, loadCorpus, score, type Score } from '../corpus/corpus'
import { observeWithCli } from '../corpus/run-cli'
import { realIndex } from '../helpers/registry'

const cases = loadCorpus()
const known = readFileSync(join(CORPUS_DIR, 'known-wrong.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))

describe('the judgement corpus', () => {
  it('has at least 200 snippets in at least eight languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200)
    for (const lang of ['zh', 'ja', 'ko', 'de', 'fr', 'es', 'ar', 'en']) expect(cases.some((c) => c.lang === lang), lang).toBe(true)
  })

  it('lists no known wrong verdict of a snippet that does not exist', () => {
    const ids = new Set(cases.map((c) => c.id))
    expect(known.filter((l) => !ids.has(l.split(' :: ')[0]!))).toEqual([])
  })

  for (const c of cases) {
    it(`${c.id}: ${c.expect.map((e) => `${e.printed} → ${e.labels.join('|')}`).join(', ')}`, async () => {
      const index = await realIndex()
      const result: Score = { wrong: [], outcomes: [] }
      score(c, observeWithCli(index, c), result)
      expect(result.wrong.map(formatWrong).sort()).toEqual(known.filter((l) => l.startsWith(`${c.id} :: `)).sort())
    })
  }
})
