import { describe, it, expect } from 'vitest'
import { applyChanges, DEFAULT_SETTINGS, isPaused, migrate, MIGRATIONS, resolveSettings, SETTINGS_VERSION, showsOfficialBadges } from '../../src/core/settings'

describe('settings', () => {
  it('starts from the defaults', () => {
    expect(resolveSettings(migrate(undefined))).toEqual(DEFAULT_SETTINGS)
    expect(DEFAULT_SETTINGS.showOfficial).toBe(true)
    expect(DEFAULT_SETTINGS.autoUpdate).toBe(false)
  })

  it('migrates version 1 (hideOfficial, trusted as strings) to the current version', () => {
    const v1 = { version: 1, changes: { hideOfficial: true, trusted: ['+15551234567'], pausedSites: ['example.com'] } }
    const migrated = migrate(v1)
    expect(migrated.version).toBe(SETTINGS_VERSION)
    expect(migrated.changes).toEqual({
      showOfficial: false,
      trusted: [{ e164: '+15551234567', added: '1970-01-01' }],
      pausedSites: ['example.com'],
    })
  })

  it('turns version 1 into version 2 (trusted numbers with an empty label), step by step', () => {
    expect(MIGRATIONS[0]!({ hideOfficial: false, trusted: ['+15551234567'] })).toEqual({ showOfficial: true, trusted: [{ e164: '+15551234567', label: '', added: '1970-01-01' }] })
  })

  it('turns version 2 into version 3: trusted numbers lose the label nothing ever set', () => {
    const v2 = { region: 'GB', trusted: [{ e164: '+15551234567', label: '', added: '2026-11-20' }, { e164: '+442071234567', label: 'old', added: '2026-11-21' }] }
    expect(MIGRATIONS[1]!(v2)).toEqual({ region: 'GB', trusted: [{ e164: '+15551234567', added: '2026-11-20' }, { e164: '+442071234567', added: '2026-11-21' }] })
    expect(migrate({ version: 2, changes: v2 })).toEqual({ version: 3, changes: { region: 'GB', trusted: [{ e164: '+15551234567', added: '2026-11-20' }, { e164: '+442071234567', added: '2026-11-21' }] } })
    expect(MIGRATIONS[1]!({ showOfficial: false })).toEqual({ showOfficial: false })
  })

  it('keeps the current version as it is and drops fields of the wrong type', () => {
    expect(migrate({ version: SETTINGS_VERSION, changes: { showOfficial: 'yes', region: 'gb', pausedSites: [1] } }).changes).toEqual({})
    expect(migrate({ version: SETTINGS_VERSION, changes: { region: 'GB' } }).changes).toEqual({ region: 'GB' })
  })

  it('stores only what differs from the defaults', () => {
    let s = applyChanges(migrate(undefined), { showOfficial: false, region: 'DE' })
    expect(s.changes).toEqual({ showOfficial: false, region: 'DE' })
    s = applyChanges(s, { showOfficial: true })
    expect(s.changes).toEqual({ region: 'DE' })
  })

  it('refuses update addresses that are not https (or loopback for tests)', () => {
    const s = applyChanges(migrate(undefined), { updateUrls: ['http://evil.example/r.json', 'https://ok.example/r.json', 'http://127.0.0.1:8080/r.json'] })
    expect(resolveSettings(s).updateUrls).toEqual(['https://ok.example/r.json', 'http://127.0.0.1:8080/r.json'])
  })

  it('pauses a site and its subdomains', () => {
    const s = resolveSettings(applyChanges(migrate(undefined), { pausedSites: ['example.com'] }))
    expect(isPaused(s, 'https://example.com/a')).toBe(true)
    expect(isPaused(s, 'https://shop.example.com/a')).toBe(true)
    expect(isPaused(s, 'https://notexample.com/')).toBe(false)
  })
})

describe('green badges on Apple\u2019s own sites', () => {
  const apple = (host: string) => host === 'apple.com' || host.endsWith('.apple.com')
  it('shows none on an official domain, and keeps the setting elsewhere', () => {
    expect(showsOfficialBadges(DEFAULT_SETTINGS, 'https://support.apple.com/en-us/contact', apple)).toBe(false)
    expect(showsOfficialBadges(DEFAULT_SETTINGS, 'https://forum.example/thread/1', apple)).toBe(true)
    expect(showsOfficialBadges({ ...DEFAULT_SETTINGS, showOfficial: false }, 'https://forum.example/thread/1', apple)).toBe(false)
    // A look-alike host is no official domain.
    expect(showsOfficialBadges(DEFAULT_SETTINGS, 'https://apple.com.support-help.example/', apple)).toBe(true)
    expect(showsOfficialBadges(DEFAULT_SETTINGS, 'not a url', apple)).toBe(true)
  })

  it('shows them there too when the user asks, and never when green badges are off', () => {
    const there = { ...DEFAULT_SETTINGS, showOfficialOnApple: true }
    expect(showsOfficialBadges(there, 'https://support.apple.com/en-us/contact', apple)).toBe(true)
    expect(showsOfficialBadges({ ...there, showOfficial: false }, 'https://support.apple.com/en-us/contact', apple)).toBe(false)
    // Stored as a change from the default, kept only when it is a boolean.
    expect(applyChanges(migrate(null), { showOfficialOnApple: true }).changes).toEqual({ showOfficialOnApple: true })
    expect(migrate({ version: SETTINGS_VERSION, changes: { showOfficialOnApple: 'yes' } }).changes).toEqual({})
  })
})
