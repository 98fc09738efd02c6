// The background's door: every message is placed by its sender (this extension's page, its
// content script in a tab, or nobody it answers) and allowed only what that sender may ask. The
// senders here are forged, as a compromised renderer or another extension could; the stores are
// the real ones over memory, with the real signed registry.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createDispatcher, relaySound, senderKind, type Dispatch, type Sender } from '../../src/background/dispatcher'
import { HostageTabs } from '../../src/background/hostage-tabs'
import { RegistryStore } from '../../src/background/registry-store'
import { SettingsStore } from '../../src/background/settings-store'
import { TabState } from '../../src/background/tab-state'
import { Verdicts } from '../../src/core/fast'
import { englishTranslate } from '../../src/core/i18n'
import { verdictForFinding } from '../../src/core/judge-finding'
import type { PinnedKey } from '../../src/core/registry-types'
import type { Settings } from '../../src/core/settings'
import type { AudibleMessage, HelloResponse, TabFinding, TabFindingsResponse, UpdateResult, VerdictsResponse } from '../../src/messages'
import { findingIn } from '../helpers/generated-findings'
import { MemoryStore } from '../helpers/memory-store'
import { realIndex } from '../helpers/registry'

const root = join(import.meta.dirname, '../..')
const bundled = readFileSync(join(root, 'registry/registry.signed.json'), 'utf8')
const pinned = (JSON.parse(readFileSync(join(root, 'registry/keys.json'), 'utf8')) as { keys: PinnedKey[] }).keys

const ID = 'truedialextensionid'
const ORIGIN = `chrome-extension://${ID}/`
const SCAM = 'https://scam.example/apple-support'

// Senders as the browser would report them, and as others could forge them.
const contentScript = (tabId = 7, url = SCAM): Sender => ({ id: ID, url, tab: { id: tabId }, frameId: 0 })
const popup: Sender = { id: ID, url: `${ORIGIN}src/ui/popup/index.html` }
const optionsPage: Sender = { id: ID, url: `${ORIGIN}src/ui/options/index.html`, tab: { id: 3 } }
const otherExtensionsContentScript: Sender = { id: 'someotherextension', url: SCAM, tab: { id: 7 }, frameId: 0 }
const otherExtensionsPage: Sender = { id: 'someotherextension', url: 'chrome-extension://someotherextension/options.html' }
/** Our id but neither a tab nor our own page's address. */
const noTab: Sender = { id: ID, url: SCAM }
const lookalikeOrigin: Sender = { id: ID, url: `chrome-extension://${ID}-evil/src/ui/options/index.html` }
const notOurPage: Sender = { id: ID, url: 'chrome-extension://someotherextension/src/ui/options/index.html' }

/** "Apple Support: call 1-888-555-0142": a number not on the list, claimed for Apple, with a red flag. */
const scamFinding = findingIn('Apple Support: call 1-888-555-0142 today.', { link: null, redFlags: ['gift card'], lang: 'en' })
const appleFinding = findingIn('Apple Support: call 1-800-275-2273 today.', { link: null, redFlags: [], lang: 'en' })

interface World {
  dispatch: Dispatch
  storage: MemoryStore
  session: MemoryStore
  settings: SettingsStore
  tabs: TabState
  hostages: HostageTabs
  toolbar: Array<[number, TabFinding[] | undefined]>
  muted: number[]
  closed: number[]
  settingsChanged: number
}

function world(tabUrls: Record<number, string> = {}): World {
  const storage = new MemoryStore()
  const session = new MemoryStore()
  const settings = new SettingsStore(storage)
  const tabs = new TabState(session, 0)
  const hostages = new HostageTabs(session)
  const w: World = { storage, session, settings, tabs, hostages, toolbar: [], muted: [], closed: [], settingsChanged: 0, dispatch: () => undefined }
  w.dispatch = createDispatcher({
    self: { id: ID, origin: ORIGIN },
    registry: new RegistryStore(storage, bundled, pinned, () => new Date('2026-12-05T00:00:00Z')),
    settings,
    tabs,
    hostages,
    verdicts: new Verdicts(),
    t: englishTranslate,
    userLocale: () => 'en-US',
    tabUrl: async (tabId) => tabUrls[tabId],
    toolbar: async (tabId, list) => void w.toolbar.push([tabId, list]),
    muteTab: async (tabId) => void w.muted.push(tabId),
    tabAudible: async (tabId) => tabId === 7,
    closeTab: async (tabId) => void w.closed.push(tabId),
    settingsChanged: async () => void w.settingsChanged++,
  })
  return w
}

