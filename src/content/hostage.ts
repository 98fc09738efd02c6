// A fake Apple alert that holds the browser hostage: a page with a red Apple claim that also goes
// fullscreen, locks the pointer, plays sound on a loop or before the user played anything (or
// sounds a siren no element plays), floods the history, or traps leaving. Armed only once a red badge stands on the page, so ordinary
// pages (and a video player beside Apple's real number) pay nothing and are never touched.
//
// It watches what the content script can see from its own world: fullscreen and pointer lock
// (document state and events), media elements starting to play, the history's length, and the
// page cancelling an attempt to leave. Sound made with Web Audio has no element to see: the
// background tells the watch when the browser reports the tab audible (sound()), and sound that
// lasts with nothing on the page to account for it (no playing element, no embedded player) is a
// sign too. It reads no more of the page than the scanner does and sends nothing but "this tab is
// a hostage page" to the background, which mutes the tab.
//
// Defusing, in order: leave fullscreen, release the pointer and keyboard locks, close the page's
// own modal dialogs (they would make the notice inert), ask the background to mute the tab, then
// show the notice in the top layer (notice.ts). A page that goes fullscreen again is taken out of
// it again, with a back-off and a bound, so that a fullscreen video player that happens to sit on
// such a page is not fought forever; the notice offers to let it.

import type { HostageSign } from '../messages'
import type { Clock, TimerId } from './clock'

export interface HostageOptions {
  clock: Clock
  /** The signs seen so far: the background mutes the tab and marks it as a scam page. */
  report: (signs: HostageSign[]) => void
  /** Shows (or raises again) the notice; `fullscreenFought` adds "Let this page go fullscreen". */
  notice: (fullscreenFought: boolean) => void
  /** Aborted: stop watching, take every listener off. */
  signal: AbortSignal
}

/** Fullscreen re-entries left at once, before the back-off starts. */
const FULLSCREEN_FREE = 3
/** Fullscreen exits in all: past this the page keeps its fullscreen (the notice stays). */
const FULLSCREEN_MAX = 8
/** Open shadow roots looked into for media and frames, at most (a page of a thousand components). */
const MAX_SHADOW_SCOPES = 200
/** History entries added while armed that make a flood (a page of tabs and anchors adds a few). */
const HISTORY_FLOOD = 10
const HISTORY_POLL_MS = 500
/** The history is watched this long after arming: kits flood at once or not at all. */
const HISTORY_WATCH_MS = 15_000
/**
 * Sound that lasts this long is a siren, not a chat's ping or a click (a browser reports a tab
 * audible for a couple of seconds after a short sound ends).
 */
export const SOUND_MS = 5_000
/** An embedded frame or plug-in this big may be a player whose sound the page cannot be told from (px). */
const PLAYER_MIN = { width: 80, height: 45 }
/**
 * A media element that played this recently accounts for the tab's sound: a browser keeps a tab
 * audible a couple of seconds after the sound stops (a video paused just now).
 */
const MEDIA_GRACE_MS = 3_000

export class HostageWatch {
  readonly #doc: Document
  readonly #options: HostageOptions
  readonly #signs = new Set<HostageSign>()
  #armed = false
  #historyStart = 0
  #historyTimer: TimerId | null = null
  #historyUntil = 0
  #exits = 0
  #exitTimer: TimerId | null = null
  #fullscreenAllowed = false
  #fought = false
  #soundTimer: TimerId | null = null
  /** When a media element of the page last played (clock time), or -Infinity. */
  #mediaAt = Number.NEGATIVE_INFINITY

