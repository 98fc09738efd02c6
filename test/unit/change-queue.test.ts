// The content script's change queue under happy-dom and a manual clock: what a flush hands over,
// and when.
import { describe, it, expect, afterEach, vi } from 'vitest'
import { ChangeQueue, MAX_QUEUE, type Change } from '../../src/content/change-queue'
import { unmetered } from '../../src/content/timing'
import { ManualClock } from '../helpers/manual-clock'
import { watchedPage } from '../helpers/happy-page'

afterEach(() => {
  vi.unstubAllGlobals()
})

const page = watchedPage

interface Watched {
  queue: ChangeQueue
  clock: ManualClock
  life: AbortController
  /** Every flush, with the clock time it came at. */
  flushes: Array<{ at: number; change: Change }>
}

function watch(doc: Document): Watched {
  const clock = new ManualClock()
  const life = new AbortController()
  const flushes: Watched['flushes'] = []
  const queue = new ChangeQueue(doc, { clock, meter: unmetered, signal: life.signal, flush: (change) => flushes.push({ at: clock.time, change }) })
  queue.start()
  return { queue, clock, life, flushes }
}

const ids = (change: Change | undefined): string[] => (change?.kind === 'roots' ? change.roots.map((n) => (n as Element).id || n.nodeName) : [])

describe('the change queue', () => {
  it('hands over what changed in one flush, 50 ms after the first change', async () => {
    const doc = page('<p id="a">one</p><div id="b"></div>')
    const { clock, flushes, queue } = watch(doc)
    doc.getElementById('a')!.append(' more')
    await clock.advance(20)
    doc.getElementById('b')!.insertAdjacentHTML('beforeend', '<p id="c">two</p>')
    await clock.advance(29)
    expect(queue.waiting).toBe(true)
    expect(flushes).toEqual([])
    await clock.advance(1)
    expect(flushes.map((f) => f.at)).toEqual([50])
    // An added text node is read in its parent.
    expect(ids(flushes[0]?.change)).toEqual(['a', 'c'])
    expect(queue.waiting).toBe(false)
    await clock.advance(500)
    expect(flushes).toHaveLength(1)
  })

  it('queues the parent of a text node whose text changed', async () => {
    const doc = page('<p id="a">one</p>')
    const { clock, flushes } = watch(doc)
    ;(doc.getElementById('a')!.firstChild as Text).data = 'two'
    await clock.advance(50)
    expect(ids(flushes[0]?.change)).toEqual(['a'])
  })

  it('takes no notice of TrueDial\u2019s own badges', async () => {
    const doc = page('<p id="a">one</p>')
    const { clock, flushes, queue } = watch(doc)
    doc.getElementById('a')!.append(doc.createElement('truedial-badge'))
    await clock.advance(200)
    expect(flushes).toEqual([])
    expect(queue.waiting).toBe(false)
  })

  it('drops changed nodes the page removed again before the flush', async () => {
    const doc = page('<div id="list"></div>')
    const { clock, flushes } = watch(doc)
    const list = doc.getElementById('list')!
    list.insertAdjacentHTML('beforeend', '<p id="gone">x</p><p id="kept">y</p>')
    doc.getElementById('gone')!.remove()
    await clock.advance(50)
    expect(ids(flushes[0]?.change)).toEqual(['kept'])
  })

  it('turns a mutation storm into one rescan of the page, at most every two seconds', async () => {
    const doc = page('<div id="feed"></div>')
    const { clock, flushes, queue } = watch(doc)
    const feed = doc.getElementById('feed')!
    const storm = (): void => {
      for (let i = 0; i <= MAX_QUEUE; i++) feed.append(doc.createElement('span'))
    }
    queue.fullScanStarted()
    storm()
    await clock.advance(1)
    // The first storm waits until two seconds after the last full scan.
    await clock.advance(3_000)
    expect(flushes.map((f) => [f.at, f.change.kind])).toEqual([[2_000, 'storm']])
    // The rescan starts, and the page storms on: the next rescan is two seconds after that one.
    const rescan = clock.time
    queue.fullScanStarted()
    storm()
    await clock.advance(3_000)
    expect(flushes.map((f) => [f.at, f.change.kind])).toEqual([
      [2_000, 'storm'],
      [rescan + 2_000, 'storm'],
    ])
    // A quiet page afterwards: small changes go out after the usual 50 ms again.
    feed.append(doc.createElement('b'))
    const at = clock.time
    await clock.advance(100)
    expect(flushes.at(-1)).toEqual({ at: at + 50, change: { kind: 'roots', roots: [feed.lastChild] } })
  })

  it('reports a move to another address without a reload, with the new address and nothing of the old page', async () => {
    const doc = page('<main id="app"><p>old</p></main>')
    const { clock, flushes } = watch(doc)
    const window = doc.defaultView!
    window.history.pushState({}, '', '/next')
    doc.getElementById('app')!.innerHTML = '<p>new</p>'
    await clock.advance(50)
    expect(flushes.map((f) => f.change)).toEqual([{ kind: 'navigated', url: 'https://help.example/next' }])
    // Back to the old address: popstate alone (no change in the DOM) makes a flush.
    window.history.replaceState({}, '', '/page')
    window.dispatchEvent(new window.PopStateEvent('popstate'))
    await clock.advance(50)
    expect(flushes.map((f) => f.change)).toEqual([
      { kind: 'navigated', url: 'https://help.example/next' },
      { kind: 'navigated', url: 'https://help.example/page' },
    ])
  })

  it('looks again at nodes it is handed back, in their parents', async () => {
    const doc = page('<p id="a">one</p>')
    const { clock, flushes, queue } = watch(doc)
    queue.requeue([doc.getElementById('a')!.firstChild!])
    await clock.advance(50)
    expect(ids(flushes[0]?.change)).toEqual(['a'])
  })

  it('stops observing and drops what it holds once aborted', async () => {
    const doc = page('<p id="a">one</p>')
    const { clock, flushes, life } = watch(doc)
    doc.getElementById('a')!.append(' more')
    await clock.settle()
    life.abort()
    expect(clock.pending).toBe(0)
    doc.getElementById('a')!.append(' and more')
    doc.defaultView!.dispatchEvent(new (doc.defaultView!.PopStateEvent)('popstate'))
    await clock.advance(500)
    expect(flushes).toEqual([])
    expect(clock.pending).toBe(0)
  })
})
