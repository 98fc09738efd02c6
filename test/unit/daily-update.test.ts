// The optional daily registry check: the alarm follows the settings, and a firing alarm checks
// the saved addresses only while the user still wants it.
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { DailyUpdate, UPDATE_ALARM, UPDATE_PERIOD_MINUTES, type AlarmsLike } from '../../src/background/daily-update'
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings'
import { SCANNER_PATH } from '../../src/content/files'

function fakeAlarms(): AlarmsLike & { all: Map<string, { delayInMinutes: number; periodInMinutes: number }> } {
  const all = new Map<string, { delayInMinutes: number; periodInMinutes: number }>()
  return {
    all,
    get: async (name) => (all.has(name) ? { name } : undefined),
    create: (name, info) => {
      all.set(name, info)
    },
    clear: async (name) => all.delete(name),
  }
}

function setup(initial: Partial<Settings>) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial }
  const alarms = fakeAlarms()
  const fetched: string[][] = []
  const daily = new DailyUpdate(alarms, async () => settings, async (urls) => fetched.push([...urls]))
  return { daily, alarms, fetched, change: (c: Partial<Settings>) => (settings = { ...settings, ...c }) }
}

describe('the daily registry check', () => {
  it('is off by default: no alarm, nothing fetched', async () => {
    const { daily, alarms, fetched } = setup({ updateUrls: ['https://a.example/r.json'] })
    await daily.sync()
    expect(alarms.all.size).toBe(0)
    expect(await daily.onAlarm(UPDATE_ALARM)).toBe(false)
    expect(fetched).toEqual([])
  })

  it('sets one daily alarm when turned on with an address, and keeps its time across restarts', async () => {
    const { daily, alarms } = setup({ autoUpdate: true, updateUrls: ['https://a.example/r.json'] })
    await daily.sync()
    expect(alarms.all.get(UPDATE_ALARM)?.periodInMinutes).toBe(UPDATE_PERIOD_MINUTES)
    alarms.all.set(UPDATE_ALARM, { delayInMinutes: 999, periodInMinutes: UPDATE_PERIOD_MINUTES })
    await daily.sync()
    expect(alarms.all.get(UPDATE_ALARM)?.delayInMinutes).toBe(999)
  })

  it('has nothing to check without an address', async () => {
    const { daily, alarms } = setup({ autoUpdate: true, updateUrls: [] })
    await daily.sync()
    expect(alarms.all.size).toBe(0)
  })

  it('checks the saved addresses, in order, when the alarm fires', async () => {
    const { daily, fetched } = setup({ autoUpdate: true, updateUrls: ['https://a.example/r.json', 'https://b.example/r.json'] })
    expect(await daily.onAlarm(UPDATE_ALARM)).toBe(true)
    expect(fetched).toEqual([['https://a.example/r.json', 'https://b.example/r.json']])
    expect(await daily.onAlarm('some-other-alarm')).toBe(false)
    expect(fetched).toHaveLength(1)
  })

  it('removes the alarm, and checks nothing, once turned off or left without addresses', async () => {
    const { daily, alarms, fetched, change } = setup({ autoUpdate: true, updateUrls: ['https://a.example/r.json'] })
    await daily.sync()
    change({ autoUpdate: false })
    expect(await daily.onAlarm(UPDATE_ALARM)).toBe(false)
    expect(alarms.all.size).toBe(0)
    change({ autoUpdate: true, updateUrls: [] })
    await daily.sync()
    expect(alarms.all.size).toBe(0)
    expect(fetched).toEqual([])
  })
})

describe('the manifest', () => {
  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
    permissions: string[]
    host_permissions?: string[]
    optional_host_permissions?: string[]
    web_accessible_resources?: unknown
    content_security_policy?: { extension_pages?: string }
  }
  const readme = readFileSync('README.md', 'utf8')
  const table = readme.slice(readme.indexOf('## Permissions'), readme.indexOf('\n## ', readme.indexOf('## Permissions') + 5))

  it.each(manifest.permissions)('justifies the %s permission in README', (permission) => {
    expect(table).toMatch(new RegExp(`\\|\\s*\`${permission}\`[^|]*\\|\\s*\\S`))
  })

  it('asks for no host access up front and exposes one file, the scanner, at an address pages cannot guess', () => {
    expect(manifest.host_permissions ?? []).toEqual([])
    expect(manifest.optional_host_permissions).toEqual(['https://*/*'])
    // The content script imports it (SCANNER_PATH); use_dynamic_url: Chromium
    // serves it under a per-session id, never under the extension's fixed one.
    expect(manifest.web_accessible_resources).toEqual([{ resources: [SCANNER_PATH], matches: ['<all_urls>'], use_dynamic_url: true }])
    expect(manifest.content_security_policy?.extension_pages).not.toMatch(/unsafe-eval|unsafe-inline|https?:/)
  })
})
