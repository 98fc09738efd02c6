// The toolbar popup of the BUILT extension, opened as a page in Chromium. `?tab=<id>` points it
// at a fixture tab, because the tab that is active in a test is the popup's own.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { launch, scannerLoads, screenshot, toolbarText, waitForScan, type Fixture } from './harness'

describe('the toolbar popup', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await launch()
  })
  afterAll(async () => {
    await f?.close()
  })

  async function openPopup(query = ''): Promise<Page> {
    const page = await f.ctx.newPage()
    await page.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html${query}`)
    return page
  }

  /** The tab id of a page, from the service worker. The extension has no "tabs" permission, so
   *  tabs.query cannot match a URL; the page just brought to the front is the active tab. */
  async function activeTabId(site: Page): Promise<number> {
    await site.bringToFront()
    const ids = await f.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>> } } }).chrome
      return (await c.tabs.query({ active: true, lastFocusedWindow: true })).map((t) => t.id)
    })
    expect(ids).toHaveLength(1)
    return ids[0]!
  }

  async function check(page: Page, input: string): Promise<{ verdict: string | null; text: string }> {
    await page.getByTestId('check-input').fill(input)
    await page.getByTestId('check-button').click()
    // The result names the input it answers, so an older result is never read as this one's.
    await page.waitForFunction((value) => document.querySelector('[data-testid="check-result"]')?.getAttribute('data-input') === value, input)
    const result = page.getByTestId('check-result')
    return { verdict: await result.getAttribute('data-verdict'), text: await result.innerText() }
  }

  it('checks a typed number against the official list', async () => {
    const page = await openPopup()
    await expect.poll(() => page.locator('.registry-line').textContent()).toMatch(/Official list v\d+ · \d+ numbers in \d+ countries/)

    const fake = await check(page, '+1 (888) 555-0100')
    expect(fake.verdict).toBe('not-official')
    expect(fake.text).toContain('Not on Apple’s official list')
    expect(fake.text).toContain('1-800-275-2273')

    const official = await check(page, '1-800-MY-APPLE')
    expect(official.verdict).toBe('official')
    expect(official.text).toContain('Official Apple number')

    const empty = await check(page, '   ')
    expect(empty.verdict).toBe('invalid')
    expect(empty.text).toContain('Type or paste a phone number to check.')

    const hello = await check(page, 'hello')
    expect(hello.verdict).toBe('invalid')
    expect(hello.text).toContain('does not look like a phone number')
    await page.close()
  })

  it('answers "can’t confirm" neutrally for a number missing from an incomplete list, and says which country it read', async () => {
    const page = await openPopup()
    const austria = await check(page, '+43 1 270 1234')
    expect(austria.verdict).toBe('unconfirmed')
    expect(austria.text).toContain('Can’t confirm it is Apple’s')
    expect(austria.text).toContain('Read as a number in Austria.')
    // Austria's only listed support number is low-confidence: never offered as a number to call.
    expect(austria.text).not.toContain('0800 220325')
    expect(austria.text).toContain('TrueDial has no verified Apple support number for Austria')
    expect(await page.getByTestId('check-result').getByRole('link', { name: 'Report' }).count()).toBe(0)
    await page.setViewportSize({ width: 380, height: 600 })
    await screenshot(page, 'popup-unconfirmed')
    await page.close()
  })

  it('runs the check it was opened with (?check=, from the context menu)', async () => {
    const page = await openPopup(`?check=${encodeURIComponent('1-800-275-2273')}`)
    expect(await page.getByTestId('check-input').inputValue()).toBe('1-800-275-2273')
    await expect.poll(() => page.getByTestId('check-result').getAttribute('data-verdict')).toBe('official')
    // Opened as its own window there is no web page to describe.
    expect(await page.getByRole('heading', { name: 'On this page' }).count()).toBe(0)
    await page.close()
  })

  it('has a labelled input, headings and the privacy note', async () => {
    const page = await openPopup()
    await expect.poll(() => page.getByLabel('Type or paste a phone number').count()).toBe(1)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('TrueDial')
    expect(await page.getByRole('heading', { name: 'Check a number' }).count()).toBe(1)
    expect(await page.locator('[aria-live="polite"]').count()).toBe(1)
    expect(await page.locator('footer').innerText()).toContain('Checks happen on your device. Nothing is sent anywhere.')
    await page.close()
  })

  it('lists the numbers the content script flagged on a page', async () => {
    const pageUrl = `${f.baseUrl}/pages/scam-basic.html`
    const site = await f.ctx.newPage()
    await site.goto(pageUrl)
    await site.waitForFunction(() => document.querySelector('truedial-badge') !== null)
    const tabId = await activeTabId(site)

    const page = await openPopup(`?tab=${tabId}`)
    const finding = page.locator('.finding').first()
    await expect.poll(() => finding.count()).toBe(1)
    const text = await finding.innerText()
    expect(text).toContain('Not Apple’s number')
    expect(text).toContain('+1 888 555 0100')
    expect(text).toContain('1-800-275-2273')
    expect(await finding.getByRole('link', { name: 'Report' }).getAttribute('href')).toMatch(/^mailto:reportphishing@apple\.com\?subject=/)
    expect(await page.getByRole('button', { name: 'Pause on this site' }).count()).toBe(1)
    await page.setViewportSize({ width: 380, height: 600 })
    await screenshot(page, 'popup-findings')

    // Trusting asks first, then shows "Trusted by you", never "official".
    await finding.getByRole('button', { name: 'Trust this number' }).click()
    await finding.getByRole('button', { name: 'Trust it' }).click()
    await expect.poll(() => finding.innerText()).toContain('Trusted by you')
    const trusted = await f.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome
      return JSON.stringify(await c.storage.local.get(null))
    })
    expect(trusted).toContain('+18885550100')

    await page.close()
    await site.close()
  })

  it('lists a number TrueDial cannot confirm neutrally, after the flagged one, and does not count it on the toolbar', async () => {
    const site = await f.ctx.newPage()
    await site.goto(`${f.baseUrl}/pages/unconfirmed.html`)
    await waitForScan(site, (s) => s.badges >= 2)
    expect(await site.evaluate(() => [...document.querySelectorAll('truedial-badge')].map((b) => b.getAttribute('data-verdict')))).toEqual(['unconfirmed', 'spoofed'])
    const tabId = await activeTabId(site)
    await expect.poll(() => toolbarText(f)).toBe('1')

    const page = await openPopup(`?tab=${tabId}`)
    const findings = page.locator('.finding')
    await expect.poll(() => findings.count()).toBe(2)
    expect(await findings.nth(0).getAttribute('class')).toContain('finding-spoofed')
    const neutral = findings.nth(1)
    expect(await neutral.getAttribute('class')).toContain('finding-unconfirmed')
    const text = await neutral.innerText()
    expect(text).toContain('ℹ Can’t confirm')
    expect(text).toContain('+43 1 2701234')
    expect(text).toContain('TrueDial can’t confirm this is Apple’s number: it is not on Apple’s list for Austria')
    // Not a warning: no Report; the user may still trust it (their own repair shop abroad).
    expect(await neutral.getByRole('link', { name: 'Report' }).count()).toBe(0)
    expect(await neutral.getByRole('button', { name: 'Trust this number' }).count()).toBe(1)
    await page.close()
    await site.close()
  })

  it('pauses and resumes on a site', async () => {
    const site = await f.ctx.newPage()
    await site.goto(`${f.baseUrl}/pages/scam-basic.html`)
    await site.waitForFunction(() => document.querySelector('truedial-badge') !== null)
    const tabId = await activeTabId(site)
    const page = await openPopup(`?tab=${tabId}`)
    await page.getByRole('button', { name: 'Pause on this site' }).click()
    await expect.poll(() => page.getByText('TrueDial is paused on this site').count()).toBe(1)
    const settings = async (): Promise<string> =>
      page.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome
        return JSON.stringify(await c.runtime.sendMessage({ type: 'settings-get' }))
      })
    expect(await settings()).toContain('"pausedSites":["127.0.0.1"]')
    // Paused: a scam page on the site gets no badge, and not even the scanner is loaded into it.
    const paused = await f.ctx.newPage()
    const loads = await scannerLoads(paused)
    await paused.goto(`${f.baseUrl}/pages/scam-three.html`)
    const state = await waitForScan(paused)
    expect([state.connected, state.badges, loads]).toEqual([false, 0, []])
    expect(await paused.locator('truedial-badge').count()).toBe(0)
    await paused.close()
    await page.getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Pause on this site' }).count()).toBe(1)
    expect(await settings()).toContain('"pausedSites":[]')
    await page.close()
    await site.close()
  })

  it('looks right after a check (screenshot: test/output/popup.png)', async () => {
    const page = await openPopup()
    await page.setViewportSize({ width: 380, height: 600 })
    expect((await check(page, '+1 (888) 555-0100')).verdict).toBe('not-official')
    const path = await screenshot(page, 'popup')
    expect(existsSync(path)).toBe(true)
    await page.close()
  })
})
