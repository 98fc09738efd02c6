// Watches a page for numbers that claim to be Apple support: one scan when the page is idle,
// then only what changes. This file is the half every page runs, and keeps what lies between the
// parts (connecting, single-page navigation):
// - change-queue.ts: what changed (MutationObserver, storms, navigation), flushed after a delay;
// - brand-gate.ts: the cheap first check, until the page names the brand;
// - clock.ts and timing.ts: the clock the parts share, and the bench's timing of their work.
// Once the page names the brand, connect() brings the scanner module (scanner.ts, loaded only
// then) and the lexicon, and a ScanSession (scan-session.ts) reads, judges and badges the numbers.

import type { BrandPrefilter } from '../core/brand-prefilter'
import type { ClaimDetector } from '../core/claims'
import type { FindingRequest } from '../core/judge-finding'
import type { PageVerdict, ReportTarget } from '../messages'
import { BrandGate } from './brand-gate'
import { ChangeQueue, type Change } from './change-queue'
import { browserClock, type Clock } from './clock'
import type { ScanSession } from './scan-session'
import type * as Scanner from './scanner'
import { meterInto, type WorkMeter } from './timing'

/** The scanner module (scanner.ts), loaded when the page first names the brand. */
export type ScannerModule = typeof Scanner

/** What the page watch gets once the page names the brand: asked for only then. */
export interface Connection {
  scanner: ScannerModule
  detector: ClaimDetector
  showOfficial: boolean
  /** A badge with a red verdict went onto the page (a number claimed for Apple that is not Apple's). */
  redClaim?: (verdict: PageVerdict) => void
}

export interface WatchOptions {
  /** The cheap brand check every page gets; nothing else runs until it hits. */
  prefilter: BrandPrefilter
  /**
   * Loads the scanner and asks the background for the lexicon and settings; null: TrueDial is
   * paused on this site. `life` ends with the watch.
   */
  connect: (life: AbortSignal) => Promise<Connection | null>
  /** Sends one batch of findings; resolves with one verdict per finding. */
  judge: (url: string, findings: FindingRequest[]) => Promise<{ verdicts: Array<PageVerdict | null>; report: ReportTarget | null }>
  /** The page's URL changed without a reload (single-page app). */
  reset: (url: string) => Promise<void>
  /** False once the extension was updated or disabled ("Extension context invalidated"). */
  alive: () => boolean
  /** Time and scheduling; the browser's when not given. */
  clock?: Clock
}

/** State the browser tests read from the content script's isolated world (never from the page). */
export interface WatchState {
  scans: number
  pending: boolean
  badges: number
  requests: number
  /** Longest stretch of main-thread work the content script did without yielding, in ms. */
  longestMs: number
  /** All the main-thread time the content script's scanning took, in ms (wall clock, so a busy machine inflates it). */
  busyMs: number
  /** The page named the brand and the background was asked for the lexicon (a page that never does is never reported). */
  connected: boolean
  /** performance.now() when the watch started, when the lexicon arrived, when the first full scan and its badges were done (0: not yet). */
  startedAt: number
  connectedAt: number
  scannedAt: number
}

/** A watch that has done nothing yet. */
export function newWatchState(): WatchState {
  return { scans: 0, pending: false, badges: 0, requests: 0, longestMs: 0, busyMs: 0, connected: false, startedAt: 0, connectedAt: 0, scannedAt: 0 }
}

export class PageWatch {
  readonly state: WatchState = newWatchState()
  readonly #clock: Clock
  readonly #meter: WorkMeter
  readonly #life = new AbortController()
  readonly #changes: ChangeQueue
  readonly #gate: BrandGate
  #brandSeen = false
  #session: ScanSession | null = null
  #connecting: Promise<Connection | null> | null = null

  constructor(
    private readonly doc: Document,
    private readonly options: WatchOptions,
  ) {
    const clock = (this.#clock = options.clock ?? browserClock)
    const meter = (this.#meter = meterInto(this.state))
    const signal = this.#life.signal
    this.#changes = new ChangeQueue(doc, {
      clock,
      meter,
      signal,
      flush: (change) => void this.#flush(change),
      scheduled: () => {
        this.state.pending = true
      },
    })
    this.#gate = new BrandGate(doc, { prefilter: options.prefilter, clock, meter, signal })
  }

  start(): void {
    this.state.startedAt = this.#clock.now()
    this.#changes.start()
    void this.#fullScan()
  }

  /** Stops watching and takes TrueDial's badges off the page. */
  destroy(): void {
    this.#life.abort()
  }

  /** Aborted when the watch stops (the extension went away, or TrueDial is paused here). */
  get signal(): AbortSignal {
    return this.#life.signal
  }

  get #dead(): boolean {
    return this.#life.signal.aborted
  }

  /** The extension is gone: stop quietly and take our badges with us. */
  #die(): void {
    if (!this.#dead) this.destroy()
  }

  /** Nothing more to do until the next change: the browser tests' "scan finished". */
  #settled(): void {
    this.state.scans++
    this.state.pending = this.#changes.waiting
  }

  async #flush(change: Change): Promise<void> {
    if (this.#dead) return
    // Before the first connection there is nothing to tear down, and no extension API to touch.
    if (this.#session && !this.options.alive()) {
      this.#die()
      return
    }
    if (change.kind === 'navigated') {
      // Single-page navigation: findings belong to the old page; badges already in the DOM stay.
      this.#session?.forgetHandled()
      // A page that never named the brand has nothing in the toolbar to reset.
      if (this.#session) await this.options.reset(change.url).catch(() => this.#die())
      if (this.#dead) return
      await this.#fullScan()
      return
    }
    if (change.kind === 'storm') {
      await this.#fullScan()
      return
    }
    if (!this.#brandSeen) {
      // Nothing on the page mentioned the brand so far: look only at the new text.
      if (!(await this.#gate.named(change.roots))) {
        this.#settled()
        return
      }
      await this.#fullScan()
      return
    }
    await this.#session?.scanChanges(change.roots)
    this.#settled()
  }

  async #fullScan(): Promise<void> {
    this.state.pending = true
    const body = this.doc.body
    if (!body) return
    this.#changes.fullScanStarted()
    this.#brandSeen = await this.#gate.named([body])
    if (this.#brandSeen && (await this.#connect())) await this.#session?.scan([body])
    this.state.scannedAt ||= this.#clock.now()
    this.#settled()
  }

  /** The first time the page names the brand: the scanner, and the lexicon and settings from the background. */
  async #connect(): Promise<boolean> {
    if (this.#session) return true
    let connection: Connection | null
    try {
      // One hello however many scans want it (a navigation or a storm rescan can start another
      // while the first answer is on its way).
      this.#connecting ??= this.options.connect(this.#life.signal)
      connection = await this.#connecting
    } catch {
      connection = null
    }
    if (this.#dead) return false
    if (!connection) {
      // Paused on this site, or the extension is gone: stop watching.
      this.#die()
      return false
    }
    this.#session ??= new connection.scanner.ScanSession(this.doc, {
      detector: connection.detector,
      showOfficial: connection.showOfficial,
      clock: this.#clock,
      meter: this.#meter,
      signal: this.#life.signal,
      judge: (findings) => this.options.judge(this.doc.location?.href ?? '', findings),
      requeue: (nodes) => this.#changes.requeue(nodes),
      failed: () => this.#die(),
      asked: () => {
        this.state.requests++
      },
      placed: () => {
        this.state.badges++
      },
      redClaim: connection.redClaim,
    })
    this.state.connected = true
    this.state.connectedAt = this.#clock.now()
    return true
  }
}
