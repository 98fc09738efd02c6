// Term lookup in ClaimDetector: every form a page word may take still finds its term once words
// are gated by their first letters (a word whose start begins no term is skipped unread).
import { describe, expect, it } from 'vitest'
import { ClaimDetector } from '../../src/core/claims'

const detector = new ClaimDetector({
  brand: ['Apple', 'iPhone', 'Mac', 'Apple ID', '苹果'],
  support: ['support', 'helpline', 'tech support', 'customer care', 'TV help', '客服'],
  redFlags: ['gift card', 'remote access'],
})

describe('claim term lookup', () => {
  it.each([
    ['Apple support', 'apple', 'support'],
    ["Apple's helpline", "apple's", 'helpline'],
    ['iPhones: supporting you', 'iphones', 'supporting'],
    ['Apple’ın destek, support', "apple’ın", 'support'],
    ['APPLE ID customer care', 'apple', 'customer care'],
    ['Mac: TV help desk', 'mac', 'tv help'],
    ['苹果客服', '苹果', '客服'],
  ])('finds the terms in %j', (text, brand, support) => {
    const claim = detector.claimIn(text)
    expect(claim.brand).toBe(brand)
    expect(claim.support).toBe(support)
  })

  it('finds nothing in words that only start like a term', () => {
    expect(detector.claimIn('Applesauce macro supper helpful')).toEqual({ brand: null, support: null })
  })

  it('reads a term the way it reads page text: a capital dotted İ or an invisible character in a term still matches', () => {
    const d = new ClaimDetector({ brand: ['İPHONE', 'Ap\u200bple'], support: ['support'], redFlags: [], notBrand: ['ap\u200bple pie'] })
    expect(d.claimIn('iPhone support').brand).toBe('iphone')
    expect(d.claimIn('Apple support').brand).toBe('apple')
    // The collision, written with an invisible character, still takes the brand word out of "apple pie".
    expect(d.read('apple pie recipe')).toMatchObject({ brands: [], collided: [{ text: 'apple' }] })
  })

  it('reads red flags in any form', () => {
    expect(detector.redFlagsIn('Pay with GIFT CARDS and allow remote access')).toEqual(['gift cards', 'remote access'])
  })
})
