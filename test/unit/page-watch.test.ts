// The content script's watch over a page, under happy-dom with a stand-in background: which
// numbers it asks about, and how it places their badges. The browser tests (test/e2e) run the
// same class in Chromium; these look at what a browser test cannot count.
import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest'
import { Window } from 'happy-dom'
import { PageWatch, type WatchOptions } from '../../src/content/page-watch'
import { BrandPrefilter, compilePrefilter } from '../../src/core/brand-prefilter'
import { ClaimDetector, collectLexicon } from '../../src/core/claims'
import type { FindingRequest } from '../../src/core/judge-finding'
import type { PageVerdict } from '../../src/messages'
import { realIndex } from '../helpers/registry'

let detector: ClaimDetector
let prefilter: BrandPrefilter
beforeAll(async () => {
  const lexicon = collectLexicon((await realIndex()).payload)
  detector = new ClaimDetector(lexicon)
  prefilter = new BrandPrefilter(compilePrefilter(lexicon.brand))
})

const realNow = performance.now.bind(performance)
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

function page(body: string): Document {
  const window = new Window({ url: 'https://help.example/page' })
  vi.stubGlobal('MutationObserver', window.MutationObserver)
  window.document.write(`<!doctype html><html><head><title>Help</title></head><body>${body}</body></html>`)
  return window.document as unknown as Document
}

/** The page replaces paragraph #a with the same text (dropping its badge); waits until the watch has looked at it. */
async function rerender(doc: Document, w: PageWatch): Promise<void> {
  const scans = w.state.scans
  doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: call 1-888-555-0100</p>'
  await vi.waitFor(() => expect(w.state.scans).toBeGreaterThan(scans), { timeout: 5_000 })
}

const spoofed = (f: FindingRequest): PageVerdict => ({ verdict: 'spoofed', detail: { e164: `+${f.digits}` } as PageVerdict['detail'] })

/** Runs a watch until its first scan and every badge are done; counts the times it gave the page its main thread back. */
async function watch(doc: Document, judge: WatchOptions['judge']): Promise<{ watch: PageWatch; yields: () => number[]; badges: () => number }> {
  const badges = (): number => doc.querySelectorAll('truedial-badge').length
  /** The number of badges on the page at each yield. */
  const yields: number[] = []
  vi.stubGlobal('scheduler', {
    yield: () => {
      yields.push(badges())
      return Promise.resolve()
    },
  })
  const w = new PageWatch(doc, {
    prefilter,
    connect: async () => ({ detector, showOfficial: true }),
    judge,
    reset: async () => {},
    alive: () => true,
  })
  w.start()
  await vi.waitFor(() => expect(w.state.scans).toBe(1), { timeout: 10_000 })
  return { watch: w, yields: () => yields, badges }
}

