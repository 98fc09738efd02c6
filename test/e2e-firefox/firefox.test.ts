// The Firefox build in Firefox ESR: the content script badges a scam page, the background
// verifies the registry (Ed25519) and keeps the tab's findings, the toolbar
// counts them, and the popup lists them. Runs a TEST build (with src/background/test-hooks.ts)
// made in beforeAll; the shipped dist-firefox/ is only inspected, never loaded.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Page } from 'puppeteer-core'
import { fixtures, outputDir } from '../e2e/harness'
import { noticeProbe, panelOf, probeOnTop } from '../helpers/panel-probe'
import { askHook, buildTestExtension, distFirefox, locationOf, extensionUuid, launchFirefox, removeDir, until, type FirefoxFixture } from './harness'

const HOOK_MARKER = '__truedial_test__'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}
const containing = (dir: string, text: string): string[] =>
  files(dir)
    .filter((path) => readFileSync(path, 'latin1').includes(text))
    .map((path) => relative(dir, path))

const badges = (page: Page) =>
  page.$$eval('truedial-badge', (list) => list.map((b) => ({ verdict: b.getAttribute('data-verdict'), e164: b.getAttribute('data-e164') })))

describe('TrueDial in Firefox ESR', () => {
  let testBuild = ''
  let f: FirefoxFixture
  beforeAll(async () => {
    testBuild = buildTestExtension()
    f = await launchFirefox(testBuild)
    f.routes.set('/__truedial_test__/answer', () => [200, 'text/html; charset=utf-8', '<!doctype html><title>answer</title>'])
  })
  afterAll(async () => {
    await f?.close()
    if (testBuild) removeDir(testBuild)
  })

  it('ships the test hooks in the test build only, never in dist-firefox/', () => {
    expect(existsSync(join(distFirefox, 'manifest.json')), 'dist-firefox/ is missing: run `npm run build` first').toBe(true)
    expect(containing(testBuild, HOOK_MARKER).length).toBeGreaterThan(0)
    expect(containing(distFirefox, HOOK_MARKER)).toEqual([])
    // Apart from the hooks the test build is the shipped one.
    expect(readFileSync(join(testBuild, 'manifest.json'), 'utf8')).toBe(readFileSync(join(distFirefox, 'manifest.json'), 'utf8'))
  })

  it('has a Firefox manifest: an event page, a gecko id, no Chromium-only keys', () => {
    const manifest = JSON.parse(readFileSync(join(distFirefox, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      background: Record<string, unknown>
      browser_specific_settings: { gecko: { id: string; data_collection_permissions: unknown } }
    }
    expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' })
    expect(manifest.browser_specific_settings.gecko.id).toBe('truedial@truedial.example')
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] })
    expect(manifest).not.toHaveProperty('minimum_chrome_version')
    // The scanner module only; Firefox knows no use_dynamic_url, and needs none: its
    // moz-extension:// address carries a random id per installation.
    expect(manifest.web_accessible_resources).toEqual([{ matches: ['<all_urls>'], resources: ['src/content/scanner.js'] }])
  })

  it('loads the scanner into a page whose CSP allows nothing, and the page sees neither the load nor its address', async () => {
    f.routes.set('/pages/strict-csp.html', () => [200, 'text/html; charset=utf-8', readFileSync(join(fixtures, 'pages/strict-csp.html')), { 'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'" }])
    const site = await f.browser.newPage()
    await site.goto(`${f.baseUrl}/pages/strict-csp.html`)
    await until('the red badge', async () => ((await badges(site)).some((b) => b.verdict === 'spoofed') ? true : undefined))
    // The policy is in force: the page itself may fetch nothing.
    expect(await site.evaluate(() => fetch('/pages/ordinary.html').then(() => 'fetched', () => 'blocked'))).toBe('blocked')
    // Firefox's moz-extension id is the same for every site, for as long as TrueDial is installed:
    // the page must not learn it from a violation report or its resource timing.
    const seen = await site.evaluate(() => [
      ...(window as unknown as { __violations: string[] }).__violations,
      ...performance.getEntriesByType('resource').map((e) => e.name),
    ])
    expect(seen.filter((u) => u.includes('extension') || u.includes(extensionUuid))).toEqual([])
    await site.close()
  })

  it('marks three scam numbers red and Apple\u2019s real number green, counts them on the toolbar and lists them in the popup', async () => {
    const pageUrl = `${f.baseUrl}/pages/scam-three.html`
    const site = await f.browser.newPage()
    await site.goto(pageUrl)
    const found = await until('four badges on scam-three.html', async () => {
      const list = await badges(site)
      return list.length >= 4 ? list : undefined
    })
    expect(found.filter((b) => b.verdict === 'spoofed').map((b) => b.e164).sort()).toEqual(['+18005550142', '+18885550177', '+18885550199'])
    expect(found.filter((b) => b.verdict === 'official').map((b) => b.e164)).toEqual(['+18002752273'])
    // A badge's UI lives in a closed shadow root in Firefox too.
    expect(await site.$$eval('truedial-badge', (list) => list.every((b) => b.shadowRoot === null))).toBe(true)

    // The toolbar badge of the fixture tab (action.setBadgeText per tab).
    const toolbar = await askHook(f, 'toolbar', pageUrl, `${f.baseUrl}/__truedial_test__/answer?`)
    const reply = new URL(toolbar.url).searchParams
    expect(reply.get('tab')).toMatch(/^\d+$/)
    expect(reply.get('badge')).toBe('3')
    await toolbar.tab.close()

    // The popup for that tab, opened by the background in a tab of its own.
    const { tab: popup, url } = await askHook(f, 'open-popup', pageUrl, `moz-extension://${extensionUuid}/src/ui/popup/index.html`)
    expect(url).toBe(`moz-extension://${extensionUuid}/src/ui/popup/index.html?tab=${reply.get('tab')}`)
    await popup.waitForFunction(() => document.querySelectorAll('.finding').length >= 4, { timeout: 20_000 })
    const items = await popup.$$eval('.finding', (list) => list.map((li) => ({ cls: li.className, text: (li as HTMLElement).innerText })))
    const spoofed = items.filter((i) => i.cls.includes('finding-spoofed'))
    expect(spoofed.map((i) => i.text.match(/\+1 \d{3} \d{3} \d{4}/)?.[0]).sort()).toEqual(['+1 800 555 0142', '+1 888 555 0177', '+1 888 555 0199'])
    for (const i of spoofed) {
      expect(i.text).toContain('Not Apple')
      expect(i.text).toContain('1-800-275-2273')
    }
    expect(items.filter((i) => i.cls.includes('finding-official')).map((i) => i.text.match(/\+1 \d{3} \d{3} \d{4}/)?.[0])).toEqual(['+1 800 275 2273'])
    await popup.setViewport({ width: 380, height: 600 })
    mkdirSync(outputDir, { recursive: true })
    await popup.screenshot({ path: join(outputDir, 'firefox-popup-findings.png') })
    await popup.close()
    await site.close()
  })

  it('checks a typed number in the popup against the verified registry', async () => {
    const { tab: popup } = await askHook(f, 'open-popup', 'about:blank#no-such-tab', `moz-extension://${extensionUuid}/`)
    await popup.waitForSelector('[data-testid="check-input"]')
    await popup.type('[data-testid="check-input"]', '1-800-MY-APPLE')
    await popup.click('[data-testid="check-button"]')
    await popup.waitForFunction(() => document.querySelector('[data-testid="check-result"]')?.getAttribute('data-input') === '1-800-MY-APPLE', { timeout: 20_000 })
    expect(await popup.$eval('[data-testid="check-result"]', (r) => r.getAttribute('data-verdict'))).toBe('official')
    await popup.close()
  })

  it('shows the whole explanation over clipping, transformed and modal layouts, and marks each number\u2019s characters', async () => {
    const site = await f.browser.newPage()
    await site.setViewport({ width: 1100, height: 800 })
    await site.goto(`${f.baseUrl}/pages/layouts.html`)
    await until('eleven badges on layouts.html', async () => ((await badges(site)).length >= 11 ? true : undefined))
    const sightOf = (e164: string, index = 0) => site.evaluate(probeOnTop, panelOf(e164, index))
    for (const [what, e164] of [
      ['an overflow: hidden header', '+18885550111'],
      ['a transformed, clipping container', '+18885550113'],
    ] as const) {
      const badge = await site.$(`truedial-badge[data-e164="${e164}"]`)
      await badge!.click()
      await new Promise((ok) => setTimeout(ok, 250))
      const sight = await sightOf(e164)
      expect(sight.bottom - sight.top, what).toBeGreaterThan(120)
      expect(sight.misses, what).toBe(0)
      expect(sight.bottom, what).toBeLessThanOrEqual(sight.viewport.height)
      await site.keyboard.press('Escape')
      const closed = await sightOf(e164)
      expect(closed.bottom - closed.top, `${what}: closed on Escape`).toBeLessThan(40)
      expect(await site.evaluate((n) => document.activeElement === document.querySelector(`truedial-badge[data-e164="${n}"]`), e164), `${what}: focus back on the badge`).toBe(true)
    }
    // The page's own modal: its copy of the number gets a badge that opens on top of it.
    await site.evaluate(() => (window as unknown as { showModal(): void }).showModal())
    await until('a badge in the modal', async () => ((await site.$('#modal truedial-badge')) ? true : undefined))
    const index = await site.evaluate(() => [...document.querySelectorAll('truedial-badge[data-e164="+18885550117"]')].findIndex((b) => b.closest('#modal')))
    await (await site.$('#modal truedial-badge'))!.click()
    await new Promise((ok) => setTimeout(ok, 250))
    const inModal = await sightOf('+18885550117', index)
    expect(inModal.bottom - inModal.top).toBeGreaterThan(120)
    expect(inModal.misses).toBe(0)
    await site.screenshot({ path: join(outputDir, 'firefox-panel-in-modal.png') })
    // The highlights: the number's characters, across elements too, read from the page's registry.
    const red = await site.evaluate(() => {
      const h = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('truedial-red')
      return h ? [...h].map((r) => r.toString()) : []
    })
    expect(red).toContain('+1 (844) 555-0127')
    expect(red).toContain('1-888-555-0142')
    await site.close()
  })

  async function openKit(behaviour: string): Promise<{ site: Page; pageUrl: string }> {
    const pageUrl = `${f.baseUrl}/pages/hostage/kit.html?do=${behaviour}`
    const site = await f.browser.newPage()
    await site.setViewport({ width: 1000, height: 760 })
    await site.goto(pageUrl)
    await until('the red badge', async () => ((await badges(site)).some((b) => b.verdict === 'spoofed') ? true : undefined))
    return { site, pageUrl }
  }

  /** Released, the notice on top of everything, the tab muted and marked on the toolbar. */
  async function expectDefused(site: Page, behaviour: string): Promise<void> {
    await until('the notice', async () => ((await site.evaluate(probeOnTop, noticeProbe())).hits > 100 ? true : undefined))
    expect(await site.evaluate(() => document.fullscreenElement === null && document.pointerLockElement === null)).toBe(true)
    expect((await site.evaluate(probeOnTop, noticeProbe())).misses).toBe(0)
    if (behaviour === 'fullscreen') await site.screenshot({ path: join(outputDir, 'firefox-hostage-notice.png') })
    // The address the background sees (a history flood adds a fragment).
    const shown = await locationOf(site)
    const toolbar = await askHook(f, 'toolbar', shown, `${f.baseUrl}/__truedial_test__/answer?`)
    const reply = new URL(toolbar.url).searchParams
    expect(reply.get('badge')).toBe('!')
    expect(reply.get('muted')).toBe('true')
    await toolbar.tab.close()
  }

  async function closeWithTheNotice(site: Page): Promise<void> {
    // Close this tab has the focus.
    await site.bringToFront()
    await site.keyboard.press('Enter').catch(() => undefined)
    await until('the tab to close', async () => (site.isClosed() || !(await f.browser.pages()).includes(site) ? true : undefined))
  }

  it.each([
    ['fullscreen', 'goes fullscreen on the first click'],
    ['pointer-lock', 'locks the pointer'],
    ['audio-loop', 'plays a looping siren'],
    ['history-flood', 'floods the history'],
  ])('defuses the kit that %s (%s): released, muted, the notice on top, Close this tab', async (behaviour) => {
    const { site } = await openKit(behaviour)
    await site.mouse.click(500, 600)
    await expectDefused(site, behaviour)
    await closeWithTheNotice(site)
  })

  it('defuses the kit that traps leaving, once it has asked \u201cAre you sure?\u201d and the user stayed', async () => {
    const { site, pageUrl } = await openKit('leave-trap')
    // Firefox asks only on a page the user has interacted with; before that the leave just happens
    // (the trap is still seen, but no one is held).
    await site.mouse.click(500, 600)
    // Nothing held yet: the notice below comes from the leave.
    expect(await site.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    // puppeteer opens the BiDi session with unhandledPromptBehavior {default: 'ignore'}, which
    // Firefox applies to beforeunload too: the prompt waits for this answer. The first is the user
    // staying; any later one is Close this tab, which Firefox's tabs.remove() also runs the page's
    // beforeunload for (Chromium's does not): there the user chooses to leave.
    const prompts: string[] = []
    site.on('dialog', (dialog) => {
      prompts.push(dialog.type())
      void (prompts.length === 1 ? dialog.dismiss() : dialog.accept()).catch(() => undefined)
    })
    // The user types another address (browsingContext.navigate, as from the address bar), is
    // asked, and stays: Firefox cancels the navigation and goto fails with it.
    const elsewhere = '/pages/ordinary.html?left-the-leave-trap'
    await expect(site.goto(`${f.baseUrl}${elsewhere}`)).rejects.toThrow(/beforeunload/i)
    expect(prompts).toEqual(['beforeunload'])
    // Still the kit's document: not left, not even fetched.
    expect(await locationOf(site)).toBe(pageUrl)
    expect(f.requests).not.toContain(elsewhere)
    await expectDefused(site, 'leave-trap')
    await closeWithTheNotice(site)
    expect(prompts.every((type) => type === 'beforeunload')).toBe(true)
  })

  it('leaves a video player beside Apple\u2019s real number in fullscreen', async () => {
    const site = await f.browser.newPage()
    await site.goto(`${f.baseUrl}/pages/hostage/video-player.html`)
    await until('the green badge', async () => ((await badges(site)).some((b) => b.verdict === 'official') ? true : undefined))
    await site.click('#go')
    await new Promise((ok) => setTimeout(ok, 1500))
    expect(await site.evaluate(() => document.fullscreenElement?.id ?? null)).toBe('player')
    expect(await site.evaluate(() => document.querySelector('truedial-notice'))).toBeNull()
    await site.close()
  })
})
