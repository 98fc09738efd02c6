// The content script's badge placer under happy-dom and a manual clock: where a badge goes, one
// per printed copy, and how it backs off from a page that keeps removing badges.
import { describe, it, expect } from 'vitest'
import { Window } from 'happy-dom'
import { BadgePlacer, numberTag, placeAfter } from '../../src/content/badge-placer'
import { BLOCK_TAGS, TEXT_BLOCK_TAGS } from '../../src/core/blocks'
import type { ScanFinding } from '../../src/core/page-scan'
import type { PageVerdict } from '../../src/messages'
import { unmetered } from '../../src/content/timing'
import { finding, spoofedVerdict } from '../helpers/findings'
import { ManualClock } from '../helpers/manual-clock'

function page(body: string): Document {
  const window = new Window({ url: 'https://help.example/page' })
  window.document.write(`<!doctype html><html><head><title>Help</title></head><body>${body}</body></html>`)
  return window.document as unknown as Document
}

/** The text node of element #id that holds `text`. */
function textIn(doc: Document, id: string): Text {
  const walker = doc.createTreeWalker(doc.getElementById(id)!, 0x4)
  return walker.nextNode() as Text
}

interface Placing {
  placer: BadgePlacer
  clock: ManualClock
  life: AbortController
  requeued: Node[][]
  showOfficial: boolean
}

function placer(doc: Document): Placing {
  const clock = new ManualClock()
  const life = new AbortController()
  const p: Placing = {
    clock,
    life,
    requeued: [],
    showOfficial: true,
    placer: null as unknown as BadgePlacer,
  }
  p.placer = new BadgePlacer(doc, { clock, meter: unmetered, signal: life.signal, showOfficial: () => p.showOfficial, requeue: (nodes) => p.requeued.push(nodes) })
  return p
}

const spoofed = (f: ScanFinding): [ScanFinding, PageVerdict, null] => [f, spoofedVerdict(f.digits), null]
const badgesIn = (doc: Document): Element[] => [...doc.querySelectorAll('truedial-badge')]

describe('where a badge goes', () => {
  it('after the link around a number, through inline tags inside the link', () => {
    const doc = page('<p>Apple Support: <a id="call" href="#help"><b><i id="n">1-888-555-0100</i></b></a> now.</p>')
    expect(placeAfter({ anchor: textIn(doc, 'n') })).toBe(doc.getElementById('call'))
  })

  it('after the number\u2019s own text when a text block stands between it and a link', () => {
    const doc = page('<a id="card" href="/support"><div><p id="n">Apple Support: 1-888-555-0100</p></div></a>')
    const text = textIn(doc, 'n')
    expect(placeAfter({ anchor: text })).toBe(text)
  })

  it('after a link around a button, where a click on the badge neither follows the link nor presses the button', () => {
    const doc = page('<p><a id="call" href="/support"><button id="n">1-888-555-0100</button></a></p>')
    expect(placeAfter({ anchor: textIn(doc, 'n') })).toBe(doc.getElementById('call'))
  })

  it('reads text blocks as the scanner does: every one of them is a block to the scanner', () => {
    for (const tag of TEXT_BLOCK_TAGS) expect(BLOCK_TAGS.has(tag), tag).toBe(true)
  })
})

