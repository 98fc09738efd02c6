// The content script's watch over a page, under happy-dom with a stand-in background and a manual
// clock: which numbers it asks about, and how it places their badges. The browser tests
// (test/e2e) run the same class in Chromium; these look at what a browser test cannot count.
import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest'
import { PageWatch, type WatchOptions } from '../../src/content/page-watch'
import * as scanner from '../../src/content/scanner'
import { BrandPrefilter, compilePrefilter } from '../../src/core/brand-prefilter'
import { ClaimDetector, collectLexicon } from '../../src/core/claims'
import type { FindingRequest } from '../../src/core/judge-finding'
import type { PageVerdict } from '../../src/messages'
import { ManualClock } from '../helpers/manual-clock'
import { realIndex } from '../helpers/registry'
import { watchedPage } from '../helpers/happy-page'

let detector: ClaimDetector
let prefilter: BrandPrefilter
beforeAll(async () => {
  const lexicon = collectLexicon((await realIndex()).payload)
  detector = new ClaimDetector(lexicon)
  prefilter = new BrandPrefilter(compilePrefilter(lexicon.brand))
})

afterEach(() => {
  vi.unstubAllGlobals()
})

const page = watchedPage

/** The page replaces paragraph #a with the same text (dropping its badge); waits until the watch has looked at it. */
async function rerender(doc: Document, w: PageWatch, clock: ManualClock): Promise<void> {
  const scans = w.state.scans
  doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: call 1-888-555-0100</p>'
  await clock.until(() => w.state.scans > scans, 1_000)
}

const spoofed = (f: FindingRequest): PageVerdict => ({ verdict: 'spoofed', detail: { e164: `+${f.digits}` } as PageVerdict['detail'] })
const allSpoofed: WatchOptions['judge'] = async (_url, findings) => ({ verdicts: findings.map(spoofed), report: null })

interface Watched {
  watch: PageWatch
  clock: ManualClock
  /** The number of badges on the page at each yield to the page. */
  yields: () => number[]
  badges: () => number
}

