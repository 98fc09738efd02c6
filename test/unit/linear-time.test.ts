// Catastrophic backtracking is a denial of service: a scam page can hold a megabyte of text
// shaped to stress each regular expression. Every text-facing function must take time linear
// in its input on such text.
//
// How this is measured without trusting absolute timings on a busy machine:
// - each call runs in a worker thread, so a call that never ends is stopped at CAP_MS (a
//   synchronous regex cannot be interrupted in the test's own thread) and fails fast;
// - linear code takes ~4x as long on four times the text, quadratic code ~16x: the bound is
//   time(1 MB) ≤ 3 × (4 × time(256 KB)), a ratio of at most 12;
// - the 256 KB time counts as at least FLOOR_MS: below that it is mostly noise, and V8 alone
//   adds up to ~100 ms to some regex calls between 512 KB and 1 MB (backtrack stack and result
//   buffers outgrow their first allocation; from 1 MB to 2 MB growth is linear again). So a 1 MB
//   time under MAX_RATIO × FLOOR_MS passes without a baseline;
// - otherwise the 256 KB time is the min of 3 runs, and the 1 MB time is re-timed while the
//   ratio is over the bound (min of up to 3 runs), so one noisy run does not fail the test.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { collectLexicon, type LexiconTerms } from '../../src/core/claims'
import { realIndex } from '../helpers/registry'

const MB = 1024 * 1024
const SMALL = MB / 4
const CAP_MS = 5_000
const MAX_RATIO = 12
const FLOOR_MS = 25
const RUNS = 3

/** Repeating units that stress the number finder, the claim detector and the folding. */
const PATTERNS: Array<[name: string, unit: string]> = [
  ['digits and dashes "1-2-3-4-"', '1-2-3-4-5-6-7-8-9-0-'],
  ['open brackets "(((("', '('],
  ['digits and spaces "1 1 1 1"', '1 '],
  ['plus signs "+1+1+1"', '+1'],
  ['dotted digits "1.2.3.4"', '1.2.3.4.'],
  ['a wall of digits', '8005550142'],
  ['fullwidth digits with zero-width spaces', '１\u200b'],
  ['mathematical digits with dashes "𝟏-𝟖-"', '𝟏-𝟖-'],
  ['look-alike letters "1O1l1O"', '1O1l'],
  ['vanity groups "1-800-MY-"', '1-800-MY-'],
  ['letter-spaced text "a.a.a.a"', 'a.'],
  ['letter-spaced "A-p-p-l-e-" that never ends', 'A-p-p-l-e-'],
  ['the brand repeated "Apple Apple"', 'Apple '],
  ['letter-spaced non-Latin "ж.ж.ж."', 'ж.'],
  ['brand first words with no rest "app app"', 'app '],
  ['a brand word glued to letters "happyapple"', 'happyapplex'],
  ['brand anchors inside words, no brand "xappx xmacx"', 'xappx xmacx '],
  ['brand anchors glued into one endless word "xxappxx"', 'xxappxx'],
  ['a phrase\u2019s first word glued to letters "appxxxxxxxxxxx"', 'appxxxxxxxxxxx'],
  ['apostrophe suffixes "app\u2019x\u2019app"', "app'x"],
  ['letter-spaced anchors, no brand "a.p.p.x."', 'a.p.p.x.'],
  ['the brand in Chinese "苹果苹果"', '苹果'],
  ['support words', 'support help line customer care call '],
  ['red-flag prefixes "do not do not"', 'do not '],
  ['mixed scam text', 'Apple Support 1-800-275-2273 A.p.p.l.e 𝟏𝟖𝟎𝟎 gift card 苹果客服 '],
]

const FUNCTIONS = ['findCandidates', 'claimIn', 'redFlagsIn', 'read', 'brandPrefilter', 'brandPrefilterNodes', 'deobfuscate', 'fold'] as const
type Fn = (typeof FUNCTIONS)[number]

