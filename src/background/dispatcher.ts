// The background's answers to messages, apart from the browser (STYLE.md habit 7). Each message is
// parsed (validate.ts: rebuilt from checked fields), its sender placed (this extension's own page,
// or its content script in a tab; anyone else gets nothing) and its privilege checked (a content
// script may only ask about its own page, or act on its own tab), then it is answered by handlers
// built from the stores passed in. background/index.ts wires it to runtime.onMessage;
// test/unit/dispatcher.test.ts forges senders against in-memory stores.

import { countryFromUrl, reportRegion } from '../core/region'
import type { Verdicts } from '../core/fast'
import type { Translate } from '../core/message-format'
import { isOfficialHost } from '../core/registry-index'
import { reportTarget } from '../core/report'
import { isPaused, showsOfficialBadges } from '../core/settings'
import type { AudibleMessage, PageVerdict, Request, ResponseMap, TabFinding } from '../messages'
import type { HostageTabs } from './hostage-tabs'
import type { RegistryStore } from './registry-store'
import type { SettingsStore } from './settings-store'
import { flaggedCount, type TabState } from './tab-state'
import { parseRequest } from './validate'
import { RED_VERDICTS, TRUSTABLE } from '../core/verdict-words'

/** What the browser says about a message's sender (the fields of runtime.MessageSender read here). */
export interface Sender {
  /** The extension that sent it. */
  id?: string
  /** The frame's or page's address. */
  url?: string
  /** The tab a content script runs in; absent for the extension's own pages outside tabs (the popup). */
  tab?: { id?: number }
  frameId?: number
}

/** Who may ask what: a content script runs on web pages, so it is trusted with questions about its own page only. */
export type SenderKind = 'extension-page' | 'content-script'

/**
 * Whether a content script may make each request. Every request type must be named here, so a new
 * one is a compile error until someone decides: only questions about the script's own page are,
 * and the two acts on its own tab.
 */
const CONTENT_MAY: { readonly [T in Request['type']]: boolean } = {
  hello: true,
  verdicts: true,
  'page-reset': true,
  // Its own tab only, and only when it holds a red claim / was marked a hostage page (the handlers check).
  hostage: true,
  'close-tab': true,
  // Whether its own tab is making sound, asked only by a frame with a red claim (the handler checks).
  audible: true,
  'registry-status': false,
  'registry-import': false,
  'registry-fetch': false,
  'registry-restore': false,
  check: false,
  'tab-findings': false,
  'settings-get': false,
  'settings-set': false,
}

/** The requests a content script may make. */
export const CONTENT_REQUESTS: ReadonlySet<Request['type']> = new Set((Object.keys(CONTENT_MAY) as Array<Request['type']>).filter((type) => CONTENT_MAY[type]))

export interface ExtensionIdentity {
  /** runtime.id */
  id: string
  /** runtime.getURL(''): "chrome-extension://<id>/", "moz-extension://<uuid>/". */
  origin: string
}

/**
 * One of this extension's own pages (popup, options: their address is under the extension's
 * origin), its content script (in a tab, on a web page's address), or null: another extension, or
 * something of ours that is neither and gets no answer it did not need.
 */
export function senderKind(sender: Sender, self: ExtensionIdentity): SenderKind | null {
  if (sender.id !== self.id) return null
  if (typeof sender.url === 'string' && sender.url.startsWith(self.origin)) return 'extension-page'
  return sender.tab ? 'content-script' : null
}

export interface DispatcherDeps {
  self: ExtensionIdentity
  registry: RegistryStore
  settings: SettingsStore
  tabs: TabState
  /** Tabs whose page held the browser hostage. */
  hostages: HostageTabs
  /** The verdict functions, memoised (core/fast.ts). */
  verdicts: Verdicts
  /** The browser's language for every word the worker writes: verdict reasons, messages. */
  t: Translate
  /** The browser's locale: "en-US". */
  userLocale: () => string
  /** The address a tab shows, when the browser lets the worker see it. */
  tabUrl: (tabId: number) => Promise<string | undefined>
  /** A tab's findings changed: its toolbar badge follows (from `findings` when given, else from the tab state). */
  toolbar: (tabId: number, findings?: TabFinding[]) => Promise<void>
  /** Mutes a tab (a page that held the browser hostage). */
  muteTab: (tabId: number) => Promise<void>
  /** Whether a tab is making sound (tabs.Tab.audible; false when the tab is gone). */
  tabAudible: (tabId: number) => Promise<boolean>
  closeTab: (tabId: number) => Promise<void>
  /** The settings changed: the daily update's alarm follows. */
  settingsChanged: () => Promise<void>
}

