// The scanner: the part of the content script that a page only needs once it names the brand. It
// is built as a module of its own (vite.config.ts) and imported by the content script (index.ts)
// when its cheap brand check hits, so the many pages that never name the brand neither download
// nor parse it: the claim detector, the page scanner, verdicts, badges, the explanation panel,
// and the hostage watch with its notice.
//
// The browser exposes the file only at an address pages cannot guess: a per-session id in
// Chromium (`use_dynamic_url`), the per-install id in Firefox; the import is not visible to the page.

import type { AudibleMessage, PageVerdict } from '../messages'
import { listen, send } from '../platform/content-runtime'
import { browserClock } from './clock'
import { HostageWatch } from './hostage'
import { createNotice, type Notice } from './notice'

export { ClaimDetector } from '../core/claims'
export { ScanSession } from './scan-session'

/**
 * A fake Apple alert that holds the browser hostage (hostage.ts): watched for only once a red badge
 * stands on the page; the notice is made when it first acts. `life` ends with the page watch.
 */
export function hostageWatch(life: AbortSignal): (verdict: PageVerdict) => void {
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
