// What changed on the page since the last look, handed over FLUSH_DELAY_MS after the first change.
// The MutationObserver callback does no real work: it queues roots and schedules a flush
// (STYLE.md habit 3). A mutation storm becomes one rescan of the page, at most every
// STORM_INTERVAL_MS; a single-page app's move to another address (history API, popstate) becomes
// a navigation.

import type { Clock, TimerId } from './clock'
import { OWN_NODE_NAMES } from './dom'
import { Stretch, type WorkMeter } from './timing'

const FLUSH_DELAY_MS = 50
/** Roots queued before a flush; past this, the change is a storm. */
export const MAX_QUEUE = 2000
/** After a queue overflow (a mutation storm), full rescans are at least this far apart. */
const STORM_INTERVAL_MS = 2000

/** What a flush hands over. */
export type Change =
  /** The page's address changed without a reload: what was queued belonged to the old page. */
  | { kind: 'navigated'; url: string }
  /** Too much changed to read piece by piece: the whole page is to be looked at again. */
  | { kind: 'storm' }
  /** The nodes (elements, or text nodes with no parent) whose subtrees changed, still in the page. */
  | { kind: 'roots'; roots: Node[] }

export interface ChangeQueueOptions {
  clock: Clock
  meter: WorkMeter
  /** Aborted: the queue stops observing and drops what it holds. */
  signal: AbortSignal
  /** A flush is due. */
  flush: (change: Change) => void
  /** A flush was scheduled (also while one is waiting). */
  scheduled?: () => void
}

export class ChangeQueue {
  #observer: MutationObserver | null = null
  #queue = new Set<Node>()
  #timer: TimerId | null = null
  #url: string
  #storm = false
  #lastFull = 0

  constructor(
    private readonly doc: Document,
    private readonly options: ChangeQueueOptions,
  ) {
    this.#url = doc.location?.href ?? ''
    options.signal.addEventListener('abort', () => this.#stop(), { once: true })
  }

  /** Starts observing the document (its whole tree) and the window's history. */
  start(): void {
    if (this.options.signal.aborted) return
    this.#observer = new MutationObserver((records) => this.#onMutations(records))
    this.#observer.observe(this.doc.documentElement, { childList: true, subtree: true, characterData: true })
    this.doc.defaultView?.addEventListener('popstate', this.#onPopState)
  }

  /** True while a flush is scheduled. */
  get waiting(): boolean {
    return this.#timer !== null
  }

  /** Queues nodes to be looked at again (a text node: its parent) and schedules a flush. */
  requeue(nodes: Iterable<Node>): void {
    for (const n of nodes) this.#queue.add(n.nodeType === 3 ? (n.parentNode ?? n) : n)
    this.#schedule()
  }

  /** A full scan of the page starts now: a storm's rescan waits STORM_INTERVAL_MS from here. */
  fullScanStarted(): void {
    this.#lastFull = this.options.clock.now()
  }

  #onPopState = (): void => this.#schedule()

  #onMutations(records: MutationRecord[]): void {
    const stretch = new Stretch(this.options.clock, this.options.meter)
    // A page that adds a million nodes hands over a million records at once: stop reading them as
    // soon as the queue overflows (a full rescan follows anyway).
    for (let i = 0; i < records.length && this.#queue.size <= MAX_QUEUE; i++) {
      const r = records[i]!
      if (r.type === 'characterData') {
        if (r.target.parentNode) this.#queue.add(r.target.parentNode)
        continue
      }
      for (const n of r.addedNodes) {
        // Our own badges and notice are no change to read.
        if (OWN_NODE_NAMES.has(n.nodeName)) continue
        this.#queue.add(n.nodeType === 3 ? (n.parentNode ?? n) : n)
      }
    }
    if (this.#queue.size > MAX_QUEUE) {
      // A mutation storm: give up on pieces and rescan the page, at most every STORM_INTERVAL_MS.
      this.#queue.clear()
      this.#queue.add(this.doc.body ?? this.doc.documentElement)
      this.#storm = true
    }
    if (this.#queue.size > 0) this.#schedule()
    stretch.end()
  }

  #schedule(): void {
    this.options.scheduled?.()
    const wait = this.#storm ? Math.max(FLUSH_DELAY_MS, this.#lastFull + STORM_INTERVAL_MS - this.options.clock.now()) : FLUSH_DELAY_MS
    this.#timer ??= this.options.clock.setTimeout(() => {
      this.#timer = null
      this.options.flush(this.#take())
    }, wait)
  }

  /** What changed since the last flush; the queue is empty afterwards. */
  #take(): Change {
    const href = this.doc.location?.href ?? ''
    if (href !== this.#url) {
      this.#url = href
      this.#queue.clear()
      return { kind: 'navigated', url: href }
    }
    const roots = [...this.#queue].filter((n) => n.isConnected)
    this.#queue.clear()
    if (this.#storm) {
      this.#storm = false
      return { kind: 'storm' }
    }
    return { kind: 'roots', roots }
  }

  #stop(): void {
    this.#observer?.disconnect()
    this.#observer = null
    if (this.#timer !== null) this.options.clock.clearTimeout(this.#timer)
    this.#timer = null
    this.doc.defaultView?.removeEventListener('popstate', this.#onPopState)
    this.#queue.clear()
  }
}