/** The answer to a request that is not answered: malformed, not allowed from its sender, or failed. */
export interface RequestError {
  requestError: string
}

export type Dispatch = (message: unknown, sender: Sender) => Promise<unknown> | undefined

type Handler<T extends Request['type']> = (req: Extract<Request, { type: T }>, sender: Sender) => Promise<ResponseMap[T]>
type Handlers = { [T in Request['type']]: Handler<T> }

function handlers(deps: DispatcherDeps): Handlers {
  const { registry, settings, tabs, hostages, verdicts, t, userLocale } = deps

  /**
   * The sender's tab, when the sender's frame already has a red claim of its own: the content
   * script arms its hostage watch on one, and a frame without one (an ad's iframe) can neither
   * mute the tab it sits in nor ask about its sound.
   */
  async function redClaimTab(sender: Sender): Promise<number> {
    const tabId = sender.tab?.id
    if (tabId === undefined || tabId < 0) throw new Error('no tab')
    if (!(await redFrames(tabs, tabId)).has(sender.frameId ?? 0)) throw new Error('no red claim on this tab')
    return tabId
  }

  return {
    async hello(req, sender) {
      const [active, s] = await Promise.all([registry.active(), settings.get()])
      // The frame's own address as the browser reports it; the page's word only when there is none.
      const url = sender.url ?? req.url
      const paused = isPaused(s, url)
      const index = active.index
      const showOfficial = showsOfficialBadges(s, url, (host) => index !== null && isOfficialHost(index, host))
      return { terms: paused ? null : active.terms, showOfficial, registryOk: active.status.state === 'ok' }
    },

    async verdicts(req, sender) {
      const [active, s] = await Promise.all([registry.active(), settings.get()])
      const tabId = sender.tab?.id
      const pageUrl = sender.url ?? req.url
      const trusted = new Set(s.trusted.map((x) => x.e164))
      const index = active.index
      const judge = index ? verdicts.onPage(index, { url: pageUrl, region: s.region, userLocale: userLocale() }, t) : null
      const answers: Array<PageVerdict | null> = req.findings.map((f) => {
        if (!f) return null
        if (!judge) return { verdict: 'unverified', detail: null }
        const v = judge(f)
        if (!v) return null
        const trustedHere = TRUSTABLE.has(v.verdict) && v.e164 !== null && trusted.has(v.e164)
        return { verdict: trustedHere ? 'trusted' : v.verdict, detail: v }
      })
      if (tabId !== undefined && tabId >= 0) {
        const added: TabFinding[] = []
        req.findings.forEach((f, i) => {
          const v = answers[i]
          if (!v || !f) return
          added.push({
            text: f.text,
            verdict: v.verdict,
            e164: v.detail?.e164 ?? null,
            display: v.detail?.display ?? f.text,
            reason: v.detail?.reasons[0]?.text ?? t('reasonRegistryUnavailable'),
            alternatives: v.detail?.alternatives ?? [],
            shownDisplay: v.detail?.shown?.display ?? null,
            pageUrl,
            frameId: sender.frameId ?? 0,
          })
        })
        // The page waits for this answer: the toolbar is brought up to date after it, not before.
        if (added.length > 0) {
          const list = await tabs.add(tabId, added)
          void deps.toolbar(tabId, list)
        }
      }
      const region = reportRegion({ override: s.region, urlCountry: countryFromUrl(pageUrl), userLocale: userLocale() })
      return { verdicts: answers, report: reportTarget(index, pageUrl, region) }
    },

    async 'page-reset'(_req, sender) {
      const tabId = sender.tab?.id
      if (tabId !== undefined && tabId >= 0) await deps.toolbar(tabId, await tabs.clearFrame(tabId, sender.frameId ?? 0))
      return { ok: true }
    },

    async hostage(_req, sender) {
      const tabId = await redClaimTab(sender)
      await hostages.mark(tabId)
      await deps.muteTab(tabId).catch(() => undefined)
      await deps.toolbar(tabId)
      return { ok: true }
    },

    async 'close-tab'(req, sender) {
      // The popup closes the tab it shows; a content script only its own tab, and only a tab whose
      // page held the browser hostage (its notice's Close this tab).
      const tabId = senderKind(sender, deps.self) === 'extension-page' ? req.tabId : sender.tab?.id
      if (tabId === undefined || tabId < 0) throw new Error('no tab')
      if (!(await hostages.has(tabId))) return { ok: false }
      await deps.closeTab(tabId)
      return { ok: true }
    },

    async audible(_req, sender) {
      // The tab's sound is the top page's question (see relaySound).
      if ((sender.frameId ?? 0) !== TOP_FRAME) throw new Error('only the top page may ask')
      return { audible: await deps.tabAudible(await redClaimTab(sender)) }
    },

    'registry-status': () => registry.status(),
    'registry-import': (req) => registry.importText(req.text, 'file'),
    async 'registry-fetch'() {
      return registry.fetchUpdate((await settings.get()).updateUrls)
    },
    'registry-restore': () => registry.restoreBundled(),

    async check(req) {
      const [active, s] = await Promise.all([registry.active(), settings.get()])
      if (!active.index) return { result: null, unavailable: active.status.error ?? t('checkRegistryUnavailable'), report: null }
      const result = verdicts.check(active.index, req.input, { region: s.region, userLocale: userLocale(), t })
      const region = reportRegion({ override: s.region, country: result.country, userLocale: userLocale() })
      return { result, unavailable: null, report: reportTarget(active.index, '(checked in the TrueDial popup)', region) }
    },

    async 'tab-findings'(req) {
      const [status, s, findings] = await Promise.all([registry.status(), settings.get(), tabs.findings(req.tabId)])
      // The tab's URL is visible with activeTab (the user opened the popup on it); otherwise the
      // address of the tab's top frame as its findings came from it. Never a subframe's: "Pause on
      // this site" would pause the site of an ad or an embed.
      const pageUrl = (await deps.tabUrl(req.tabId)) ?? findings.find((f) => f.frameId === 0)?.pageUrl ?? null
      return { findings, status, pageUrl, paused: pageUrl ? isPaused(s, pageUrl) : false, hostage: await hostages.has(req.tabId) }
    },

    'settings-get': () => settings.get(),
    async 'settings-set'(req) {
      const next = await settings.set(req.changes)
      // Turning the daily check on or off, or clearing the addresses, moves the alarm.
      await deps.settingsChanged().catch(() => undefined)
      return next
    },
  }
}