  constructor(doc: Document, options: HostageOptions) {
    this.#doc = doc
    this.#options = options
    options.signal.addEventListener('abort', () => this.#stop(), { once: true })
  }

  /** The signs seen so far (for tests and the background). */
  get signs(): HostageSign[] {
    return [...this.#signs]
  }

  /** A red Apple claim stands on the page: start watching (once), and look at what already holds it. */
  arm(): void {
    if (this.#armed || this.#options.signal.aborted) return
    this.#armed = true
    const doc = this.#doc
    const view = doc.defaultView
    const opts = { capture: true, signal: this.#options.signal }
    doc.addEventListener('fullscreenchange', this.#onFullscreen, opts)
    doc.addEventListener('pointerlockchange', this.#onPointerLock, opts)
    // 'play' does not bubble; a capturing listener on the document sees every media element's.
    doc.addEventListener('play', this.#onPlay, opts)
    // When the page's media last made sound (for sound(): a video paused a moment ago).
    for (const type of ['playing', 'timeupdate', 'pause', 'ended']) doc.addEventListener(type, this.#onMediaActive, opts)
    view?.addEventListener('beforeunload', this.#onBeforeUnload, { signal: this.#options.signal })
    view?.addEventListener('popstate', this.#onHistory, opts)
    this.#historyStart = view?.history.length ?? 0
    this.#historyUntil = this.#options.clock.now() + HISTORY_WATCH_MS
    this.#pollHistory()
    // What the page did before the red claim was known.
    if (doc.fullscreenElement) this.#sign('fullscreen')
    if (doc.pointerLockElement) this.#sign('pointer-lock')
    for (const media of doc.querySelectorAll('audio, video')) if (this.#mediaHolds(media as HTMLMediaElement)) this.#sign('media')
  }

  /**
   * The browser says the tab started (true) or stopped (false) making sound. Sound that goes on for
   * SOUND_MS while the watch is armed, with no element of the page to account for it, is the kit's
   * siren made with Web Audio.
   */
  sound(audible: boolean): void {
    const { clock } = this.#options
    if (!audible || !this.#armed || this.#options.signal.aborted) {
      if (this.#soundTimer !== null) clock.clearTimeout(this.#soundTimer)
      this.#soundTimer = null
      return
    }
    if (this.#soundTimer !== null || this.#signs.has('sound')) return
    this.#soundTimer = clock.setTimeout(() => {
      this.#soundTimer = null
      if (!this.#options.signal.aborted && !this.#soundExplained()) this.#sign('sound')
    }, SOUND_MS)
  }

  /**
   * A media element that is playing or played a moment ago (its own sign, 'media', has judged it:
   * a video the user played is no sign), in the page or in an open shadow root (a web-component
   * player), or a visible embedded frame or plug-in big enough to be a player: its sound cannot be
   * told from the page's own. A kit's Web Audio siren has none of these.
   */
  #soundExplained(): boolean {
    if (this.#options.clock.now() - this.#mediaAt < MEDIA_GRACE_MS) return true
    for (const scope of this.#scopes()) {
      for (const media of scope.querySelectorAll('audio, video')) {
        const m = media as HTMLMediaElement
        if (!m.paused && !m.muted) return true
      }
      for (const frame of scope.querySelectorAll('iframe, frame, embed, object')) {
        const box = frame.getBoundingClientRect()
        // Both spellings of the options: the older ones are what Chromium before 121 knows.
        const seen = (frame as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility?.({ opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true }) ?? true
        if (seen && box.width >= PLAYER_MIN.width && box.height >= PLAYER_MIN.height) return true
      }
    }
    return false
  }

  /** The document and its open shadow roots (asked once per lasting sound, not per page change). */
  #scopes(): Array<Document | ShadowRoot> {
    const scopes: Array<Document | ShadowRoot> = [this.#doc]
    for (let i = 0; i < scopes.length && scopes.length < MAX_SHADOW_SCOPES; i++) {
      const walker = this.#doc.createTreeWalker(scopes[i]!, 0x1 /* SHOW_ELEMENT */)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const shadow = (n as Element).shadowRoot
        if (shadow) scopes.push(shadow)
      }
    }
    return scopes
  }

  #onMediaActive = (e: Event): void => {
    // The browser's own media events only: a kit could fire a 'timeupdate' of its own to excuse its siren.
    if (!e.isTrusted) return
    const media = e.target as HTMLMediaElement | null
    if (media && typeof media.paused === 'boolean' && !media.muted) this.#mediaAt = this.#options.clock.now()
  }

  /** The user chose "Let this page go fullscreen": no more exits. */
  allowFullscreen(): void {
    this.#fullscreenAllowed = true
    if (this.#exitTimer !== null) this.#options.clock.clearTimeout(this.#exitTimer)
    this.#exitTimer = null
  }

  #sign(sign: HostageSign): void {
    const fresh = !this.#signs.has(sign)
    this.#signs.add(sign)
    const left = this.#release()
    if (fresh) this.#options.report(this.signs)
    // Once per new sign, and after each way out of fullscreen: the notice goes back on top.
    if (fresh || left) this.#options.notice(this.#fought)
  }

  /** Out of fullscreen and the locks, the page's modal dialogs closed. True when it left fullscreen just now. */
  #release(): boolean {
    const doc = this.#doc
    const left = !!doc.fullscreenElement && !this.#fullscreenAllowed && this.#leaveFullscreen()
    if (doc.pointerLockElement) doc.exitPointerLock?.()
    const keyboard = (doc.defaultView?.navigator as (Navigator & { keyboard?: { unlock?: () => void } }) | undefined)?.keyboard
    try {
      keyboard?.unlock?.()
    } catch {
      // Not supported here.
    }
    // A modal dialog makes everything outside it inert, the notice included.
    for (const dialog of doc.querySelectorAll('dialog[open]')) {
      try {
        if ((dialog as HTMLDialogElement).matches(':modal')) (dialog as HTMLDialogElement).close()
      } catch {
        // :modal unknown to an old engine: leave it.
      }
    }
    return left
  }

  /** Leaves fullscreen now (true), or after a back-off, or no more (false). */
  #leaveFullscreen(): boolean {
    if (this.#exitTimer !== null || this.#exits >= FULLSCREEN_MAX) return false
    const exit = (): void => {
      this.#exitTimer = null
      if (!this.#doc.fullscreenElement || this.#fullscreenAllowed) return
      this.#exits++
      this.#doc.exitFullscreen?.().catch(() => undefined)
    }
    if (this.#exits < FULLSCREEN_FREE) {
      exit()
      return true
    }
    // Back again and again: the page may be a video player the user wants fullscreen. Wait
    // longer each time, and offer to let it.
    this.#fought = true
    this.#options.notice(true)
    this.#exitTimer = this.#options.clock.setTimeout(() => {
      exit()
      // The notice goes back above whatever the page raised meanwhile.
      this.#options.notice(this.#fought)
    }, 1000 * 2 ** (this.#exits - FULLSCREEN_FREE))
    return false
  }

  #onFullscreen = (): void => {
    if (!this.#doc.fullscreenElement || this.#fullscreenAllowed) return
    this.#sign('fullscreen')
  }

  #onPointerLock = (): void => {
    if (this.#doc.pointerLockElement) this.#sign('pointer-lock')
  }

  /** Sound the user did not start, or on a loop: the scam's siren, not a video the user played. */
  #mediaHolds(media: HTMLMediaElement): boolean {
    if (media.paused || media.muted) return false
    const activation = (this.#doc.defaultView?.navigator as (Navigator & { userActivation?: { hasBeenActive: boolean } }) | undefined)?.userActivation
    return media.loop || activation?.hasBeenActive === false
  }

  #onPlay = (e: Event): void => {
    const media = e.target as HTMLMediaElement | null
    if (media && typeof media.paused === 'boolean' && this.#mediaHolds(media)) this.#sign('media')
  }

  #onBeforeUnload = (e: BeforeUnloadEvent): void => {
    // Listeners run in the order they were added: a page that asks "Are you sure you want to
    // leave?" from a listener it added before the watch was armed (the kits add theirs at load) has
    // cancelled the event by now. One added later runs after ours and is not seen.
    if (e.defaultPrevented || (typeof e.returnValue === 'string' && e.returnValue !== '') || e.returnValue === false) this.#sign('leave-trap')
  }


  #onHistory = (): void => {
    const length = this.#doc.defaultView?.history.length ?? 0
    if (length - this.#historyStart >= HISTORY_FLOOD) this.#sign('history')
  }

  #pollHistory(): void {
    const { clock } = this.#options
    this.#historyTimer = clock.setTimeout(() => {
      this.#historyTimer = null
      if (this.#options.signal.aborted) return
      this.#onHistory()
      if (!this.#signs.has('history') && clock.now() < this.#historyUntil) this.#pollHistory()
    }, HISTORY_POLL_MS)
  }

  #stop(): void {
    const { clock } = this.#options
    if (this.#historyTimer !== null) clock.clearTimeout(this.#historyTimer)
    if (this.#exitTimer !== null) clock.clearTimeout(this.#exitTimer)
    if (this.#soundTimer !== null) clock.clearTimeout(this.#soundTimer)
    this.#historyTimer = this.#exitTimer = this.#soundTimer = null
  }
}