const ask = async (w: World, message: unknown, sender: Sender): Promise<unknown> => w.dispatch(message, sender)

/** Every request a content script may not make, well formed. */
const PRIVILEGED: Array<[string, object]> = [
  ['settings-set', { type: 'settings-set', changes: { pausedSites: ['scam.example'], trusted: [{ e164: '+18885550142', added: '2026-12-05' }] } }],
  ['settings-get', { type: 'settings-get' }],
  ['registry-import', { type: 'registry-import', text: bundled }],
  ['registry-fetch', { type: 'registry-fetch' }],
  ['registry-restore', { type: 'registry-restore' }],
  ['registry-status', { type: 'registry-status' }],
  ['check', { type: 'check', input: '1-888-555-0142' }],
  ['tab-findings', { type: 'tab-findings', tabId: 3 }],
]

describe('who is asking', () => {
  it('tells the extension\u2019s own pages from its content scripts, and places no one else', () => {
    const self = { id: ID, origin: ORIGIN }
    expect(senderKind(popup, self)).toBe('extension-page')
    expect(senderKind(optionsPage, self)).toBe('extension-page')
    expect(senderKind(contentScript(), self)).toBe('content-script')
    for (const sender of [otherExtensionsContentScript, otherExtensionsPage, noTab, lookalikeOrigin, notOurPage, { id: ID }, {}]) expect(senderKind(sender, self)).toBeNull()
  })
})

describe('refusals', () => {
  let w: World
  beforeEach(() => {
    w = world()
  })

  it('answers nothing at all to another extension\u2019s content script or page', () => {
    expect(w.dispatch({ type: 'hello', url: SCAM }, otherExtensionsContentScript)).toBeUndefined()
    expect(w.dispatch({ type: 'verdicts', url: SCAM, findings: [scamFinding] }, otherExtensionsContentScript)).toBeUndefined()
    expect(w.dispatch({ type: 'settings-get' }, otherExtensionsPage)).toBeUndefined()
    expect(w.dispatch({ type: 'registry-import', text: bundled }, otherExtensionsPage)).toBeUndefined()
  })

  it.each(PRIVILEGED)('refuses %s to a web page\u2019s frame, and changes nothing', async (_type, message) => {
    expect(await ask(w, message, contentScript())).toEqual({ requestError: 'not allowed from a web page' })
    expect(await w.settings.get()).toMatchObject({ pausedSites: [], trusted: [] })
    expect(w.storage.data.has('registry')).toBe(false)
    expect(w.settingsChanged).toBe(0)
  })

  it.each([
    ['a sender with no tab and a web page\u2019s address', noTab],
    ['an address that only starts like the extension\u2019s', lookalikeOrigin],
    ['another extension\u2019s address under this extension\u2019s id', notOurPage],
    ['no address and no tab', { id: ID }],
  ])('refuses every request to %s', async (_name, sender) => {
    for (const message of [{ type: 'hello', url: SCAM }, { type: 'verdicts', url: SCAM, findings: [] }, ...PRIVILEGED.map(([, m]) => m)]) {
      expect(await ask(w, message, sender)).toEqual({ requestError: 'unknown sender' })
    }
    expect(await w.settings.get()).toMatchObject({ pausedSites: [], trusted: [] })
  })

  it('refuses malformed requests, from anyone', async () => {
    for (const sender of [contentScript(), popup]) {
      expect(await ask(w, { type: 'settings-set' }, sender)).toEqual({ requestError: 'malformed request' })
      expect(await ask(w, { type: 'format-disk' }, sender)).toEqual({ requestError: 'malformed request' })
      expect(await ask(w, 'hello', sender)).toEqual({ requestError: 'malformed request' })
    }
  })

  it('will not mark a tab with no red claim as a hostage page, nor close one that is not', async () => {
    expect(await ask(w, { type: 'hostage', url: SCAM, signs: ['fullscreen'] }, contentScript())).toEqual({ requestError: 'no red claim on this tab' })
    expect(w.muted).toEqual([])
    expect(await ask(w, { type: 'close-tab' }, contentScript())).toEqual({ ok: false })
    expect(await ask(w, { type: 'close-tab', tabId: 7 }, popup)).toEqual({ ok: false })
    expect(w.closed).toEqual([])
  })

  it('lets only the frame with the red claim report the tab as a hostage page', async () => {
    w = world({ 7: SCAM })
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    const adFrame = { ...contentScript(), frameId: 3 }
    expect(await ask(w, { type: 'hostage', url: SCAM, signs: ['media'] }, adFrame)).toEqual({ requestError: 'no red claim on this tab' })
    expect(w.muted).toEqual([])
  })

  it('tells only a top page with a red claim whether its tab makes sound', async () => {
    w = world({ 7: SCAM })
    expect(await ask(w, { type: 'audible' }, contentScript())).toEqual({ requestError: 'no red claim on this tab' })
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    expect(await ask(w, { type: 'audible' }, { ...contentScript(), frameId: 3 })).toEqual({ requestError: 'only the top page may ask' })
    expect(await ask(w, { type: 'audible' }, contentScript())).toEqual({ audible: true })
    // A subframe with a red claim of its own asks no more than one without.
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, { ...contentScript(), frameId: 3 })
    expect(await ask(w, { type: 'audible' }, { ...contentScript(), frameId: 3 })).toEqual({ requestError: 'only the top page may ask' })
  })

  it('lets a content script close only its own tab, whatever tab it names', async () => {
    await w.hostages.mark(9)
    expect(await ask(w, { type: 'close-tab', tabId: 9 }, contentScript(7))).toEqual({ ok: false })
    expect(w.closed).toEqual([])
  })
})

