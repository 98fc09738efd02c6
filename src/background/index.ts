// The service worker: holds the verified registry, answers the content script's read-only
// questions and the extension pages' requests, keeps the toolbar badge per tab.
import browser, { type Runtime, type Storage } from '../platform/browser'
import bundledRegistry from '../../registry/registry.signed.json?raw'
import pinnedKeys from '../../registry/keys.json'
import { checkNumber } from '../core/check'
import { countMessage, type Translate } from '../core/message-format'
import { verdictForFinding } from '../core/judge-finding'
import { countryFromUrl, pageRegion } from '../core/region'
import { reportTarget } from '../core/report'
import { isOfficialHost } from '../core/registry-index'
import { isPaused, showsOfficialBadges } from '../core/settings'
import type { PinnedKey } from '../core/registry-types'
import type { PageVerdict, Request, ResponseMap, TabFinding } from '../messages'
import { getMessage } from '../platform/i18n'
import { RegistryStore, type KeyValueStore } from './registry-store'
import { DailyUpdate } from './daily-update'
import { SettingsStore } from './settings-store'
import { HostageTabs } from './hostage-tabs'
import { flaggedCount, TabState } from './tab-state'
import { CONTENT_REQUESTS, parseRequest } from './validate'
import { installTestHooks } from './test-hooks' // test builds only: see test-hooks.ts

function area(a: Storage.StorageArea): KeyValueStore {
  return {
    get: async (key) => (await a.get(key))[key],
    set: (items) => a.set(items),
    remove: (key) => a.remove(key),
  }
}

const registry = new RegistryStore(area(browser.storage.local), bundledRegistry, (pinnedKeys as { keys: PinnedKey[] }).keys, () => new Date(), getMessage)
const settings = new SettingsStore(area(browser.storage.local))
const tabs = new TabState(area(browser.storage.session))
const hostages = new HostageTabs(area(browser.storage.session))
const daily = new DailyUpdate(browser.alarms, () => settings.get(), (urls) => registry.fetchUpdate(urls))
const userLocale = (): string => globalThis.navigator?.language ?? 'en-US'
const extensionOrigin = browser.runtime.getURL('')
/** The browser's language for every word the worker writes: toolbar titles, menu, verdict reasons. */
const t: Translate = getMessage

async function refreshToolbar(tabId: number, list?: TabFinding[]): Promise<void> {
  try {
    const { status } = await registry.active()
    if (status.state === 'unavailable') {
      await browser.action.setBadgeText({ tabId, text: '!' })
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#6b7280' })
      await browser.action.setTitle({ tabId, title: t('toolbarUnavailable') })
      return
    }
    if (await hostages.has(tabId)) {
      // A fake Apple alert that held the browser hostage: the loudest state the button has.
      await browser.action.setBadgeText({ tabId, text: '!' })
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#c5221f' })
      await browser.action.setTitle({ tabId, title: t('toolbarScamPage') })
      return
    }
    const count = flaggedCount(list ?? (await tabs.findings(tabId)))
    await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' })
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#c5221f' })
    await browser.action.setTitle({
      tabId,
      title: count > 0 ? countMessage(t, 'toolbarSuspiciousOne', 'toolbarSuspiciousOther', count) : status.expired ? t('toolbarOutOfDate') : t('extName'),
    })
  } catch {
    // The tab closed meanwhile (or the registry could not be read: the toolbar stays as it was).
  }
}

function regionFor(url: string, override: string | null): string | null {
  return override ?? countryFromUrl(url) ?? (userLocale().split('-')[1]?.toUpperCase() || null)
}