/** The frames of a tab that hold a red claim (their ids). */
async function redFrames(tabs: TabState, tabId: number): Promise<Set<number>> {
  const frames = new Set<number>()
  for (const f of await tabs.findings(tabId)) if (RED_VERDICTS.has(f.verdict)) frames.add(f.frameId)
  return frames
}

/**
 * tabs.onUpdated reported that a tab started or stopped making sound: the tab's top page hears it
 * when it holds a red claim (its hostage watch decides whether it is a kit's siren); other tabs
 * are not told anything. Sound is the whole tab's: a frame inside the page (comments, an ad) cannot
 * tell the page's video from a siren, so no subframe is told.
 */
export async function relaySound(tabs: TabState, tabId: number, audible: boolean, tell: (frameId: number, message: AudibleMessage) => Promise<void>): Promise<void> {
  if ((await redFrames(tabs, tabId)).has(TOP_FRAME)) await tell(TOP_FRAME, { type: 'audible', audible }).catch(() => undefined)
}

/** The frame id of a tab's top page. */
const TOP_FRAME = 0

/**
 * The one message listener's body: a promise of the response (or of a RequestError), or undefined
 * for a message from another extension, which gets no answer at all.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const answer = handlers(deps)
  const refuse = (requestError: string): Promise<RequestError> => Promise.resolve({ requestError })
  return (message, sender) => {
    if (sender.id !== deps.self.id) return undefined
    const kind = senderKind(sender, deps.self)
    if (!kind) return refuse('unknown sender')
    const req = parseRequest(message)
    if (!req) return refuse('malformed request')
    if (kind === 'content-script' && !CONTENT_REQUESTS.has(req.type)) return refuse('not allowed from a web page')
    const handler = answer[req.type] as Handler<typeof req.type>
    return handler(req as never, sender).catch((error: unknown): RequestError => ({ requestError: (error as Error).message }))
  }
}
