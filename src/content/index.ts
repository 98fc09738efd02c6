// TrueDial's content script: runs in every page and frame at document_idle. Every page gets one
// cheap check: could its text name the brand at all (a literal search, no lexicon)? Only when it
// does, the script asks the background for the claim lexicon (never the registry), finds numbers
// that claim to be Apple support, asks for verdicts in batches and marks them with badges.
import { BrandPrefilter, type PrefilterData } from '../core/brand-prefilter'
import { ClaimDetector } from '../core/claims'
import type { AudibleMessage, PageVerdict } from '../messages'
import { contextAlive, listen, send } from '../platform/content-runtime'
import { browserClock } from './clock'
import { HostageWatch } from './hostage'
import { createNotice, type Notice } from './notice'
import { newWatchState, PageWatch, type WatchState } from './page-watch'

/**
 * The prefilter for the bundled registry's brand terms, worked out by vite.config.ts. The first
 * check uses it and touches no extension API (the first call into one costs a page 1-3 ms). A
 * registry update that brings new brand words is used from the second step on: on a page that
 * names the brand the bundled way, the scanner gets the active registry's lexicon from the background.
 */
declare const __BRAND_PREFILTER__: PrefilterData

// Visible only in this extension's isolated world: pages cannot read or set it. It stops a
// second injection and lets the browser tests await "scan finished" instead of sleeping.
const g = globalThis as { __truedial?: WatchState & { started: boolean } }

/**
 * A fake Apple alert that holds the browser hostage (hostage.ts): watched for only once a red badge
 * stands on the page; the notice is made when it first acts.
 */
function hostageWatch(life: AbortSignal): (verdict: PageVerdict) => void {
  let watch: HostageWatch | null = null
  let notice: Notice | null = null
  let first: PageVerdict | null = null
  return (verdict) => {
    first ??= verdict
    if (watch) return
    watch = new HostageWatch(document, {
      clock: browserClock,
      signal: life,
      report: (signs) => void send({ type: 'hostage', url: location.href, signs }).catch(() => undefined),
      notice: (fought) => {
        notice ??= createNotice(document, first?.detail ?? null, {
          closeTab: () => void send({ type: 'close-tab' }).catch(() => undefined),
          allowFullscreen: () => watch?.allowFullscreen(),
        })
        notice.raise(fought)
      },
    })
    life.addEventListener('abort', () => notice?.remove(), { once: true })
    watch.arm()
    // Sound made with Web Audio: the browser knows the tab is audible, the background tells us.
    const armed = watch
    let heard = false
    listen((message) => {
      const m = message as Partial<AudibleMessage> | null
      if (m?.type !== 'audible' || typeof m.audible !== 'boolean') return
      heard = true
      armed.sound(m.audible)
    }, life)
    // How it is now, unless a change came in first (it is newer).
    send({ type: 'audible' })
      .then((answer) => heard || armed.sound(answer?.audible === true))
      .catch(() => undefined)
  }
}

async function start(): Promise<void> {
  // The hostage watch lives as long as the page watch (set once the watch exists).
  const life = new AbortController()
  const watch = new PageWatch(document, {
    prefilter: new BrandPrefilter(__BRAND_PREFILTER__),
    connect: async () => {
      const hello = await send({ type: 'hello', url: location.href })
      // Paused on this site, or no lexicon: nothing more to do.
      return hello?.terms ? { detector: new ClaimDetector(hello.terms), showOfficial: hello.showOfficial } : null
    },
    judge: (url, findings) => send({ type: 'verdicts', url, findings }),
    reset: async (url) => {
      await send({ type: 'page-reset', url })
    },
    alive: contextAlive,
    redClaim: hostageWatch(life.signal),
  })
  watch.signal.addEventListener('abort', () => life.abort(), { once: true })
  g.__truedial = Object.assign(watch.state, { started: true })
  watch.start()
}

if (!g.__truedial && document.documentElement) {
  g.__truedial = { ...newWatchState(), pending: true, started: false }
  start().catch(() => {
    // Extension context invalidated, or the page is one we may not touch: nothing to do.
    if (g.__truedial) g.__truedial.pending = false
  })
}
