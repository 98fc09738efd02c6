import { describe, it, expect } from 'vitest'
import { findCandidates } from '../../src/core/candidates'

const texts = (s: string) => findCandidates(s).map((c) => c.text)
const digits = (s: string) => findCandidates(s).map((c) => c.digits)

describe('findCandidates', () => {
  it.each([
    ['Apple Support: call +1-888-555-0100 now', '+1-888-555-0100'],
    ['call (888) 555_0142 today', '(888) 555_0142'],
    ['call 1-(866)-555-0199 today', '1-(866)-555-0199'],
    ['call 1.(855)-555-0123 today', '1.(855)-555-0123'],
    ['call +1-1(855)-555-0123 today', '+1-1(855)-555-0123'],
    ['billing (1-(866)-555-0199)questions', '1-(866)-555-0199'],
    ['苹果官方客服电话：400-666-8800。', '400-666-8800'],
    ['苹果客服电话４００－６６６－８８００', '４００－６６６－８８００'],
    ['Call 1-800-MY-APPLE for help', '1-800-MY-APPLE'],
    ['Call (800) MY–APPLE for help', '(800) MY–APPLE'],
    ['Call 1800MYAPPLE now', '1800MYAPPLE'],
    ['call1-800-275-2273', '1-800-275-2273'],
    ['AppleCare 𝟏 𝟖𝟎𝟎 𝟐𝟕𝟓 𝟐𝟐𝟕𝟑', '𝟏 𝟖𝟎𝟎 𝟐𝟕𝟓 𝟐𝟐𝟕𝟑'],
    ['Ring 0800 107 6285 free', '0800 107 6285'],
    ['Australia 13 36 22', '13 36 22'],
    ['Türkiye 00800 448 829 873', '00800 448 829 873'],
    ['tel 1✦800✦275✦2273!', '1✦800✦275✦2273'],
  ])('finds the number in %s', (text, expected) => {
    expect(texts(text)).toEqual([expected])
  })

  it('reads vanity letters and look-alikes into digits', () => {
    expect(digits('Call 1-800-MY-APPLE')).toEqual(['18006927753'])
    expect(digits('Call 1-8OO-275-2273')).toEqual(['18002752273'])
  })

  it('gives offsets into the original text', () => {
    const text = 'xx \u200b１-800-275-2273 yy'
    const [c] = findCandidates(text)
    expect(text.slice(c!.start, c!.end)).toBe(c!.text)
    expect(c!.text).toBe('１-800-275-2273')
  })

  it('notes the extension', () => {
    expect(findCandidates('Call 1-800-275-2273 ext. 45')[0]?.extension).toBe('45')
  })

  it('counts disguising characters', () => {
    expect(findCandidates('call 1\u200b800\u200b275\u200b2273')[0]?.disguises).toBe(3)
    expect(findCandidates('call 1-800-275-2273')[0]?.disguises).toBe(0)
  })

  it.each([
    'Released on 2026-11-25 and updated 25.11.2026, 11/25/2026 or 25/11/26.',
    'Opening hours 09:00-18:00, 10:30 to 17:45.',
    'Setiap hari, 08.00–22.00 WIB; Sabtu 9.30 - 17.30; Minggu 10.00-15.00.',
    'Price: $1,299.00, now €999.99 or 1 299,00 € or 12999 USD.',
    'Your order #W123456789 and order number 112-3456789-1234567 have shipped.',
    'Tracking number: 1Z999AA10123456784; tracking 9400 1000 0000 0000 0000 00.',
    'ISBN 978-0-306-40615-7 and ISBN-13: 9780306406157.',
    'Server at 192.168.100.254 and 10.0.0.1.',
    'Update to version 10.15.7.1 or v2.3.4.5678.',
    'From 1999 to 2024, and 2019-2024 seasons.',
    'Pi is 3.14159265 and e is 2.718281.',
    'Serial no. C02XK1ABJG5J, IMEI 356938035643809.',
    'Model A2849 at 100 000 km and 5000 mAh.',
  ])('finds no phone number in: %s', (text) => {
    expect(texts(text)).toEqual([])
  })

  it('stops at maxCandidates on hostile text', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `call 555-010${i % 10}-${1000 + i}`).join(' ; ')
    expect(findCandidates(text, { maxCandidates: 50 })).toHaveLength(50)
  })
})
