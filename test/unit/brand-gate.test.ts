// The content script's first check, under happy-dom and a manual clock: does a page (or what
// changed on it) name the brand at all?
import { describe, it, expect } from 'vitest'
import { Window } from 'happy-dom'
import { BrandGate } from '../../src/content/brand-gate'
import { meterInto } from '../../src/content/timing'
import { brandPrefilter } from '../../src/core/brand-prefilter'
import { ManualClock } from '../helpers/manual-clock'

const prefilter = brandPrefilter(['Apple', 'App Store', 'iPhone'])

function page(head: string, body: string): Document {
  const window = new Window({ url: 'https://help.example/page' })
  window.document.write(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`)
  return window.document as unknown as Document
}

function gate(doc: Document, life = new AbortController()): { gate: BrandGate; clock: ManualClock; timing: { busyMs: number; longestMs: number } } {
  const clock = new ManualClock()
  const timing = { busyMs: 0, longestMs: 0 }
  return { gate: new BrandGate(doc, { prefilter, clock, meter: meterInto(timing), signal: life.signal }), clock, timing }
}

describe('the brand gate', () => {
  it('lets a page through that names the brand in its text, title or meta data, and no other', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['<title>Help</title>', '<p>Call Apple Support</p>', true],
      ['<title>Apple Support</title>', '<p>Call us</p>', true],
      ['<meta property="og:site_name" content="Apple">', '<p>Call us</p>', true],
      ['<title>Help</title>', '<p>Call us about pineapple pizza</p>', false],
      ['<title>Help</title>', '<p>Call us</p>', false],
    ]
    for (const [head, body, named] of cases) {
      const doc = page(head, body)
      expect(await gate(doc).gate.named([doc.body]), `${head} ${body}`).toBe(named)
    }
  })

  it('reads a word that markup splits, and a word that starts a block right after another block\u2019s text', async () => {
    const doc = page('<title>Help</title>', '<p>Ap<b>ple</b> Sup<i>port</i></p>')
    expect(await gate(doc).gate.named([doc.body])).toBe(true)
    // The texts are joined with nothing between them ("pineapple"), but a node's start is a word start too.
    const apart = page('<title>Help</title>', '<p>pine</p><p>apple</p>')
    expect(await gate(apart).gate.named([apart.body])).toBe(true)
  })

  it('looks only at the roots it is given (and the page\u2019s names)', async () => {
    const doc = page('<title>Help</title>', '<p id="a">Apple Support</p><p id="b">Call us</p>')
    const { gate: g } = gate(doc)
    expect(await g.named([doc.getElementById('b')!])).toBe(false)
    expect(await g.named([doc.getElementById('a')!])).toBe(true)
    expect(await g.named([])).toBe(false)
  })

  it('finds the brand across the seam of two chunks of a long page, and yields to the page between chunks', async () => {
    // The title ("Help" and a line break) and 1,260 paragraphs of 26 characters come to just under
    // a 32 KB chunk: "Call Ap" ends the first chunk and "ple Support" starts the next.
    const filler = '<p>lorem ipsum dolor sit amet</p>'.repeat(1_260)
    const doc = page('<title>Help</title>', `${filler}<p>Call Ap<b>ple</b> Support</p>${filler}`)
    const { gate: g, clock } = gate(doc)
    expect(await g.named([doc.body])).toBe(true)
    expect(clock.yields).toBeGreaterThan(0)
  })

  it('reports every stretch of its work to the meter', async () => {
    const doc = page('<title>Help</title>', '<p>lorem ipsum dolor sit amet</p>'.repeat(3_000))
    const { gate: g, clock, timing } = gate(doc)
    clock.tick = 1
    expect(await g.named([doc.body])).toBe(false)
    expect(timing.busyMs).toBeGreaterThan(0)
    expect(timing.longestMs).toBeGreaterThan(0)
    expect(timing.longestMs).toBeLessThanOrEqual(timing.busyMs)
  })

  it('answers no once aborted, at the next chunk', async () => {
    const doc = page('<title>Help</title>', `${'<p>lorem ipsum dolor sit amet</p>'.repeat(3_000)}<p>Apple</p>`)
    const life = new AbortController()
    const { gate: g, clock } = gate(doc, life)
    clock.onYield = () => life.abort()
    expect(await g.named([doc.body])).toBe(false)
  })
})
