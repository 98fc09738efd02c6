import { describe, it, expect, beforeAll } from 'vitest'
import { checkNumber } from '../../src/core/check'
import type { RegistryIndex } from '../../src/core/registry-index'
import { realIndex } from '../helpers/registry'

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

describe('checkNumber', () => {
  it.each([
    ['1-800-MY-APPLE', undefined, 'official', '+18006927753'],
    ['1‐800‐275‐2273', undefined, 'official', '+18002752273'],
    ['+1 800 275 2274', undefined, 'lookalike', '+18002752274'],
    ['+1 888 555 0100', undefined, 'not-official', '+18885550100'],
    ['400-666-8800', 'CN', 'official', '+864006668800'],
    ['１８００２７５２２７３', undefined, 'official', '+18002752273'],
    ['0800 048 0408', 'GB', 'official', '+448000480408'],
    ['(800) MY–APPLE', undefined, 'official', '+18006927753'],
    ['1 800 MY-APPLE', undefined, 'official', '+18006927753'],
    ['001-800-692-7753', 'MX', 'official', '+18006927753'],
    ['1-888-275-2273', undefined, 'lookalike', '+18882752273'],
    ['1-800-275-2237', undefined, 'lookalike', '+18002752237'],
    ['+44 800 107 6285', undefined, 'official', '+448001076285'],
    ['1800 019 900', 'TH', 'official', '+661800019900'],
    ['1800 019 900', 'AU', 'not-official', '+611800019900'],
    ['00800 448 829 873', 'TR', 'official', null],
    ['400-627-2273', 'CN', 'not-official', '+864006272273'],
  ])('%s (region %s) is %s', (input, region, verdict, e164) => {
    const r = checkNumber(index, input, { region: region ?? null })
    expect(r.verdict).toBe(verdict)
    expect(r.e164).toBe(e164)
  })

  it('names the official number a lookalike imitates', () => {
    expect(checkNumber(index, '+1 800 275 2274').imitates?.e164).toBe('+18002752273')
    expect(checkNumber(index, '1-888-275-2273').reasons[0]?.code).toBe('toll-free-twin')
  })

  it('gives Apple\u2019s official numbers for the region when a number is not official', () => {
    const r = checkNumber(index, '+1 888 555 0100')
    expect(r.alternatives[0]?.e164).toBe('+18002752273')
  })

  it('says a retired number is out of service', () => {
    const r = checkNumber(index, '400-627-2273', { region: 'CN' })
    expect(r.reasons.map((x) => x.code)).toContain('retired')
  })

  it('reads the German 01800 number only when the region says so', () => {
    expect(checkNumber(index, '1-800-275-2273', { userLocale: 'de-DE' }).e164).toBe('+18002752273')
  })

  it('says a disguised number is disguised', () => {
    const r = checkNumber(index, '1\u200b888\u200b555\u200b0100')
    expect(r.verdict).toBe('not-official')
    expect(r.reasons.map((x) => x.code)).toContain('disguised')
  })

  it.each(['', '   ', 'abc', 'hello', '12', 'x'.repeat(300), '99999999999999999999'])('calls %j invalid with a helpful message', (input) => {
    const r = checkNumber(index, input)
    expect(r.verdict).toBe('invalid')
    expect(r.message.length).toBeGreaterThan(10)
  })
})
