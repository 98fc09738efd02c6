// Apple's own websites (the registry's signed domains) in Chromium, at their real addresses (every
// host mapped to a local HTTPS server with a throwaway certificate): every number there is
// Apple's, so no green badge by default; the options page turns them on there too, and a red one
// shows there as everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { CorpusCase } from '../corpus/corpus'
import type { CorpusServer } from '../helpers/corpus-server'
import { launchAtRealAddresses, waitForScan, type Fixture } from './harness'

const APPLE_PAGE = {
  url: 'https://support.apple.com/en-us/contact',
  html: '<!doctype html><html lang="en"><head><title>Contact Apple Support</title></head><body><p>Apple Support: call 1-800-275-2273.</p></body></html>',
} as CorpusCase
const FORUM_PAGE = {
  url: 'https://forum.example/thread/1',
  html: '<!doctype html><html lang="en"><head><title>Help thread</title></head><body><p>Apple Support: call 1-800-275-2273.</p></body></html>',
} as CorpusCase

describe('Apple\u2019s own websites', () => {
  let f: Fixture
  let server: CorpusServer
  let close = async (): Promise<void> => {}

  beforeAll(async () => {
    ;({ f, server, close } = await launchAtRealAddresses())
  }, 60_000)

  afterAll(() => close())

  async function badgesOn(c: CorpusCase): Promise<string[]> {
    server.serve(c)
    const page = await f.ctx.newPage()
    try {
      await page.goto(c.url)
      await waitForScan(page)
      return await page.$$eval('truedial-badge', (els) => els.map((e) => `${e.getAttribute('data-verdict')} ${e.getAttribute('data-e164')}`))
    } finally {
      await page.close()
    }
  }

  async function options(): Promise<Page> {
    const page = await f.ctx.newPage()
    await page.goto(`chrome-extension://${f.extensionId}/src/ui/options/index.html`)
    await page.locator('#show-official').waitFor()
    return page
  }

  it('shows no green badge there by default, keeps it elsewhere, and shows it there once asked to', async () => {
    expect(await badgesOn(APPLE_PAGE)).toEqual([])
    expect(await badgesOn(FORUM_PAGE)).toEqual(['official +18002752273'])

    const settings = await options()
    const onApple = settings.locator('#show-official-apple')
    expect(await onApple.isChecked()).toBe(false)
    await onApple.check()
    await expect.poll(() => settings.getByText('Green badges now also show on Apple’s own websites.').count()).toBe(1)
    expect(await badgesOn(APPLE_PAGE)).toEqual(['official +18002752273'])

    // Green badges off altogether: off on Apple's sites too, and the choice waits greyed out.
    await settings.locator('#show-official').uncheck()
    await expect.poll(() => onApple.isDisabled()).toBe(true)
    expect(await onApple.isChecked()).toBe(false)
    expect(await badgesOn(APPLE_PAGE)).toEqual([])
    expect(await badgesOn(FORUM_PAGE)).toEqual([])
    await settings.locator('#show-official').check()
    await expect.poll(() => onApple.isChecked()).toBe(true)
    await settings.close()
  })
})