describe('what is allowed', () => {
  let w: World
  beforeEach(() => {
    w = world({ 7: SCAM })
  })

  it('greets a content script with the lexicon, and with none on a paused site', async () => {
    const hello = (await ask(w, { type: 'hello', url: SCAM }, contentScript())) as HelloResponse
    expect(hello.registryOk).toBe(true)
    expect(hello.terms).not.toBeNull()
    await w.settings.set({ pausedSites: ['scam.example'] })
    expect(((await ask(w, { type: 'hello', url: SCAM }, contentScript())) as HelloResponse).terms).toBeNull()
  })

  it('judges a content script\u2019s findings as the core does, keeps them for the popup and updates the toolbar', async () => {
    const answer = (await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding, appleFinding, { junk: true }] }, contentScript())) as VerdictsResponse
    const index = await realIndex()
    const page = { url: SCAM, region: null, userLocale: 'en-US' }
    expect(answer.verdicts).toEqual([
      { verdict: 'spoofed', detail: verdictForFinding(index, scamFinding, page) },
      { verdict: 'official', detail: verdictForFinding(index, appleFinding, page) },
      null,
    ])
    // A .example page names no country: the report goes to the user's, from the locale.
    expect(answer.report?.fraudSite?.url).toBe('https://reportfraud.ftc.gov')
    expect((await w.tabs.findings(7)).map((f) => [f.text, f.verdict])).toEqual([
      ['1-888-555-0142', 'spoofed'],
      ['1-800-275-2273', 'official'],
    ])
    expect(w.toolbar.map(([tabId]) => tabId)).toEqual([7])
  })

  it('judges against the settings: a trusted number, and the user\u2019s region for the report', async () => {
    await w.settings.set({ trusted: [{ e164: '+18885550142', added: '2026-12-05' }], region: 'GB' })
    const answer = (await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())) as VerdictsResponse
    expect(answer.verdicts[0]?.verdict).toBe('trusted')
    expect(answer.report?.fraudSite?.url).toBe('https://www.actionfraud.police.uk')
  })

  it('takes the page\u2019s country for the report from its address', async () => {
    const answer = (await ask(w, { type: 'verdicts', url: 'https://scam.example.ca/', findings: [scamFinding] }, contentScript(7, 'https://scam.example.ca/'))) as VerdictsResponse
    expect(answer.report?.fraudSite?.url).toBe('https://antifraudcentre-centreantifraude.ca')
  })

  it('lets the extension\u2019s pages change the settings, which moves the daily check', async () => {
    const saved = (await ask(w, { type: 'settings-set', changes: { pausedSites: ['example.com'] } }, optionsPage)) as Settings
    expect(saved.pausedSites).toEqual(['example.com'])
    expect(((await ask(w, { type: 'settings-get' }, popup)) as Settings).pausedSites).toEqual(['example.com'])
    expect(w.settingsChanged).toBe(1)
  })

  it('lets the extension\u2019s pages read the registry\u2019s status, import a registry and check a number', async () => {
    expect(await ask(w, { type: 'registry-status' }, optionsPage)).toMatchObject({ state: 'ok', source: 'bundled' })
    // The bundled registry again: nothing to do, and nothing refused for lack of privilege.
    expect((await ask(w, { type: 'registry-import', text: bundled }, optionsPage)) as UpdateResult).toMatchObject({ ok: false, unchanged: true })
    const check = (await ask(w, { type: 'check', input: '1-800-275-2273' }, popup)) as { result: { verdict: string }; report: unknown }
    expect(check.result.verdict).toBe('official')
  })

  it('gives the popup a tab\u2019s findings, with its address and whether it is paused or a hostage page', async () => {
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    const list = (await ask(w, { type: 'tab-findings', tabId: 7 }, popup)) as TabFindingsResponse
    expect(list).toMatchObject({ pageUrl: SCAM, paused: false, hostage: false, status: { state: 'ok' } })
    expect(list.findings.map((f) => f.text)).toEqual(['1-888-555-0142'])
  })

  it('names the tab\u2019s top page to the popup, never an embedded frame\u2019s, when the browser does not say', async () => {
    const blind = world({})
    const AD = 'https://ads.example/frame.html'
    await ask(blind, { type: 'verdicts', url: AD, findings: [scamFinding] }, { ...contentScript(7, AD), frameId: 5 })
    expect(((await ask(blind, { type: 'tab-findings', tabId: 7 }, popup)) as TabFindingsResponse).pageUrl).toBeNull()
    await ask(blind, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    expect(((await ask(blind, { type: 'tab-findings', tabId: 7 }, popup)) as TabFindingsResponse).pageUrl).toBe(SCAM)
  })

  it('mutes a page with a red claim that held the browser hostage, and closes it when asked', async () => {
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    expect(await ask(w, { type: 'hostage', url: SCAM, signs: ['fullscreen', 'media'] }, contentScript())).toEqual({ ok: true })
    expect(w.muted).toEqual([7])
    expect(await w.hostages.has(7)).toBe(true)
    expect(((await ask(w, { type: 'tab-findings', tabId: 7 }, popup)) as TabFindingsResponse).hostage).toBe(true)
    expect(await ask(w, { type: 'close-tab' }, contentScript())).toEqual({ ok: true })
    expect(await ask(w, { type: 'close-tab', tabId: 7 }, popup)).toEqual({ ok: true })
    expect(w.closed).toEqual([7, 7])
  })

  it('passes a tab\u2019s sound on to its top page when that holds a red claim, and to no subframe or other tab', async () => {
    const told: Array<[number, number, boolean]> = []
    const tell = (tabId: number) => async (frameId: number, m: AudibleMessage) => void told.push([tabId, frameId, m.audible])
    // A red claim in a comments frame: the page's own video is no siren of the frame's.
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, { ...contentScript(), frameId: 4 })
    await ask(w, { type: 'verdicts', url: SCAM, findings: [appleFinding] }, contentScript())
    await ask(w, { type: 'verdicts', url: SCAM, findings: [appleFinding] }, contentScript(8))
    await relaySound(w.tabs, 7, true, tell(7))
    await relaySound(w.tabs, 8, true, tell(8))
    expect(told).toEqual([])
    // The top page's own red claim.
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    await relaySound(w.tabs, 7, true, tell(7))
    await relaySound(w.tabs, 7, false, tell(7))
    expect(told).toEqual([
      [7, 0, true],
      [7, 0, false],
    ])
    // A page that cannot be reached (gone meanwhile) is no error.
    await relaySound(w.tabs, 7, true, async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.')
    })
  })

  it('clears a frame\u2019s findings when its page changes, and updates the toolbar', async () => {
    await ask(w, { type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())
    expect(await ask(w, { type: 'page-reset', url: SCAM }, contentScript())).toEqual({ ok: true })
    expect(await w.tabs.findings(7)).toEqual([])
    expect(w.toolbar.at(-1)).toEqual([7, []])
  })

  it('says a registry that cannot be verified gives no verdict', async () => {
    const broken = world()
    const dispatch = createDispatcher({
      self: { id: ID, origin: ORIGIN },
      registry: new RegistryStore(broken.storage, bundled.replace(/"version\\":\d+/, '"version\\":9999'), pinned),
      settings: broken.settings,
      tabs: broken.tabs,
      hostages: broken.hostages,
      verdicts: new Verdicts(),
      t: englishTranslate,
      userLocale: () => 'en-US',
      tabUrl: async () => undefined,
      toolbar: async () => undefined,
      muteTab: async () => undefined,
      tabAudible: async () => false,
      closeTab: async () => undefined,
      settingsChanged: async () => undefined,
    })
    const answer = (await dispatch({ type: 'verdicts', url: SCAM, findings: [scamFinding] }, contentScript())) as VerdictsResponse
    expect(answer).toEqual({ verdicts: [{ verdict: 'unverified', detail: null }], report: null })
  })
})
