// The options page against the built extension in Chromium: registry status, import, update
// from a URL, restore, refusals, and settings that persist.
//
// Newer VALID registries need a signature from a pinned key, and tests must never touch the
// real private key. So the tests run a COPY of dist/ in which a throwaway test key is pinned
// next to the real one (the bundled registry still verifies, signed by the real key), and a
// second copy in which the throwaway key REPLACES the real one (the bundled registry can no
// longer be verified: the "registry unavailable" state).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { Page } from 'playwright-core'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dist, launch, outputDir, screenshot, type Fixture } from './harness'
import { generateTestKey, signEnvelope, type TestKey } from '../helpers/test-key'
import { loadSource } from '../../src/cli/registry-source'
import type { RegistryPayload } from '../../src/core/registry-types'
import type { CheckResponse } from '../../src/messages'

const REAL_KEYID = '970c938c35f3e100'
const REAL_PUBLIC_KEY = 'ir1dkT66HGxWgtTiRUa7hPncvyO4TdSdcBoS+jK+wo8='
const NEW_NUMBER = '1-800-555-0199'
/** The bundled registry's version; the tests' registries are one (NEXT) and two (LATER) above it. */
const BUNDLED_PAYLOAD = JSON.parse((JSON.parse(readFileSync(new URL('../../registry/registry.signed.json', import.meta.url), 'utf8')) as { payload: string }).payload) as { version: number; issued: string }
const BUNDLED = BUNDLED_PAYLOAD.version
/** The bundled registry's issue date as the options page writes it (in en-US). */
const BUNDLED_ISSUED = new Date(BUNDLED_PAYLOAD.issued).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
const NEXT = BUNDLED + 1
const LATER = BUNDLED + 2

// ---- a patched copy of the built extension ----

const q = '["\'`]'
/** The real key's entry in the keys array, as the bundler wrote it (JSON or a JS object literal). */
const realKeyEntry = new RegExp(
  `\\{\\s*${q}?keyid${q}?\\s*:\\s*${q}${REAL_KEYID}${q}\\s*,\\s*${q}?publicKey${q}?\\s*:\\s*${q}${REAL_PUBLIC_KEY.replace(/[+/=]/g, '\\$&')}${q}`,
  'g',
)

/**
 * Copies dist/ (so a rebuild during the run cannot pull it away) and, unless mode is 'as-built',
 * pins `key` in the service worker bundle: next to the real key, or instead of it.
 */
function patchedDist(key: TestKey, mode: 'as-built' | 'add' | 'replace'): string {
  const dir = mkdtempSync(join(tmpdir(), `truedial-dist-${mode}-`))
  cpSync(dist, dir, { recursive: true })
  const assets = join(dir, 'assets')
  const entry = `{keyid:${JSON.stringify(key.keyid)},publicKey:${JSON.stringify(key.publicKey)}`
  let patched = 0
  if (mode === 'as-built') return dir
  for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const file = join(assets, name)
    const js = readFileSync(file, 'utf8')
    const out = js.replace(realKeyEntry, (match) => {
      patched++
      return mode === 'add' ? `${entry}},${match}` : entry
    })
    if (out !== js) writeFileSync(file, out)
  }
  if (patched !== 1) throw new Error(`expected the pinned key once in dist/assets/*.js, found it ${patched} times`)
  // "Check for updates" asks for host access to the update address. If the manifest declared
  // http://127.0.0.1 as optional, Chromium would show a permission prompt that nobody can answer
  // in headless mode and the click would wait forever. Undeclared, the request fails at once and
  // the update goes ahead (the test server allows CORS), which is what these tests exercise.
  const manifestPath = join(dir, 'manifest.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { optional_host_permissions?: string[] }
  manifest.optional_host_permissions = (manifest.optional_host_permissions ?? []).filter((p) => !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(p))
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
  return dir
}

type Session = Fixture