/** Runs a watch on a manual clock until its first scan and every badge are done. */
async function watch(doc: Document, judge: WatchOptions['judge'], more: Partial<WatchOptions> = {}): Promise<Watched> {
  const badges = (): number => doc.querySelectorAll('truedial-badge').length
  const yields: number[] = []
  const clock = new ManualClock()
  clock.onYield = () => yields.push(badges())
  const w = new PageWatch(doc, {
    prefilter,
    connect: async () => ({ scanner, detector, showOfficial: true }),
    judge,
    reset: async () => {},
    alive: () => true,
    clock,
    ...more,
  })
  w.start()
  await clock.settle()
  expect(w.state.scans).toBe(1)
  return { watch: w, clock, yields: () => yields, badges }
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
    expect(w.state.badges).toBe(300)
    expect(w.state.requests).toBe(1)
    // The first scan is done and nothing is waiting: what the browser tests await.
    expect(w.state.pending).toBe(false)
    expect(w.state.scannedAt).toBeGreaterThanOrEqual(w.state.connectedAt)
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
    const { badges, clock, watch: w } = await watch(doc, allSpoofed)
    expect(badges()).toBe(2)
    // A change in the paragraph makes the watch read it again: no third badge.
    const scans = w.state.scans
    doc.getElementById('a')!.append(doc.createElement('span'))
    await clock.until(() => w.state.scans > scans, 1_000)
    expect(badges()).toBe(2)
    w.destroy()
  })

  it('places badges in slices, also for numbers it did not have to ask about (the same number in the same context)', async () => {
    const block = MAC
    const doc = page(block)
    let requests = 0
    const { yields, badges, clock, watch: w } = await watch(doc, async (_url, findings) => {
      requests++
      return { verdicts: findings.map(spoofed), report: null }
    })
    expect(badges()).toBe(1)
    // From here on, every reading of the clock is a millisecond later: a slice holds a few badges.
    clock.tick = 1
    const before = yields().length
    // The page adds the number 300 more times in the same context: its verdict is known, no request goes out.
    doc.body.insertAdjacentHTML('beforeend', block.repeat(300))
    await clock.until(() => badges() === 301, 60_000)
    expect(requests).toBe(1)
    // At a millisecond or more per badge, no slice places more than 9 of them.
    const counts = [...yields().slice(before), badges()]
    const most = Math.max(...counts.map((n, i) => n - (counts[i - 1] ?? 1)))
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(9)
    // Every slice was reported to the bench's timing, none of them long.
    expect(w.state.longestMs).toBeLessThanOrEqual(20)
    expect(w.state.busyMs).toBeGreaterThan(300)
    w.destroy()
  })

  it('gives every badge back after a page re-renders its numbers, or removes some and adds more', async () => {
    const doc = page(`<div id="list">${'<p>Apple Support: call 1-888-555-0100</p>'.repeat(12)}</div>`)
    const { badges, clock, watch: w } = await watch(doc, allSpoofed)
    expect(badges()).toBe(12)
    // One re-render that drops all twelve badges at once is one removal, not twelve.
    const list = doc.getElementById('list')!
    list.innerHTML = '<p>Apple Support: call 1-888-555-0100</p>'.repeat(12)
    await clock.until(() => badges() === 12, 1_000)
    for (const p of [...list.children].slice(0, 3)) p.remove()
    list.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0100</p>'.repeat(5))
    await clock.until(() => badges() === 14, 1_000)
    w.destroy()
  })

  it('puts a badge it held back in place once the back-off ends, with no new change on the page', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p>')
    const { badges, clock, watch: w } = await watch(doc, allSpoofed)
    for (let i = 0; i < 6; i++) await rerender(doc, w, clock)
    // Three free re-insertions, then the back-off held the badge back.
    expect(w.state.badges).toBe(1 + 3)
    expect(badges()).toBe(0)
    await clock.advance(200)
    expect(badges()).toBe(0)
    // The page stopped re-rendering: the number gets its badge back when the back-off (a second
    // after the third re-insertion) ends.
    const waited = await clock.until(() => badges() === 1, 6_000)
    expect(waited).toBeLessThan(1_000)
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
    const resets: string[] = []
    const { clock, watch: w } = await watch(doc, allSpoofed, { reset: async (url) => void resets.push(url) })
    await clock.advance(2_500)
    // Three free re-insertions and one or two after growing delays: not one per flush (about 40 in 2.5 s).
    expect(w.state.badges).toBeGreaterThanOrEqual(4)
    expect(w.state.badges).toBeLessThan(8)
    // Each move to a new address was reported to the background (the toolbar starts afresh).
    expect(resets.length).toBeGreaterThan(0)
    expect(resets.at(-1)).toBe(doc.location.href)
    fight.disconnect()
    w.destroy()
  })

  it('backs off from a page that keeps removing a badge, and only from that', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p><p>Apple Support: call 1-888-555-0199</p>')
    const { badges, clock, watch: w } = await watch(doc, allSpoofed)
    expect(badges()).toBe(2)
    // The page re-renders the first paragraph ten times in a row, dropping the badge each time.
    for (let i = 0; i < 10; i++) await rerender(doc, w, clock)
    // Three free re-insertions, then one a second at most: not ten.
    expect(w.state.badges).toBeLessThan(2 + 6)
    // The other number's badge stayed, and the same number elsewhere still gets its badge.
    expect(doc.querySelectorAll('truedial-badge[data-e164="+18885550199"]').length).toBe(1)
    doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0199</p>')
    await clock.until(() => doc.querySelectorAll('truedial-badge[data-e164="+18885550199"]').length === 2, 1_000)
    w.destroy()
  })

  it('starts afresh when a single-page app moves to another address: the background hears of it, and every number is looked at again', async () => {
    const doc = page('<p id="a">Apple Support: call 1-888-555-0100</p>')
    const resets: string[] = []
    const { badges, clock, watch: w } = await watch(doc, allSpoofed, { reset: async (url) => void resets.push(url) })
    expect(badges()).toBe(1)
    // The app took the badge away (its text stayed) and moved on to another address.
    doc.querySelector('truedial-badge')!.remove()
    doc.defaultView!.history.pushState({}, '', '/next')
    doc.body.append(doc.createElement('span'))
    await clock.until(() => resets.length > 0 && !w.state.pending, 1_000)
    expect(resets).toEqual(['https://help.example/next'])
    expect(badges()).toBe(1)
    w.destroy()
  })

  it('never asks the background anything on a page that does not name the brand, also after it changes', async () => {
    const doc = page('<p>Call 1-888-555-0100 for pizza.</p>')
    let connects = 0
    const { clock, watch: w } = await watch(doc, allSpoofed, {
      connect: async () => {
        connects++
        return { scanner, detector, showOfficial: true }
      },
    })
    doc.body.insertAdjacentHTML('beforeend', '<p>Or 1-888-555-0199 for pasta.</p>')
    await clock.until(() => w.state.scans === 2, 1_000)
    expect(connects).toBe(0)
    expect(w.state.connected).toBe(false)
    // The page names the brand later: now it connects, once, and the number gets its badge.
    doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0100</p>')
    await clock.until(() => w.state.badges === 1, 1_000)
    expect(connects).toBe(1)
    expect(w.state.connected).toBe(true)
    w.destroy()
  })

  it('stops quietly when the scanner cannot be loaded or TrueDial is paused on the site', async () => {
    for (const connect of [
      async () => {
        throw new TypeError('Failed to fetch dynamically imported module')
      },
      async () => null,
    ]) {
      const doc = page('<p>Apple Support: call 1-888-555-0100</p>')
      let asked = 0
      const { badges, clock, watch: w } = await watch(doc, async (_url, findings) => (asked++, { verdicts: findings.map(spoofed), report: null }), { connect })
      expect([badges(), asked, w.state.connected, w.signal.aborted]).toEqual([0, 0, false, true])
      // Later changes wake nothing.
      doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0199</p>')
      await clock.settle()
      expect([badges(), asked, clock.pending]).toEqual([0, 0, 0])
    }
  })

  it('starts no scan when it is stopped while the scanner is on its way', async () => {
    const doc = page('<p>Apple Support: call 1-888-555-0100</p>')
    const clock = new ManualClock()
    let arrive: (c: Awaited<ReturnType<WatchOptions['connect']>>) => void = () => {}
    let asked = 0
    const w = new PageWatch(doc, {
      prefilter,
      connect: () => new Promise((resolve) => (arrive = resolve)),
      judge: async (_url, findings) => (asked++, { verdicts: findings.map(spoofed), report: null }),
      reset: async () => {},
      alive: () => true,
      clock,
    })
    w.start()
    await clock.settle()
    w.destroy()
    arrive({ scanner, detector, showOfficial: true })
    await clock.settle()
    expect([doc.querySelectorAll('truedial-badge').length, asked, w.state.connected]).toEqual([0, 0, false])
  })

  it('stops quietly and takes its badges off the page when the background is gone', async () => {
    const doc = page('<p>Apple Support: call 1-888-555-0100</p>')
    let fail = false
    const { badges, clock, watch: w } = await watch(doc, async (_url, findings) => {
      if (fail) throw new Error('Extension context invalidated.')
      return { verdicts: findings.map(spoofed), report: null }
    })
    expect(badges()).toBe(1)
    fail = true
    doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0199</p>')
    await clock.advance(100)
    expect(badges()).toBe(0)
    expect(clock.pending).toBe(0)
    // Later changes wake nothing.
    doc.body.insertAdjacentHTML('beforeend', '<p>Apple Support: call 1-888-555-0188</p>')
    await clock.settle()
    expect(clock.pending).toBe(0)
  })
})