type Handler<T extends Request['type']> = (req: Extract<Request, { type: T }>, sender: Runtime.MessageSender) => Promise<ResponseMap[T]>
const handlers: { [T in Request['type']]: Handler<T> } = {
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
    const trusted = new Set(s.trusted.map((t) => t.e164))
    const verdicts: Array<PageVerdict | null> = req.findings.map((f) => {
      if (!f) return null
      if (!active.index) return { verdict: 'unverified', detail: null }
      const v = verdictForFinding(active.index, f, { url: pageUrl, region: s.region, userLocale: userLocale() }, t)
      if (!v) return null
      const trustedHere = v.verdict !== 'official' && v.e164 !== null && trusted.has(v.e164) && v.verdict !== 'mismatch'
      return { verdict: trustedHere ? 'trusted' : v.verdict, detail: v }
    })
    if (tabId !== undefined && tabId >= 0) {
      const added: TabFinding[] = []
      req.findings.forEach((f, i) => {
        const v = verdicts[i]
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
        void refreshToolbar(tabId, list)
      }
    }
    const region = regionFor(pageUrl, s.region ?? (active.index ? pageRegion({ url: pageUrl }) : null))
    return { verdicts, report: reportTarget(active.index, pageUrl, region) }
  },

  async 'page-reset'(_req, sender) {
    const tabId = sender.tab?.id
    if (tabId !== undefined && tabId >= 0) await refreshToolbar(tabId, await tabs.clearFrame(tabId, sender.frameId ?? 0))
    return { ok: true }
  },

  async hostage(_req, sender) {
    const tabId = sender.tab?.id
    if (tabId === undefined) throw new Error('no tab')
    // Only a tab whose page already has a red claim: the content script arms its watch on one.
    const red = flaggedCount(await tabs.findings(tabId)) > 0
    if (!red) throw new Error('no red claim on this tab')
    await hostages.mark(tabId)
    await browser.tabs.update(tabId, { muted: true }).catch(() => undefined)
    await refreshToolbar(tabId)
    return { ok: true }
  },

  async 'close-tab'(req, sender) {
    // The popup closes the tab it shows; a content script only its own tab, and only a tab whose
    // page held the browser hostage (its notice's Close this tab).
    const tabId = fromExtensionPage(sender) ? req.tabId : sender.tab?.id
    if (tabId === undefined) throw new Error('no tab')
    if (!(await hostages.has(tabId))) return { ok: false }
    await browser.tabs.remove(tabId)
    return { ok: true }
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
    const result = checkNumber(active.index, req.input, { region: s.region, userLocale: userLocale(), t })
    const region = s.region ?? result.country ?? regionFor('about:blank', null)
    return { result, unavailable: null, report: reportTarget(active.index, '(checked in the TrueDial popup)', region) }
  },

  async 'tab-findings'(req) {
    const [status, s, findings] = await Promise.all([registry.status(), settings.get(), tabs.findings(req.tabId)])
    // The tab's URL is visible with activeTab (the user opened the popup on it); otherwise the
    // page the findings came from.
    let pageUrl: string | null = findings[0]?.pageUrl ?? null
    try {
      pageUrl = (await browser.tabs.get(req.tabId)).url ?? pageUrl
    } catch {
      // the tab is gone
    }
    return { findings, status, pageUrl, paused: pageUrl ? isPaused(s, pageUrl) : false, hostage: await hostages.has(req.tabId) }
  },

  'settings-get': () => settings.get(),
  async 'settings-set'(req) {
    const next = await settings.set(req.changes)
    // Turning the daily check on or off, or clearing the addresses, moves the alarm.
    await daily.sync().catch(() => undefined)
    return next
  },
}

/** Extension pages only: the popup, the options page. Content scripts run on web pages' URLs. */
function fromExtensionPage(sender: Runtime.MessageSender): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin)
}

// One non-async listener that returns a promise (STYLE.md habit 7).
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined
  const req = parseRequest(message)
  if (!req) return Promise.resolve({ requestError: 'malformed request' })
  if (!CONTENT_REQUESTS.has(req.type) && !fromExtensionPage(sender)) return Promise.resolve({ requestError: 'not allowed from a web page' })
  const handler = handlers[req.type] as Handler<typeof req.type>
  return handler(req as never, sender).catch((error: unknown) => ({ requestError: (error as Error).message }))
})

browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading' && change.url) void Promise.all([tabs.clear(tabId), hostages.clear(tabId)]).then(() => refreshToolbar(tabId, []))
})
browser.tabs.onRemoved.addListener((tabId) => void Promise.all([tabs.clear(tabId), hostages.clear(tabId)]))

browser.storage.onChanged.addListener((_changes, areaName) => {
  if (areaName === 'local') settings.invalidate()
})

const MENU_ID = 'truedial-check-selection'
browser.runtime.onInstalled.addListener(() => {
  void settings.migrateStored()
  browser.contextMenus.removeAll().then(() =>
    browser.contextMenus.create({ id: MENU_ID, title: t('menuCheckSelection'), contexts: ['selection'] }),
  )
})
browser.alarms.onAlarm.addListener((alarm) => void daily.onAlarm(alarm.name).catch(() => undefined))

browser.contextMenus.onClicked.addListener((info) => {
  if (info.menuItemId !== MENU_ID || !info.selectionText) return
  const url = browser.runtime.getURL(`src/ui/popup/index.html?check=${encodeURIComponent(info.selectionText.slice(0, 200))}`)
  void browser.windows.create({ url, type: 'popup', width: 400, height: 600 })
})

if (import.meta.env.TRUEDIAL_TEST_HOOKS) installTestHooks()

// Verify the registry as soon as the worker starts, so the first page gets an answer fast.
void registry.active().then((a) => {
  if (a.status.state === 'unavailable') void browser.action.setBadgeText({ text: '!' })
})
void daily.sync().catch(() => undefined)