const launchWith = (extensionDir: string): Promise<Session> => launch(extensionDir)

/**
 * A clean slate without a new browser (a launch costs ~2 s): close every page, clear the
 * extension's storage, stop its service worker (the next message starts a fresh one, without
 * the memoised registry), then open the options page.
 */
async function freshOptions(s: Session): Promise<Page> {
  const page = await s.ctx.newPage()
  for (const other of s.ctx.pages()) if (other !== page) await other.close()
  s.routes.clear()
  await page.goto(`chrome-extension://${s.extensionId}/src/ui/options/index.html`)
  await page.evaluate(async () => {
    const { storage } = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { clear: () => Promise<void> }> } }).chrome
    await storage.local.clear()
    await storage.session.clear()
  })
  const cdp = await s.ctx.newCDPSession(page)
  await cdp.send('ServiceWorker.enable')
  await cdp.send('ServiceWorker.stopAllWorkers')
  await cdp.detach()
  await openOptions(page, s.extensionId)
  return page
}

async function openOptions(page: Page, extensionId: string): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/src/ui/options/index.html`)
  await page.locator('[data-status="version"]').waitFor()
}

// ---- registries signed at test time ----

function payload(version: number, extraNumber: boolean): RegistryPayload {
  const p = loadSource()
  p.version = version
  if (extraNumber) {
    p.organisations[0]!.numbers.push({
      e164: '+18005550199',
      national: null,
      country: 'US',
      service: 'support',
      display: NEW_NUMBER,
      vanity: null,
      languages: ['en'],
      hours: null,
      sources: ['https://example.test/made-up-for-tests'],
      confidence: 'high',
      checked: '2026-11-25',
    })
  }
  return p
}

// ---- page helpers ----

const text = async (page: Page, field: string): Promise<string> => (await page.locator(`[data-status="${field}"]`).textContent())?.trim() ?? ''

/** Runs an action on the page and waits until the registry panel has finished it; returns its message. */
async function registryAction(page: Page, act: () => Promise<void>): Promise<{ outcome: string | null; message: string }> {
  const region = page.locator('[data-testid="registry-message"]')
  const before = Number(await region.getAttribute('data-finished'))
  await act()
  await page.locator(`[data-testid="registry-message"][data-finished="${before + 1}"]`).waitFor({ state: 'attached' })
  const callout = region.locator('[data-outcome]')
  return { outcome: await callout.getAttribute('data-outcome'), message: ((await callout.textContent()) ?? '').trim() }
}

const importFile = (page: Page, name: string, body: string | Buffer) =>
  registryAction(page, () => page.setInputFiles('#registry-file', { name, mimeType: 'application/json', buffer: Buffer.isBuffer(body) ? body : Buffer.from(body) }))

/** Drops a file onto the import zone, as dragging it from the desktop would. */
const dropFile = (page: Page, name: string, body: string) =>
  registryAction(page, async () => {
    const dataTransfer = await page.evaluateHandle(
      ([n, b]) => {
        const transfer = new DataTransfer()
        transfer.items.add(new File([b], n, { type: 'application/json' }))
        return transfer
      },
      [name, body] as const,
    )
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer })
  })

const checkUpdates = (page: Page) => registryAction(page, () => page.getByRole('button', { name: 'Check for updates' }).click())

async function verdictOf(page: Page, input: string): Promise<string | null> {
  const response = (await page.evaluate(
    (i) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'check', input: i }),
    input,
  )) as CheckResponse
  return response.result?.verdict ?? (response.unavailable ? 'unavailable' : null)
}

// ---- the tests ----

describe('the options page', () => {
  const key = generateTestKey()
  const v3 = signEnvelope(payload(NEXT, true), key) // "v3": the next version, whatever the bundled one is
  let asBuilt = ''
  let withTestKey = ''
  let onlyTestKey = ''

  beforeAll(() => {
    if (!existsSync(join(dist, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first')
    asBuilt = patchedDist(key, 'as-built')
    withTestKey = patchedDist(key, 'add')
    onlyTestKey = patchedDist(key, 'replace')
  })
  afterAll(() => {
    for (const dir of [asBuilt, withTestKey, onlyTestKey]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** One browser per group; every test starts from a clean slate (freshOptions). */
  function withBrowser(dir: () => string): { readonly session: Session } {
    const holder: { session?: Session } = {}
    beforeAll(async () => {
      holder.session = await launchWith(dir())
    })
    afterAll(async () => {
      await holder.session?.close()
    })
    return {
      get session() {
        if (!holder.session) throw new Error('browser not launched')
        return holder.session
      },
    }
  }

  describe('as built (only the real key pinned)', () => {
    const browser = withBrowser(() => asBuilt)
    let b: Session
    beforeAll(() => {
      b = browser.session
    })

    it(`shows the bundled registry: version ${BUNDLED}, its key, 88 numbers in 41 countries`, async () => {
      const options = await freshOptions(b)
      expect(await text(options, 'version')).toBe(String(BUNDLED))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('bundled')
      expect(await text(options, 'source')).toBe('Bundled with TrueDial')
      expect(await text(options, 'keyid')).toBe(REAL_KEYID)
      expect(await text(options, 'numbers')).toBe('88 official numbers')
      expect(await text(options, 'countries')).toBe('41 countries')
      expect(await text(options, 'issued')).toBe(BUNDLED_ISSUED)
      expect(await text(options, 'last-attempt')).toBe('None yet')
      expect(await options.locator('[data-alert]').count()).toBe(0)
    })
  })

  describe('with a test key pinned next to the real one', () => {
    const browser = withBrowser(() => withTestKey)
    let b: Session
    beforeAll(() => {
      b = browser.session
    })

    it('imports a newer signed registry from a file, and its new number becomes official', async () => {
      const options = await freshOptions(b)
      const { ctx, baseUrl, routes } = b
      expect(await verdictOf(options, NEW_NUMBER)).toBe('not-official')

      const result = await importFile(options, 'registry-v3.json', v3)
      expect(result).toEqual({ outcome: 'ok', message: `Updated to registry version ${NEXT}.` })
      expect(await text(options, 'version')).toBe(String(NEXT))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('file')
      expect(await text(options, 'keyid')).toBe(key.keyid)
      expect(await text(options, 'numbers')).toBe('89 official numbers')
      expect(await text(options, 'last-attempt')).toMatch(/\(file import\)installed$/)
      // After a reload the last attempt still says what happened.
      await openOptions(options, b.extensionId)
      expect(await text(options, 'last-attempt')).toContain(`Updated to registry version ${NEXT}.`)
      expect(await verdictOf(options, NEW_NUMBER)).toBe('official')

      // The badge on a page: the new number is Apple's now.
      routes.set('/support.html', () => [200, 'text/html; charset=utf-8', `<!doctype html><html lang="en"><body><p>Apple Support: call ${NEW_NUMBER}</p></body></html>`])
      const page = await ctx.newPage()
      await page.goto(`${baseUrl}/support.html`)
      const badge = page.locator('truedial-badge').first()
      await badge.waitFor({ state: 'attached' })
      expect(await badge.getAttribute('data-verdict')).toBe('official')
    })

    it('refuses a tampered registry file dropped on the page, names the signature, and keeps the active registry', async () => {
      const options = await freshOptions(b)
      const envelope = JSON.parse(v3) as { payload: string; signatures: unknown }
      // Flip one digit of the new number inside the signed payload.
      const tamperedPayload = envelope.payload.replace('+18005550199', '+18005550198')
      expect(tamperedPayload).not.toBe(envelope.payload)
      const tampered = JSON.stringify({ ...envelope, payload: tamperedPayload })

      const result = await dropFile(options, 'tampered.json', tampered)
      expect(result.outcome).toBe('refused')
      expect(result.message).toMatch(/^Refused: the signature does not match/)
      expect(await text(options, 'version')).toBe(String(BUNDLED))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('bundled')
      expect(await verdictOf(options, NEW_NUMBER)).toBe('not-official')
      expect(await verdictOf(options, '+1 800 275 2273')).toBe('official')
    })

    it('refuses the same version, an older version, malformed JSON and a file over 1 MB', async () => {
      const options = await freshOptions(b)
      const same = await importFile(options, 'v2.json', signEnvelope(payload(BUNDLED, false), key))
      expect(same).toEqual({ outcome: 'info', message: `No change: you already have registry version ${BUNDLED}.` })
      expect(await text(options, 'version')).toBe(String(BUNDLED))

      expect((await importFile(options, 'v4.json', signEnvelope(payload(LATER, false), key))).message).toBe(`Updated to registry version ${LATER}.`)
      const older = await importFile(options, 'v3.json', v3)
      expect(older).toEqual({ outcome: 'refused', message: `Refused: version ${NEXT} is older than the active version ${LATER} (a rollback).` })
      expect(await text(options, 'version')).toBe(String(LATER))

      const malformed = await importFile(options, 'broken.json', '{"payload": "{", "signatures": [')
      expect(malformed.outcome).toBe('refused')
      expect(malformed.message).toMatch(/^Refused: the file is not a registry/)
      expect(await text(options, 'version')).toBe(String(LATER))

      const big = await importFile(options, 'huge.json', Buffer.alloc(2 * 1024 * 1024, 0x20))
      expect(big).toEqual({ outcome: 'refused', message: 'Refused: “huge.json” is 2.0 MB; a registry file is at most 1 MB.' })
      expect(await text(options, 'version')).toBe(String(LATER))
      // Refused before reading: the background never saw it, so the last attempt is still the malformed file.
      expect(await text(options, 'last-attempt')).toContain('Refused: the file is not a registry')
    })

    it('updates from an address served on 127.0.0.1, and reports HTTP 404 without changing the version', async () => {
      const options = await freshOptions(b)
      const { baseUrl, routes } = b
      routes.set('/registry.json', () => [200, 'application/json', v3])

      await options.getByLabel('Update addresses').fill(`${baseUrl}/missing.json`)
      const missing = await checkUpdates(options)
      expect(missing.outcome).toBe('refused')
      expect(missing.message).toContain('HTTP 404')
      expect(await text(options, 'version')).toBe(String(BUNDLED))

      await options.getByLabel('Update addresses').fill(`${baseUrl}/registry.json`)
      const updated = await checkUpdates(options)
      expect(updated).toEqual({ outcome: 'ok', message: `Updated to registry version ${NEXT}.` })
      expect(await text(options, 'version')).toBe(String(NEXT))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('url')
      expect(await text(options, 'source-url')).toBe(`${baseUrl}/registry.json`)

      // The address was saved: it is still there after a reload, and a second check changes nothing.
      await openOptions(options, b.extensionId)
      expect(await options.getByLabel('Update addresses').inputValue()).toBe(`${baseUrl}/registry.json`)
      expect((await checkUpdates(options)).message).toBe(`No change: you already have registry version ${NEXT}.`)
    })

    it('checks the update addresses once a day when turned on, through the same verified path', async () => {
      const options = await freshOptions(b)
      const { baseUrl, routes } = b
      routes.set('/daily.json', () => [200, 'application/json', v3])
      type Alarm = { name: string; periodInMinutes?: number } | undefined
      /** The extension's worker now (freshOptions stopped the one the session started with). */
      const worker = async () => b.ctx.serviceWorkers().at(-1) ?? (await b.ctx.waitForEvent('serviceworker'))
      const alarm = async (): Promise<Alarm> =>
        (await worker()).evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<Alarm> } } }).chrome.alarms.get('registry-daily-update'))

      const daily = options.getByLabel('Check these addresses once a day')
      // Nothing to check without an address.
      expect(await daily.isDisabled()).toBe(true)
      await options.getByLabel('Update addresses').fill(`${baseUrl}/daily.json`)
      await options.getByRole('button', { name: 'Save addresses' }).click()
      await options.locator('[data-testid="update-urls-message"] [data-outcome="ok"]').waitFor()
      await daily.check()
      await options.getByText('TrueDial will check once a day.').waitFor()
      expect((await alarm())?.periodInMinutes).toBe(24 * 60)
      expect(await text(options, 'version')).toBe(String(BUNDLED))

      // The alarm fires (made due now; an unpacked extension may set one under a minute): the
      // worker fetches, verifies and installs the next version as the button would.
      await (await worker()).evaluate(() =>
        (globalThis as unknown as { chrome: { alarms: { create(n: string, i: object): Promise<void> } } }).chrome.alarms.create('registry-daily-update', { when: Date.now() }),
      )
      const version = () =>
        options.evaluate(async () => ((await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ version: number | null }> } } }).chrome.runtime.sendMessage({ type: 'registry-status' })).version))
      await expect.poll(version, { timeout: 15_000 }).toBe(NEXT)
      expect(await verdictOf(options, NEW_NUMBER)).toBe('official')
      await openOptions(options, b.extensionId)
      expect(await text(options, 'version')).toBe(String(NEXT))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('url')

      // Turned off: no alarm left.
      await options.getByLabel('Check these addresses once a day').uncheck()
      await options.getByText('The daily check is off.').waitFor()
      expect(await alarm()).toBeUndefined()
    })

    it('says which update addresses were not saved', async () => {
      const options = await freshOptions(b)
      await options.getByLabel('Update addresses').fill('ftp://example.org/registry.json\nhttps://example.org/registry.json')
      await options.getByRole('button', { name: 'Save addresses' }).click()
      const note = options.locator('[data-testid="update-urls-message"] [data-outcome="refused"]')
      await note.waitFor()
      expect(await note.textContent()).toContain('Not saved: ftp://example.org/registry.json.')
      expect(await options.getByLabel('Update addresses').inputValue()).toBe('https://example.org/registry.json')
    })

    it('restores the bundled registry', async () => {
      const options = await freshOptions(b)
      await importFile(options, 'registry-v3.json', v3)
      expect(await text(options, 'version')).toBe(String(NEXT))

      const restored = await registryAction(options, () => options.getByRole('button', { name: 'Restore bundled registry' }).click())
      expect(restored).toEqual({ outcome: 'ok', message: `Restored the bundled registry (version ${BUNDLED}).` })
      expect(await text(options, 'version')).toBe(String(BUNDLED))
      expect(await options.locator('[data-status="source"]').getAttribute('data-source')).toBe('bundled')
      expect(await verdictOf(options, NEW_NUMBER)).toBe('not-official')
    })

    it('saves settings: green badges, a paused site, a region; they survive a reload', async () => {
      const options = await freshOptions(b)
      const { extensionId } = b
      const saved = (t: string) => options.locator('[data-testid="settings-message"]', { hasText: t }).waitFor()

      const showOfficial = options.getByLabel('Show green badges on official Apple numbers')
      expect(await showOfficial.isChecked()).toBe(true)
      await showOfficial.uncheck()
      await saved('Green badges are off.')

      await options.getByLabel('Site to pause').fill('https://Scam.Example.com/call-now')
      await options.getByRole('button', { name: 'Pause on this site' }).click()
      await saved('Paused on scam.example.com.')
      await options.getByLabel('Site to pause').fill('not a site')
      await options.getByRole('button', { name: 'Pause on this site' }).click()
      await options.getByRole('alert').filter({ hasText: 'is not a site address' }).waitFor()

      const region = options.getByLabel('Read numbers without a country code as numbers from')
      expect(await region.inputValue()).toBe('')
      expect(await region.locator('option[value="GB"]').textContent()).toBe('United Kingdom (GB)')
      await region.selectOption('GB')
      await saved('Region saved.')

      await openOptions(options, extensionId)
      expect(await options.getByLabel('Show green badges on official Apple numbers').isChecked()).toBe(false)
      expect(await options.locator('[data-testid="paused-sites"] li').allTextContents()).toEqual(['scam.example.comRemove'])
      expect(await options.getByLabel('Read numbers without a country code as numbers from').inputValue()).toBe('GB')

      await options.getByRole('button', { name: 'Remove scam.example.com' }).click()
      await saved('TrueDial is active on scam.example.com again.')
      expect(await options.locator('[data-testid="paused-sites"]').count()).toBe(0)
    })

    it('lists trusted numbers as "trusted by you", never as official, and removes them', async () => {
      const options = await freshOptions(b)
      const { extensionId } = b
      await options.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime.sendMessage({
          type: 'settings-set',
          changes: { trusted: [{ e164: '+442071234567', added: '2026-11-20' }] },
        }),
      )
      await openOptions(options, extensionId)
      const item = options.locator('[data-testid="trusted-numbers"] li')
      expect(await item.count()).toBe(1)
      const itemText = (await item.textContent()) ?? ''
      expect(itemText).toContain('+442071234567')
      expect(itemText).toContain('trusted by you')
      expect(itemText).not.toMatch(/official/i)

      await options.getByRole('button', { name: 'Remove +442071234567 from trusted numbers' }).click()
      await options.locator('[data-testid="settings-message"]', { hasText: 'is no longer trusted' }).waitFor()
      expect(await options.locator('[data-testid="trusted-numbers"]').count()).toBe(0)
    })

    it('looks tidy (screenshots in test/output/)', async () => {
      const options = await freshOptions(b)
      await options.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime.sendMessage({
          type: 'settings-set',
          changes: { pausedSites: ['example.com'], trusted: [{ e164: '+442071234567', added: '2026-11-20' }] },
        }),
      )
      await openOptions(options, b.extensionId)
      await importFile(options, 'tampered.json', v3.replace('+18005550199', '+18005550198'))
      await screenshot(options, 'options')
      await options.screenshot({ path: join(outputDir, 'options-full.png'), fullPage: true })
      // Reduced motion turns off the colour transitions, so the dark screenshot is not caught mid-fade.
    await options.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' })
      await options.screenshot({ path: join(outputDir, 'options-dark.png'), fullPage: true })
    })
  })

  describe('with only the test key pinned (the bundled registry cannot be verified)', () => {
    const browser = withBrowser(() => onlyTestKey)
    let b: Session
    beforeAll(() => {
      b = browser.session
    })

    it('says no registry could be verified when the bundled one is signed by an unknown key', async () => {
      const options = await freshOptions(b)
      const alert = options.locator('[data-alert="unavailable"]')
      expect(await alert.textContent()).toContain('No registry could be verified: TrueDial cannot check numbers.')
      expect(await alert.textContent()).toContain('no signature from a pinned key')
      expect(await text(options, 'version')).toBe('None')
      expect(await verdictOf(options, '+1 800 275 2273')).toBe('unavailable')
      // The update button is the loud one while nothing can be checked.
      expect(await options.getByRole('button', { name: 'Check for updates' }).getAttribute('class')).toContain('button-urgent')

      await options.screenshot({ path: join(outputDir, 'options-unavailable.png') })

      expect((await importFile(options, 'registry-v3.json', v3)).message).toBe(`Updated to registry version ${NEXT}.`)
      expect(await options.locator('[data-alert]').count()).toBe(0)
      expect(await verdictOf(options, NEW_NUMBER)).toBe('official')
    })
  })
})