describe('the page watch', () => {
  // A verdict depends on the number's context: the words that claim it (quoted in its reasons) and
  // the text before it (where a country may be named). These lines have more than four words
  // before the number, so no earlier line is read as their label: every copy has the same context.
  const MAC = '<p>For help with your Mac, Apple Support: call 1-888-555-0100</p>'
  const IPHONE = '<p>For help with your iPhone, Apple Support: call 1-888-555-0100</p>'

  it('asks once about a number the page shows many times in the same context, and badges every one of them', async () => {
    const doc = page(MAC.repeat(300))
    const asked: FindingRequest[][] = []
    const { badges, watch: w } = await watch(doc, async (_url, findings) => {
      asked.push(findings)
      return { verdicts: findings.map(spoofed), report: null }
    })
    expect(asked.flat().map((f) => f.digits)).toEqual(['18885550100'])
    expect(badges()).toBe(300)
    w.destroy()
  })

  it('asks once per context about a number the page shows in two contexts, and badges every copy', async () => {
    const doc = page((MAC + IPHONE).repeat(150))
    const asked: FindingRequest[][] = []
    const { badges, watch: w } = await watch(doc, async (_url, findings) => {
      asked.push(findings)
      return { verdicts: findings.map(spoofed), report: null }
    })
    expect(asked.flat().map((f) => [f.digits, f.claim?.words])).toEqual([
      ['18885550100', 'For help with your Mac, Apple Support: call …'],
      ['18885550100', 'For help with your iPhone, Apple Support: call …'],
    ])
    expect(badges()).toBe(300)
    w.destroy()
  })

  it('badges every printed copy of a number in one text node, once, also after the page is looked at again', async () => {
    const doc = page('<p id="a">Apple Support: +1-888-555-0100 or call +1-888-555-0100 any time.</p>')
    const { badges, watch: w } = await watch(doc, async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null }))
    await vi.waitFor(() => expect(badges()).toBe(2), { timeout: 5_000 })
    // A change in the paragraph makes the watch read it again: no third badge.
    const scans = w.state.scans
    doc.getElementById('a')!.append(doc.createElement('span'))
    await vi.waitFor(() => expect(w.state.scans).toBeGreaterThan(scans), { timeout: 5_000 })
    expect(badges()).toBe(2)
    w.destroy()
  })

  it('places badges in slices, also for numbers it did not have to ask about (the same number in the same context)', async () => {
    const block = MAC
    const doc = page(block)
    let requests = 0
    const { yields, badges, watch: w } = await watch(doc, async (_url, findings) => {
      requests++
      return { verdicts: findings.map(spoofed), report: null }
    })
    expect(badges()).toBe(1)
    // From here on, every call to the clock is a millisecond later: a slice holds about 8 badges.
    let t = realNow()
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 1))
    const before = yields().length
    // The page adds the number 300 more times in the same context: its verdict is known, no request goes out.
    doc.body.insertAdjacentHTML('beforeend', block.repeat(300))
    await vi.waitFor(() => expect(badges()).toBe(301), { timeout: 10_000 })
    expect(requests).toBe(1)
    // At a millisecond or more per badge, no slice places more than 9 of them.
    const counts = [...yields().slice(before), badges()]
    const most = Math.max(...counts.map((n, i) => n - (counts[i - 1] ?? 1)))
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(9)
    w.destroy()
  })

  it('gives every badge back after a page re-renders its numbers, or removes some and adds more', async () => {
    const doc = page(`<div id="list">${'<p>Apple Support: call 1-888-555-0100</p>'.repeat(12)}</div>`)
    const { badges, watch: w } = await watch(doc, async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null }))
    expect(badges()).toBe(12)
    // One re-render that drops all twelve badges at once is one removal, not twelve.
    const list = doc.getElementById('list')!
    list.innerHTML = '<p>Apple Support: call 1-888-555-0100</p>'.repeat(12)
    await vi.waitFor(() => expect(badges()).toBe(12), { timeout: 5_000 })
    for (const p of [...list.children].slice(0, 3)) p.remove()
    list.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0100</p>'.repeat(5))
    await vi.waitFor(() => expect(badges()).toBe(14), { timeout: 5_000 })
    w.destroy()
  })

  it('puts a badge it held back in place once the back-off ends, with no new change on the page', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p>')
    const { badges, watch: w } = await watch(doc, async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null }))
    for (let i = 0; i < 6; i++) await rerender(doc, w)
    // Three free re-insertions, then the back-off held the badge back.
    expect(w.state.badges).toBeLessThan(1 + 6)
    expect(badges()).toBe(0)
    // The page stopped re-rendering: the number gets its badge back within the back-off.
    await vi.waitFor(() => expect(badges()).toBe(1), { timeout: 6_000, interval: 100 })
    w.destroy()
  })

  it('backs off from a page that re-renders and changes its address whenever a badge appears', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p>')
    const window = doc.defaultView!
    let n = 0
    // The page fights badges: each one it sees makes it re-render and move to a new address.
    const fight = new window.MutationObserver((records) => {
      if (!records.some((r) => [...r.addedNodes].some((x) => x.nodeName === 'TRUEDIAL-BADGE'))) return
      window.history.replaceState(null, '', `?v=${++n}`)
      doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: call 1-888-555-0100</p>'
    })
    fight.observe(doc.body, { childList: true, subtree: true })
    const { watch: w } = await watch(doc, async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null }))
    await new Promise((resolve) => setTimeout(resolve, 2500))
    // Three free re-insertions and one or two after growing delays: not one per flush (about 40 in 2.5 s).
    expect(w.state.badges).toBeLessThan(8)
    fight.disconnect()
    w.destroy()
  })

  it('backs off from a page that keeps removing a badge, and only from that', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p><p>Apple Support: call 1-888-555-0199</p>')
    const { badges, watch: w } = await watch(doc, async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null }))
    expect(badges()).toBe(2)
    // The page re-renders the first paragraph ten times in a row, dropping the badge each time.
    for (let i = 0; i < 10; i++) await rerender(doc, w)
    // Three free re-insertions, then one a second at most: not ten.
    expect(w.state.badges).toBeLessThan(2 + 6)
    // The other number's badge stayed, and the same number elsewhere still gets its badge.
    expect(doc.querySelectorAll('truedial-badge[data-e164="+18885550199"]').length).toBe(1)
    doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0199</p>')
    await vi.waitFor(() => expect(doc.querySelectorAll('truedial-badge[data-e164="+18885550199"]').length).toBe(2), { timeout: 5_000 })
    w.destroy()
  })
})