// CommonJS run by the worker: tsx compiles the TypeScript sources on require.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createRequire } = require('node:module')
const load = createRequire(workerData.from)
load('tsx/cjs/api').register()
const { findCandidates } = load('../../src/core/candidates.ts')
const { ClaimDetector, deobfuscate } = load('../../src/core/claims.ts')
const { fold } = load('../../src/core/normalize.ts')
const { brandPrefilter } = load('../../src/core/brand-prefilter.ts')
const detector = new ClaimDetector(workerData.terms)
const prefilter = brandPrefilter(workerData.terms.brand)
const fns = {
  findCandidates: (s) => findCandidates(s),
  claimIn: (s) => detector.claimIn(s),
  redFlagsIn: (s) => detector.redFlagsIn(s),
  read: (s) => detector.read(s),
  brandPrefilter: (s) => prefilter.test(s),
  // The content script's reading: text nodes joined, one starting every 3, 7 or 30 characters
  // (a page's cells rendered with no whitespace between them read as one endless word).
  brandPrefilterNodes: (s) => [3, 7, 30].map((k) => prefilter.test(s, Array.from({ length: Math.floor((s.length - 1) / k) }, (_, i) => k * (i + 1)))),
  deobfuscate: (s) => deobfuscate(s),
  fold: (s) => fold(s),
}
// V8 compiles a regex lazily per string width and again when it tiers up: not part of the cost.
for (const s of ['warm up 1-800', 'warm up 1-800', 'wärm üp 苹果 1-800', 'wärm üp 苹果 1-800']) for (const f of Object.values(fns)) f(s)
let key = ''
let text = ''
parentPort.on('message', ({ fn, unit, length }) => {
  if (key !== length + ':' + unit) {
    key = length + ':' + unit
    text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
    void /$/.test(text) // flatten the string outside the timed call
  }
  const start = performance.now()
  fns[fn](text)
  parentPort.postMessage({ ms: performance.now() - start })
})
parentPort.postMessage({ ready: true })
`

class Bench {
  #worker: Worker | null = null
  #ready: Promise<void> | null = null

  constructor(private readonly terms: LexiconTerms) {}

  #start(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { from: fileURLToPath(import.meta.url), terms: this.terms } })
    this.#worker = worker
    this.#ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    return this.#ready
  }

  /** Milliseconds one call took, or Infinity when it was stopped at CAP_MS. */
  async time(fn: Fn, unit: string, length: number): Promise<number> {
    if (!this.#worker) await this.#start()
    else await this.#ready
    const worker = this.#worker!
    return new Promise<number>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
      }
      const onMessage = (m: { ms: number }): void => {
        done()
        resolve(m.ms)
      }
      const onError = (e: Error): void => {
        done()
        reject(e)
      }
      const timer = setTimeout(() => {
        done()
        void worker.terminate()
        this.#worker = null
        resolve(Infinity)
      }, CAP_MS)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.postMessage({ fn, unit, length })
    })
  }

  async stop(): Promise<void> {
    await this.#worker?.terminate()
    this.#worker = null
  }
}

let bench: Bench

beforeAll(async () => {
  bench = new Bench(collectLexicon((await realIndex()).payload))
  await bench.time('fold', 'x', 16) // start the worker and pay its warm-up here
}, 120_000)

afterAll(() => bench.stop())

const format = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : `over ${CAP_MS} ms (stopped)`)

describe.each(FUNCTIONS)('%s', (fn) => {
  it.each(PATTERNS)('takes linear time on 1 MB of %s', async (_name, unit) => {
    let large = await bench.time(fn, unit, MB)
    let small = Infinity
    let ratio = large / FLOOR_MS
    for (let run = 1; ratio > MAX_RATIO && run <= RUNS; run++) {
      if (run === 1) for (let i = 0; i < RUNS; i++) small = Math.min(small, await bench.time(fn, unit, SMALL))
      else large = Math.min(large, await bench.time(fn, unit, MB))
      ratio = large / Math.max(small, FLOOR_MS)
    }
    const report = `${fn}: 1 MB ${format(large)}, 256 KB ${Number.isFinite(small) ? format(small) : 'not needed'}, ratio ${ratio.toFixed(1)}`
    expect(large, report).toBeLessThan(CAP_MS)
    expect(ratio, report).toBeLessThanOrEqual(MAX_RATIO)
  }, 120_000)
})