describe('the badge placer', () => {
  it('places one badge per printed copy, however often it is handed the same copy', async () => {
    const doc = page('<p id="a">Apple Support: +1-888-555-0100 or call +1-888-555-0100 any time.</p>')
    const { placer: p } = placer(doc)
    const anchor = textIn(doc, 'a')
    const first = finding('+1-888-555-0100', { anchor })
    const second = finding('+1-888-555-0100', { anchor, copy: 1 })
    await p.placeAll([spoofed(first)], p.nextRound())
    await p.placeAll([spoofed(first)], p.nextRound())
    expect(badgesIn(doc)).toHaveLength(1)
    await p.placeAll([spoofed(second), spoofed(second)], p.nextRound())
    expect(badgesIn(doc).map((b) => b.getAttribute('data-e164'))).toEqual(['+18885550100', '+18885550100'])
    expect(anchor.nextSibling?.nodeName).toBe('TRUEDIAL-BADGE')
  })

  it('badges two unverified numbers of one text node, each once', async () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100 or 1-888-555-0101.</p>')
    const { placer: p } = placer(doc)
    const anchor = textIn(doc, 'a')
    const unverified: PageVerdict = { verdict: 'unverified', detail: null }
    const items: Array<[ScanFinding, PageVerdict, null]> = ['1-888-555-0100', '1-888-555-0101'].map((n) => [finding(n, { anchor }), unverified, null])
    await p.placeAll(items, p.nextRound())
    await p.placeAll(items, p.nextRound())
    expect(badgesIn(doc).map((b) => b.getAttribute('data-verdict'))).toEqual(['unverified', 'unverified'])
  })

  it('counts only its own badges: a badge the page forged does not stand in for one', async () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100<truedial-badge data-e164="+18885550100"></truedial-badge></p>')
    const { placer: p } = placer(doc)
    await p.placeAll([spoofed(finding('1-888-555-0100', { anchor: textIn(doc, 'a') }))], p.nextRound())
    expect(badgesIn(doc)).toHaveLength(2)
  })

  it('gives no green badge to a number on Apple\u2019s list when the setting says so', async () => {
    const doc = page('<p id="a">Apple Support: 1-800-275-2273</p>')
    const placing = placer(doc)
    placing.showOfficial = false
    const f = finding('1-800-275-2273', { anchor: textIn(doc, 'a') })
    const official: PageVerdict = { verdict: 'official', detail: { e164: '+18002752273' } as PageVerdict['detail'] }
    await placing.placer.placeAll([[f, official, null]], placing.placer.nextRound())
    expect(badgesIn(doc)).toHaveLength(0)
    placing.showOfficial = true
    await placing.placer.placeAll([[f, official, null]], placing.placer.nextRound())
    expect(badgesIn(doc).map((b) => b.getAttribute('data-verdict'))).toEqual(['official'])
  })

  it('hands each finding over once until the page navigates', () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100</p>')
    const { placer: p } = placer(doc)
    const f = finding('1-888-555-0100', { anchor: textIn(doc, 'a') })
    expect(p.unhandled([f, f])).toEqual([f])
    expect(p.unhandled([f])).toEqual([])
    expect(p.unhandled([finding('1-888-555-0100', { anchor: f.anchor, copy: 1 })])).toHaveLength(1)
    p.forgetHandled()
    expect(p.unhandled([f])).toEqual([f])
  })

  it('puts back a badge the page removed three times at once, then backs off with growing delays, and looks again when a delay ends', async () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100</p>')
    const { placer: p, clock, requeued } = placer(doc)
    const look = async (): Promise<number> => {
      const f = finding('1-888-555-0100', { anchor: textIn(doc, 'a') })
      p.unhandled([f])
      await p.placeAll([spoofed(f)], p.nextRound())
      return badgesIn(doc).length
    }
    /** The page re-renders the paragraph, dropping its badge. */
    const rerender = (): void => {
      doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: 1-888-555-0100</p>'
    }
    expect(await look()).toBe(1)
    for (let i = 0; i < 3; i++) {
      rerender()
      clock.time += 50
      expect(await look()).toBe(1)
    }
    // The fourth removal: held back until a second after the third re-insertion.
    rerender()
    clock.time += 50
    expect(await look()).toBe(0)
    expect(clock.pending).toBe(1)
    await clock.advance(800)
    expect(requeued).toEqual([])
    await clock.advance(200)
    expect(requeued).toEqual([[doc.getElementById('a')!.firstChild]])
    // Looked at again: the badge is back, and the next one waits two seconds.
    expect(await look()).toBe(1)
    rerender()
    clock.time += 50
    expect(await look()).toBe(0)
    await clock.advance(1_900)
    expect(requeued).toHaveLength(1)
    await clock.advance(100)
    expect(requeued).toHaveLength(2)
  })

  it('backs off per number: the page removing one number\u2019s badges costs another number nothing', async () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100</p><p id="b">Apple Support: 1-888-555-0199</p>')
    const { placer: p, clock } = placer(doc)
    const other = finding('1-888-555-0199', { anchor: textIn(doc, 'b') })
    for (let i = 0; i < 6; i++) {
      doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: 1-888-555-0100</p>'
      clock.time += 50
      await p.placeAll([spoofed(finding('1-888-555-0100', { anchor: textIn(doc, 'a') }))], p.nextRound())
    }
    expect(doc.querySelectorAll('#a truedial-badge')).toHaveLength(0)
    await p.placeAll([spoofed(other)], p.nextRound())
    expect(doc.querySelectorAll('#b truedial-badge')).toHaveLength(1)
  })

  it('places in slices of about 8 ms, giving the page its main thread back in between', async () => {
    const doc = page(Array.from({ length: 40 }, (_, i) => `<p id="p${i}">Apple Support: 1-888-555-0100</p>`).join(''))
    const { placer: p, clock } = placer(doc)
    const perSlice: number[] = []
    clock.onYield = () => perSlice.push(badgesIn(doc).length - perSlice.reduce((a, b) => a + b, 0))
    clock.tick = 1
    await p.placeAll(Array.from({ length: 40 }, (_, i) => spoofed(finding('1-888-555-0100', { anchor: textIn(doc, `p${i}`) }))), p.nextRound())
    expect(badgesIn(doc)).toHaveLength(40)
    expect(perSlice.length).toBeGreaterThan(3)
    expect(Math.max(...perSlice)).toBeLessThanOrEqual(9)
  })

  it('takes its badges off the page and forgets its retries once aborted', async () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0100</p><p id="b">Apple Support: 1-888-555-0199</p>')
    const { placer: p, clock, life, requeued } = placer(doc)
    for (let i = 0; i < 5; i++) {
      doc.getElementById('a')!.outerHTML = '<p id="a">Apple Support: 1-888-555-0100</p>'
      await p.placeAll([spoofed(finding('1-888-555-0100', { anchor: textIn(doc, 'a') }))], p.nextRound())
    }
    await p.placeAll([spoofed(finding('1-888-555-0199', { anchor: textIn(doc, 'b') }))], p.nextRound())
    expect(clock.pending).toBe(1)
    life.abort()
    expect(badgesIn(doc)).toHaveLength(0)
    expect(clock.pending).toBe(0)
    await p.placeAll([spoofed(finding('1-888-555-0199', { anchor: textIn(doc, 'b') }))], p.nextRound())
    expect(badgesIn(doc)).toHaveLength(0)
    expect(requeued).toEqual([])
  })
})

