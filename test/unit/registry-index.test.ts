import { describe, expect, it } from 'vitest'
import { buildIndex, coverageOf, isOfficialHost } from '../../src/core/registry-index'
import type { RegistryPayload } from '../../src/core/registry-types'
import { realIndex } from '../helpers/registry'
import { fixturePayload } from '../helpers/test-key'

// The fixture: apple.com and icloud.com; US support complete, US sales partial, TR support partial.
const index = buildIndex(fixturePayload())

describe('coverageOf', () => {
  it.each<[string, Parameters<typeof coverageOf>[2], string]>([
    ['US', 'support', 'complete'],
    ['US', 'sales', 'partial'],
    ['TR', 'support', 'partial'],
    ['us', 'support', 'complete'],
  ])('reads %s %s as %s', (country, service, coverage) => {
    expect(coverageOf(index, country, service)).toBe(coverage)
  })

  it.each<[string, Parameters<typeof coverageOf>[2]]>([
    ['US', 'education'],
    ['TR', 'sales'],
    ['GB', 'support'],
    ['AQ', 'support'],
  ])('reads a country or service the registry does not list (%s %s) as none', (country, service) => {
    expect(coverageOf(index, country, service)).toBe('none')
  })

  it('takes the most complete coverage any organisation declares', () => {
    const payload: RegistryPayload = fixturePayload()
    const other = { ...structuredClone(payload.organisations[0]!), id: 'other', coverage: { US: { sales: 'complete' as const, support: 'none' as const } } }
    payload.organisations.push(other)
    const merged = buildIndex(payload)
    expect(coverageOf(merged, 'US', 'sales')).toBe('complete')
    expect(coverageOf(merged, 'US', 'support')).toBe('complete')
  })
})

describe('isOfficialHost', () => {
  it.each(['apple.com', 'support.apple.com', 'a.b.icloud.com', 'APPLE.COM', 'www.apple.com.'])('counts %s as official', (host) => {
    expect(isOfficialHost(index, host)).toBe(true)
  })

  it.each([
    'notapple.com',
    'apple.com.evil.example',
    'apple.co',
    'com',
    'evil-apple.com',
    'apple.com-support.example',
    '',
  ])('does not count %j as official', (host) => {
    expect(isOfficialHost(index, host)).toBe(false)
  })
})

describe('the bundled registry', () => {
  it('holds the official Apple domains', async () => {
    const real = await realIndex()
    for (const host of ['support.apple.com', 'www.apple.com.cn', 'icloud.com', 'www.icloud.com.cn', 'me.com', 'mac.com', 'itunes.com', 'apple.co']) {
      expect(isOfficialHost(real, host), host).toBe(true)
    }
    expect(isOfficialHost(real, 'apple-support.com')).toBe(false)
  })

  it('says how complete its support numbers are per country', async () => {
    const real = await realIndex()
    expect(coverageOf(real, 'VN', 'support')).toBe('complete')
    expect(coverageOf(real, 'CH', 'support')).toBe('partial')
    expect(coverageOf(real, 'MY', 'support')).toBe('none')
    expect(coverageOf(real, 'CL', 'sales')).toBe('complete')
    expect(coverageOf(real, 'VN', 'sales')).toBe('partial')
  })
})
