import { describe, it, expect } from 'vitest'
import { fold, toDialString } from '../../src/core/normalize'

describe('toDialString', () => {
  it.each([
    ['1-800-MY-APPLE', '18006927753'],
    ['(800) MY–APPLE', '8006927753'],
    ['1 800 MY-APPLE', '18006927753'],
    ['1-800-APL-CARE', '18002752273'],
    ['1‐800‐275‐2273', '18002752273'], // U+2010 hyphens
    ['133‑622', '133622'], // U+2011
    ['１８００２７５２２７３', '18002752273'], // fullwidth
    ['٨٠٠٠ ٤٤٤ ٠٣٩٦', '80004440396'], // Arabic-Indic
    ['۸۰۰۰', '8000'], // Extended Arabic-Indic
    ['१८००', '1800'], // Devanagari
    ['𝟏𝟖𝟎𝟎 𝟐𝟕𝟓 𝟐𝟐𝟕𝟑', '18002752273'], // mathematical bold
    ['𝟣𝟪𝟢𝟢', '1800'], // mathematical sans-serif
    ['1\u200b800\u200d275\u2060 2273', '18002752273'], // zero-width
    ['1\u00ad800\ufeff2752273', '18002752273'], // soft hyphen, BOM
    ['1-8OO-275-22l3', '18002752213'],
    ['1✦800✦275✦2273', '18002752273'],
    ['☎️ 1 800 275 2273', '18002752273'],
    ['1\u00a0800\u2009275\u202f2273', '18002752273'], // NBSP, thin, narrow NBSP
    ['①⑧⓪⓪', '1800'],
    ['+1 (800) 275-2273', '18002752273'],
  ])('reads %s as %s', (input, digits) => {
    expect(toDialString(input)?.digits).toBe(digits)
  })

  it('keeps the international prefix', () => {
    expect(toDialString('+44 800 107 6285')?.plus).toBe(true)
    expect(toDialString('0800 107 6285')?.plus).toBe(false)
  })

  it.each([
    ['1-800-275-2273 ext. 12', '12'],
    ['1-800-275-2273 x12', '12'],
    ['1-800-275-2273, extension 4', '4'],
  ])('splits the extension off %s', (input, ext) => {
    const d = toDialString(input)
    expect(d?.extension).toBe(ext)
    expect(d?.digits).toBe('18002752273')
  })

  it('counts disguises but not ordinary script digits', () => {
    expect(toDialString('１８００２７５２２７３')?.disguises).toBe(0)
    expect(toDialString('1-800-275-2273')?.disguises).toBe(0)
    expect(toDialString('𝟏𝟖𝟎𝟎 𝟐𝟕𝟓 𝟐𝟐𝟕𝟑')?.disguises).toBe(11)
    expect(toDialString('1\u200b800\u200b275\u200b2273')?.disguises).toBe(3)
    expect(toDialString('1-8OO-275-2273')?.disguises).toBe(2)
  })

  it('returns null when there are no digits', () => {
    expect(toDialString('')).toBeNull()
    expect(toDialString('   ')).toBeNull()
    expect(toDialString('—')).toBeNull()
  })
})

describe('fold', () => {
  it('maps every folded character back to its source offset', () => {
    const source = 'a\u200b１𝟐-3'
    const f = fold(source)
    expect(f.text).toBe('a12-3')
    expect(f.origin).toEqual([0, 2, 3, 5, 6, 7])
  })
})
