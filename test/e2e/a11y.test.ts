// axe-core over the popup, the options page and a flagged page, in light and dark colour
// schemes, with the built extension in Chromium. Fails on any serious or critical violation.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { panelOf, probeOnTop } from '../helpers/panel-probe'
import { launch, waitForScan, type Fixture } from './harness'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

/** Runs axe in the page. Evaluated over the DevTools protocol, so the extension pages' CSP does not apply. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })) as Violation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

describe('accessibility (axe-core)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await launch()
  })
  afterAll(async () => {
    await f?.close()
  })

  it('reports violations on a page made to have them (the check itself works)', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/a11y-broken.html`)
    const found = await seriousViolations(page)
    expect(found.some((v) => v.startsWith('color-contrast'))).toBe(true)
    expect(found.some((v) => v.startsWith('button-name'))).toBe(true)
    await page.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    it(`the popup has no serious violation, with a result shown (${scheme})`, async () => {
      const page = await f.ctx.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html?check=${encodeURIComponent('+1 888 555 0100')}`)
      await page.waitForSelector('[data-testid="check-result"]')
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    })

    it(`the options page has no serious violation (${scheme})`, async () => {
      const page = await f.ctx.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`chrome-extension://${f.extensionId}/src/ui/options/index.html`)
      await page.waitForSelector('h1')
      await page.waitForFunction(() => document.querySelectorAll('button').length > 2)
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    })
  }

  it('a flagged page with badges has no serious violation from the badges', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/mismatch.html`)
    await waitForScan(page, (s) => s.badges >= 1)
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    it(`the popup listing a number TrueDial can’t confirm, with a "can’t confirm" check result, has no serious violation (${scheme})`, async () => {
      const site = await f.ctx.newPage()
      await site.goto(`${f.baseUrl}/pages/unconfirmed.html`)
      await waitForScan(site, (s) => s.badges >= 2)
      await site.bringToFront()
      const tabId = await f.worker.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>> } } }).chrome
        return (await c.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id
      })
      const page = await f.ctx.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html?tab=${tabId}&check=${encodeURIComponent('+43 1 270 1234')}`)
      await page.waitForSelector('.finding-unconfirmed')
      await page.waitForSelector('[data-testid="check-result"][data-verdict="unconfirmed"]')
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
      await site.close()
    })

    it(`a page with a neutral "can’t confirm" badge, its explanation open, has no serious violation (${scheme})`, async () => {
      const page = await f.ctx.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${f.baseUrl}/pages/unconfirmed.html`)
      await waitForScan(page, (s) => s.badges >= 2)
      await page.locator('truedial-badge[data-verdict="unconfirmed"]').click()
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    })
  }

  it('the badge can be reached and opened with the keyboard alone', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`${f.baseUrl}/pages/mismatch.html`)
    await waitForScan(page, (s) => s.badges >= 1)
    // Tab from the top: the link, then the badge's button (inside its closed shadow root).
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.tagName.toLowerCase())
    expect(focused).toBe('truedial-badge')
    // The explanation is inside the closed root, shown in the top layer: what is on screen tells.
    const e164 = await page.evaluate(() => document.querySelector('truedial-badge')!.getAttribute('data-e164')!)
    const panelHeight = async () => {
      const sight = await page.evaluate(probeOnTop, panelOf(e164, 0, 8))
      return sight.bottom - sight.top
    }
    await page.keyboard.press('Enter')
    await page.waitForTimeout(200)
    expect(await panelHeight()).toBeGreaterThan(120)
    await page.keyboard.press('Escape')
    expect(await panelHeight()).toBeLessThan(40)
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('truedial-badge')
    await page.close()
  })

  it('the popup can be used with the keyboard alone', async () => {
    const page = await f.ctx.newPage()
    await page.goto(`chrome-extension://${f.extensionId}/src/ui/popup/index.html`)
    await page.waitForSelector('[data-testid="check-input"]')
    // Tab until the number box has focus, type, and submit with Enter.
    for (let i = 0; i < 10; i++) {
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'check-input')) break
      await page.keyboard.press('Tab')
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('check-input')
    await page.keyboard.type('1-800-MY-APPLE')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="check-result"][data-verdict="official"]')
    await page.close()
  })
})