describe('marking the number itself', () => {
  /** A page whose window has the Custom Highlight API (happy-dom has none): a registry of sets. */
  function withHighlights(body: string): { doc: Document; registry: Map<string, Set<Range>> } {
    const doc = page(body)
    const registry = new Map<string, Set<Range>>()
    const view = doc.defaultView!
    Object.defineProperty(view, 'Highlight', { value: class extends Set<Range> {}, configurable: true })
    Object.defineProperty(view, 'CSS', { value: { highlights: registry }, configurable: true })
    return { doc, registry }
  }

  it('names the number on its badge only when text stands between them', () => {
    const doc = page('<p id="a">Apple Support: 1-888-555-0142 or 1-844-555-0199.</p>')
    const text = textIn(doc, 'a')
    const at = (n: string) => text.data.indexOf(n) + n.length
    expect(numberTag(finding('1-888-555-0142', { endNode: text, endOffset: at('1-888-555-0142') }))).toBe('…0142')
    // Only a full stop after it: the badge follows the number.
    expect(numberTag(finding('1-844-555-0199', { endNode: text, endOffset: at('1-844-555-0199') }))).toBeNull()
  })

  it('highlights exactly each number\u2019s characters in its verdict\u2019s tone, and puts the badges in the numbers\u2019 order', async () => {
    const { doc, registry } = withHighlights('<p id="a">Apple Support: 1-800-275-2273 is real, 1-888-555-0142 is not.</p>')
    const { placer: p } = placer(doc)
    const text = textIn(doc, 'a')
    const span = (n: string): Partial<ScanFinding> => ({ anchor: text, startNode: text, startOffset: text.data.indexOf(n), endNode: text, endOffset: text.data.indexOf(n) + n.length })
    const real = finding('1-800-275-2273', span('1-800-275-2273'))
    const fake = finding('1-888-555-0142', span('1-888-555-0142'))
    const official: PageVerdict = { verdict: 'official', detail: { e164: '+18002752273' } as PageVerdict['detail'] }
    await p.placeAll([[real, official, null], spoofed(fake)], p.nextRound())
    expect([...(registry.get('truedial-ok') ?? [])].map(String)).toEqual(['1-800-275-2273'])
    expect([...(registry.get('truedial-red') ?? [])].map(String)).toEqual(['1-888-555-0142'])
    expect(badgesIn(doc).map((b) => b.getAttribute('data-e164'))).toEqual(['+18002752273', '+18885550142'])
    // The page's text is untouched.
    expect(doc.getElementById('a')!.firstChild).toBe(text)
    expect(text.data).toBe('Apple Support: 1-800-275-2273 is real, 1-888-555-0142 is not.')
  })

  it('takes its marks off with its badges when it stops', async () => {
    const { doc, registry } = withHighlights('<p id="a">Apple Support: 1-888-555-0142</p>')
    const { placer: p, life } = placer(doc)
    const text = textIn(doc, 'a')
    await p.placeAll([spoofed(finding('1-888-555-0142', { anchor: text, startNode: text, startOffset: 15, endNode: text, endOffset: 29 }))], p.nextRound())
    expect(registry.get('truedial-red')?.size).toBe(1)
    life.abort()
    expect(registry.has('truedial-red')).toBe(false)
    expect(badgesIn(doc)).toHaveLength(0)
  })
})
