// TrueDial's content script: runs in every page and frame at document_idle. Every page gets one
// cheap check: could its text name the brand at all (a literal search, no lexicon)? Only when it
// does, the script loads the scanner (scanner.ts, a module of its own that most pages never load)
// and asks the background for the claim lexicon (never the registry), finds numbers that claim to
// be Apple support, asks for verdicts in batches and marks them with badges.
import { BrandPrefilter, type PrefilterData } from '../core/brand-prefilter'
import { contextAlive, extensionUrl, send } from '../platform/content-runtime'
import { SCANNER_PATH } from './files'
import { newWatchState, PageWatch, type ScannerModule, type WatchState } from './page-watch'

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

async function start(): Promise<void> {
  const watch = new PageWatch(document, {
    prefilter: new BrandPrefilter(__BRAND_PREFILTER__),
    async connect(life) {
      const hello = await send({ type: 'hello', url: location.href })
      // Paused on this site, or no lexicon: nothing more to do, and no scanner to load.
      if (!hello?.terms) return null
      const scanner = (await import(/* @vite-ignore */ extensionUrl(SCANNER_PATH))) as ScannerModule
      return { scanner, detector: new scanner.ClaimDetector(hello.terms), showOfficial: hello.showOfficial, redClaim: scanner.hostageWatch(life) }
    },
    judge: (url, findings) => send({ type: 'verdicts', url, findings }),
    reset: async (url) => {
      await send({ type: 'page-reset', url })
    },
    alive: contextAlive,
  })
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
