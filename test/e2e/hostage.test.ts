// Fake Apple alerts that hold the browser hostage, in Chromium: pages written like real kits go
// fullscreen and lock the keyboard on the first click, lock the pointer, play a looping siren,
// flood the history, or trap leaving. For each, TrueDial takes the page out of fullscreen and the
// locks, has the tab muted, shows its notice above everything (hit-tested point by point), marks
// the tab on the toolbar, and Close this tab closes it. A video player beside Apple's real number
// and a game that locks the pointer, with no red claim, are left alone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Page } from 'playwright-core'
import { noticeProbe, probeOnTop } from '../helpers/panel-probe'
import { launch, screenshot, toolbarText, waitForScan, type Fixture } from './harness'

describe('fake Apple alerts that hold the browser hostage (Chromium)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await launch(undefined, ['--autoplay-policy=no-user-gesture-required'], { sound: true })
  })
  afterAll(async () => {
    await f?.close()
  })

  /** The tab the test opened last, as the background sees it. */
  const activeTab = () =>
    f.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number; audible?: boolean; mutedInfo?: { muted: boolean } }>> } } }).chrome
      const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true })
      return { id: tab?.id ?? -1, muted: tab?.mutedInfo?.muted ?? false, audible: tab?.audible ?? false }
    })

  async function openKit(name: string): Promise<Page> {
    const page = await f.ctx.newPage()
    await page.setViewportSize({ width: 1000, height: 760 })
    await page.goto(`${f.baseUrl}/pages/hostage/${name}`)
    await waitForScan(page, (s) => s.badges >= 1)
    return page
  }

  /** How often fullscreen or the pointer lock changed hands on the kit (taken, then released: 2). */
  const changes = (page: Page) => page.evaluate(() => (window as unknown as { __changes: number }).__changes)

  async function expectDefused(page: Page, what: string): Promise<void> {
    if (/fullscreen|pointer/.test(what)) await expect.poll(() => changes(page), { timeout: 5_000, message: `${what}: the kit got hold of it, and lost it` }).toBeGreaterThanOrEqual(2)
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null && document.pointerLockElement === null), { timeout: 5_000 }).toBe(true)
    await expect.poll(async () => (await activeTab()).muted, { timeout: 5_000, message: `${what}: the tab is muted` }).toBe(true)
    await expect.poll(async () => (await page.evaluate(probeOnTop, noticeProbe())).hits, { timeout: 5_000, message: `${what}: the notice shows` }).toBeGreaterThan(100)
    const sight = await page.evaluate(probeOnTop, noticeProbe())
    expect(sight.misses, `${what}: points of the notice where the page is on top`).toBe(0)
    expect(sight.bottom - sight.top, what).toBeGreaterThan(200)
    expect(await toolbarText(f), `${what}: the toolbar marks the page`).toBe('!')
  }

  async function closeWithTheNotice(page: Page): Promise<void> {
    // The notice's first button, Close this tab, has the focus.
    // The tab may close before the key press has finished reporting back.
    await page.keyboard.press('Enter').catch(() => undefined)
    await expect.poll(() => page.isClosed(), { timeout: 5_000 }).toBe(true)
  }

  it('takes a page out of fullscreen and the keyboard lock it took on the first click', async () => {
    const page = await openKit('kit.html?do=fullscreen')
    await page.mouse.click(500, 600)
    await expectDefused(page, 'fullscreen')
    await screenshot(page, 'hostage-notice')
    await closeWithTheNotice(page)
  })

  it('leaves fullscreen again when the page goes back', async () => {
    const page = await openKit('kit.html?do=fullscreen')
    await page.mouse.click(500, 600)
    await expectDefused(page, 'fullscreen')
    // Back into fullscreen (a user gesture the page turns into fullscreen again).
    await page.evaluate(() => document.addEventListener('click', () => void document.documentElement.requestFullscreen().catch(() => undefined)))
    await page.mouse.click(500, 740)
    // It went back in, and is out again.
    await expect.poll(() => changes(page), { timeout: 5_000 }).toBeGreaterThanOrEqual(4)
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null), { timeout: 5_000 }).toBe(true)
    await page.close()
  })

  it('raises the notice above what the page put on top, on a new sign, and keeps the keyboard focus in it', async () => {
    const page = await openKit('kit.html?do=fullscreen')
    await page.mouse.click(500, 600)
    await expectDefused(page, 'fullscreen')
    const focusIn = () => page.evaluate(() => document.activeElement?.tagName ?? null)
    expect(await focusIn()).toBe('TRUEDIAL-NOTICE') // Close this tab
    await page.keyboard.press('Tab')
    expect(await focusIn()).toBe('TRUEDIAL-NOTICE')
    // The kit puts a fake dialog of its own into the top layer, over the notice.
    await page.evaluate(() => {
      const cover = document.createElement('div')
      cover.popover = 'manual'
      cover.style.cssText = 'inset:0;width:100vw;height:100vh;margin:0;border:0;background:#0a3d91'
      document.body.append(cover)
      cover.showPopover()
    })
    expect((await page.evaluate(probeOnTop, noticeProbe())).hits).toBe(0)
    // A second sign, with no click of the user's: the kit floods the history.
    const length = await page.evaluate(() => {
      for (let i = 0; i < 60; i++) history.pushState({ i }, '', '#again-' + i)
      return history.length
    })
    expect(length).toBeGreaterThanOrEqual(50) // the browser keeps at most 50
    // The notice goes back on top, and a keyboard user is still in it.
    await expect.poll(async () => (await page.evaluate(probeOnTop, noticeProbe())).hits, { timeout: 5_000 }).toBeGreaterThan(100)
    expect((await page.evaluate(probeOnTop, noticeProbe())).misses).toBe(0)
    expect(await focusIn()).toBe('TRUEDIAL-NOTICE')
    await page.close()
  })

  it('has the popup say so, with the same Close this tab', async () => {
    const page = await openKit('kit.html?do=audio-loop')
    await page.mouse.click(500, 600)
    await expectDefused(page, 'a looping siren')
    const { id } = await activeTab()
    const popup = await f.ctx.newPage()
    await popup.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html?tab=${id}`)
    await expect(popup.getByTestId('scam-page').textContent()).resolves.toContain('This page is a fake Apple alert')
    await popup.getByTestId('close-tab').click()
    await expect.poll(() => page.isClosed(), { timeout: 5_000 }).toBe(true)
  })

  it('refuses to close a tab for a content script whose page held nothing hostage', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/scam-basic.html`)
    await waitForScan(page, (s) => s.badges >= 1)
    const { id } = await activeTab()
    // The popup asks for a tab that is no hostage page: nothing happens.
    const popup = await f.ctx.newPage()
    await popup.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html?tab=${id}`)
    const answer = await popup.evaluate((tabId) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'close-tab', tabId }), id)
    expect(answer).toEqual({ ok: false })
    expect(await popup.getByTestId('scam-page').count()).toBe(0)
    expect(page.isClosed()).toBe(false)
    await popup.close()
    await page.close()
  })

  it.each([
    ['kit.html?do=pointer-lock', 'a pointer lock'],
    ['kit.html?do=audio-loop', 'a looping siren'],
    ['kit.html?do=history-flood', 'a history flood'],
  ])('defuses %s (%s) and closes the tab from the notice', async (name, what) => {
    const page = await openKit(name)
    await page.mouse.click(500, 600)
    await expectDefused(page, what)
    await closeWithTheNotice(page)
  })

  it('defuses a siren made with Web Audio, which no element plays, once it has gone on for a while', async () => {
    const page = await openKit('kit.html?do=web-audio')
    await page.mouse.click(500, 600)
    await expect.poll(async () => (await activeTab()).audible, { timeout: 5_000, message: 'the browser hears the siren' }).toBe(true)
    // Not at once: a short sound is no siren (SOUND_MS in content/hostage.ts).
    expect(await page.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    await expect.poll(async () => (await activeTab()).muted, { timeout: 15_000, message: 'the siren: the tab is muted' }).toBe(true)
    await expectDefused(page, 'a Web Audio siren')
    await closeWithTheNotice(page)
  })

  it('leaves a short beep made with Web Audio alone on a page with a red claim', async () => {
    const page = await openKit('kit.html?do=ping')
    await page.mouse.click(500, 600)
    await expect.poll(async () => (await activeTab()).audible, { timeout: 5_000, message: 'the browser hears the beep' }).toBe(true)
    await expect.poll(async () => (await activeTab()).audible, { timeout: 10_000, message: 'the beep is over' }).toBe(false)
    await page.waitForTimeout(6_000) // past SOUND_MS after the beep began
    expect(await page.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    expect((await activeTab()).muted).toBe(false)
    expect(await toolbarText(f)).not.toBe('!')
    await page.close()
  })

  it('defuses a page that traps leaving, once it has asked "Are you sure?"', async () => {
    const page = await openKit('kit.html?do=leave-trap')
    await page.mouse.click(500, 600) // the page needs a user gesture before it may ask
    page.once('dialog', (d) => void d.dismiss()) // the user stays
    await page.evaluate(() => (location.href = '/pages/ordinary.html')).catch(() => undefined)
    await expectDefused(page, 'a leave trap')
    // Close this tab closes it without asking again.
    await closeWithTheNotice(page)
  })

  it('leaves a video player beside Apple\u2019s real number in fullscreen, and a game its pointer lock', async () => {
    const video = await openKit('video-player.html')
    await video.click('#go')
    await video.waitForTimeout(1500)
    expect(await video.evaluate(() => document.fullscreenElement?.id)).toBe('player')
    expect(await video.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    expect((await activeTab()).muted).toBe(false)
    await video.close()

    const game = await f.ctx.newPage()
    await game.goto(`${f.baseUrl}/pages/hostage/game.html`)
    await waitForScan(game)
    await game.click('#c')
    await game.waitForTimeout(1000)
    expect(await game.evaluate(() => document.pointerLockElement?.id)).toBe('c')
    expect(await game.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    await game.close()
  })
})
