// TrueDial's content script: runs in every page and frame at document_idle. It asks the
// background for the claim lexicon (never the registry), finds numbers that claim to be Apple
// support, asks the background for verdicts in batches and marks them with badges.
import { ClaimDetector } from '../core/claims'
import { contextAlive, send } from '../platform/content-runtime'
import { PageWatch, type WatchState } from './page-watch'

// Visible only in this extension's isolated world: pages cannot read or set it. It stops a
// second injection and lets the browser tests await "scan finished" instead of sleeping.
const g = globalThis as { __truedial?: WatchState & { started: boolean } }

async function start(): Promise<void> {
  const hello = await send({ type: 'hello', url: location.href })
  if (!hello || !hello.terms) {
    // Paused on this site, or no lexicon: do nothing at all.
    g.__truedial!.pending = false
    return
  }
  const watch = new PageWatch(document, {
    detector: new ClaimDetector(hello.terms),
    showOfficial: hello.showOfficial,
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
  g.__truedial = { scans: 0, pending: true, badges: 0, requests: 0, longestMs: 0, started: false }
  start().catch(() => {
    // Extension context invalidated, or the page is one we may not touch: nothing to do.
    if (g.__truedial) g.__truedial.pending = false
  })
}
