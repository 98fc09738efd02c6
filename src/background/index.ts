// The service worker: holds the verified registry, answers the content script's read-only
// questions and the extension pages' requests (dispatcher.ts), keeps the toolbar badge per tab.
// This file only wires the stores and the dispatcher to the browser.
import browser, { type Runtime, type Storage } from '../platform/browser'
import bundledRegistry from '../../registry/registry.signed.json?raw'
import pinnedKeys from '../../registry/keys.json'
import { Verdicts } from '../core/fast'
import { countMessage, type Translate } from '../core/message-format'
import type { PinnedKey } from '../core/registry-types'
import type { TabFinding } from '../messages'
import { getMessage } from '../platform/i18n'
import { RegistryStore, type KeyValueStore } from './registry-store'
import { DailyUpdate } from './daily-update'
import { createDispatcher, relaySound } from './dispatcher'
import { SettingsStore } from './settings-store'
import { HostageTabs } from './hostage-tabs'
import { flaggedCount, TabState } from './tab-state'
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
const verdicts = new Verdicts()
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

// One non-async listener that returns a promise (STYLE.md habit 7).
const dispatch = createDispatcher({
  self: { id: browser.runtime.id, origin: browser.runtime.getURL('') },
  registry,
  settings,
  tabs,
  hostages,
  verdicts,
  t,
  userLocale: () => globalThis.navigator?.language ?? 'en-US',
  async tabUrl(tabId) {
    try {
      return (await browser.tabs.get(tabId)).url
    } catch {
      return undefined // the tab is gone
    }
  },
  toolbar: refreshToolbar,
  async muteTab(tabId) {
    await browser.tabs.update(tabId, { muted: true })
  },
  async tabAudible(tabId) {
    try {
      return (await browser.tabs.get(tabId)).audible ?? false
    } catch {
      return false // the tab is gone
    }
  },
  closeTab: (tabId) => browser.tabs.remove(tabId),
  settingsChanged: () => daily.sync(),
})
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => dispatch(message, sender))

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A kit's siren made with Web Audio has no element the content script could see (content/hostage.ts).
  if (typeof change.audible === 'boolean') void relaySound(tabs, tabId, change.audible, (frameId, message) => browser.tabs.sendMessage(tabId, message, { frameId }))
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

// Verify the registry as soon as the worker starts, so the first page gets an answer fast; then,
// after the answers that waited for it (a page's hello), build the verdicts' tables before the
// page's findings arrive.
void registry.active().then((a) => {
  if (a.status.state === 'unavailable') void browser.action.setBadgeText({ text: '!' })
  const index = a.index
  if (index) setTimeout(() => verdicts.prepare(index), 0)
})
void daily.sync().catch(() => undefined)
