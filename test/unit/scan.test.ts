import { describe, it, expect, beforeAll } from 'vitest'
import { join } from 'node:path'
import { parseHtml, scanDocument, scanHtmlFile } from '../../src/cli/scan-file'
import type { RegistryIndex } from '../../src/core/registry-index'
import { realIndex } from '../helpers/registry'

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

const pages = join(import.meta.dirname, '../fixtures/pages')
const scanHtml = (body: string, options: { lang?: string; title?: string; url?: string } = {}) => {
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}"><head><title>${options.title ?? 'Page'}</title></head><body>${body}</body></html>`
  const url = options.url ?? 'https://example.com/page'
  return scanDocument(index, parseHtml(html, url), { url, region: null, userLocale: null })
}
const verdicts = (findings: ReturnType<typeof scanHtml>) => findings.map((f) => [f.text, f.verdict.verdict, f.verdict.e164])

describe('the page scanner with verdicts', () => {
  it('flags a scam number beside Apple support wording', () => {
    expect(verdicts(scanHtml('<p>Apple Support: call +1-888-555-0100</p>'))).toEqual([['+1-888-555-0100', 'spoofed', '+18885550100']])
  })

  it('calls Apple\u2019s real number shown over a tel: link to another number a mismatch', () => {
    const [f] = scanHtml('<p>Apple Support: <a href="tel:+18885550100">1-800-275-2273</a></p>')
    expect(f?.verdict.verdict).toBe('mismatch')
    expect(f?.verdict.e164).toBe('+18885550100')
    expect(f?.verdict.shown?.e164).toBe('+18002752273')
  })

  it('calls a tel: link that dials what it shows by its own verdict', () => {
    expect(verdicts(scanHtml('<p>Apple Support: <a href="tel:+18002752273">1-800-275-2273</a></p>'))).toEqual([['1-800-275-2273', 'official', '+18002752273']])
  })

  it('reads the words around a tel: link with no number apart from an inner block\u2019s last word', () => {
    // The block's textContent is "Nothing hereApple Support Call us": no brand word in it.
    expect(verdicts(scanHtml('<div><p>Nothing here</p>Apple Support <a href="tel:+18885550100">Call us</a></div>'))).toEqual([['Call us', 'spoofed', '+18885550100']])
  })

  it('finds a brand word that markup splits right after another block\u2019s text, as the extension does', () => {
    expect(verdicts(scanHtml('<div><p>See below</p>Ap<b>ple</b> Sup<i>port</i>: call 1-888-555-0100</div>'))).toEqual([['1-888-555-0100', 'spoofed', '+18885550100']])
  })

  it('judges a tel: link with no number in its text by its target', () => {
    expect(verdicts(scanHtml('<p><a href="tel:+18885550100">Call Apple Support</a></p>'))).toEqual([['Call Apple Support', 'spoofed', '+18885550100']])
  })

  it('stays silent on a pizza shop page with ten phone numbers', async () => {
    expect(await scanHtmlFile(index, join(pages, 'pizza.html'), { cwd: pages, url: null, region: null, userLocale: null })).toEqual([])
  })

  it('finds no numbers in an Apple support article full of dates, prices, order numbers, ISBNs and IPs', async () => {
    const findings = await scanHtmlFile(index, join(pages, 'apple-article.html'), { cwd: pages, url: null, region: null, userLocale: null })
    expect(findings.map((f) => f.text)).toEqual([])
  })

  it.each([
    ['苹果官方客服电话：400-666-8800', 'official', '+864006668800'],
    ['苹果客服 400-888-1234', 'spoofed', '+864008881234'],
    ['蘋果客服專線 0800-095-988', 'official', '+886800095988'],
  ])('reads Chinese pages: %s', (text, verdict, e164) => {
    const lang = text.includes('蘋果') ? 'zh-TW' : 'zh-CN'
    expect(verdicts(scanHtml(`<p>${text}</p>`, { lang }))).toEqual([[text.replace(/^[^0-9]+/, ''), verdict, e164]])
  })

  it('sees through letter-spaced words and odd separators', () => {
    expect(verdicts(scanHtml('<div>A.p.p.l.e h-e-l-p-l-i-n-e 1 (888) 555_0142</div>'))).toEqual([['1 (888) 555_0142', 'spoofed', '+18885550142']])
    expect(verdicts(scanHtml('<p>c.u.s.t.o.m.e.r c.a.r.e for iCloud: 1.(855)-555-0123</p>'))).toEqual([['1.(855)-555-0123', 'spoofed', '+18555550123']])
  })

  it('reads a number split across inline elements as one number', () => {
    // The page states its country (en-US): with only "en", the digits as split ("1-800555-0142",
    // not 1-3-3-4) are also a valid Singapore number, and a number whose country cannot be told
    // is unconfirmed.
    const found = scanHtml('<p>Apple Support <span>1-800</span><span>555</span>-0142</p>', { lang: 'en-US' })
    expect(found.map((f) => f.digits)).toEqual(['18005550142'])
    expect(verdicts(found)).toEqual([['1-800555-0142', 'spoofed', '+18005550142']])
  })

  it('names the number a lookalike imitates', () => {
    const [f] = scanHtml('<p>AppleCare helpline 1-800-275-2274</p>')
    expect(f?.verdict.verdict).toBe('lookalike')
    expect(f?.verdict.imitates?.e164).toBe('+18002752273')
  })

  it('keeps a genuine number official on a scam page and still judges the others', () => {
    const found = verdicts(
      scanHtml('<p>Your iPhone is infected! Do not close this page. Call Apple Support at +1-866-927-5084 or 1 800 275 2273, the official Apple Support number.</p>'),
    )
    expect(found).toEqual([
      ['+1-866-927-5084', 'spoofed', '+18669275084'],
      ['1 800 275 2273', 'official', '+18002752273'],
    ])
  })

  it('reports scam red flags near the number', () => {
    const [f] = scanHtml('<p>Virus detected on your Mac! Call Apple Support now at 1-888-555-0100 and buy a gift card.</p>')
    expect(f?.verdict.reasons.map((r) => r.code)).toContain('red-flags')
  })

  it('a page title alone does not make every number an Apple claim', () => {
    expect(verdicts(scanHtml('<p>Call 1-888-555-0100</p>', { title: 'Apple Support Helpline' }))).toEqual([])
    // The same line under an Apple Support heading is a claim.
    expect(verdicts(scanHtml('<h2>Apple Support</h2><p>Call 1-888-555-0100</p>', { title: 'Helpline' }))).toEqual([['1-888-555-0100', 'spoofed', '+18885550100']])
  })

  it('takes the page title as the claim on a number beside scam red flags', () => {
    const [f] = scanHtml('<p>Call 1-888-555-0100 and pay with a gift card.</p>', { title: 'Apple Support Helpline' })
    expect([f?.text, f?.verdict.verdict, f?.verdict.e164]).toEqual(['1-888-555-0100', 'spoofed', '+18885550100'])
    expect(f?.claim.where).toBe('page')
    expect(f?.claim.words).toBe('Apple Support Helpline')
    // Without an Apple title the red flags alone claim nothing.
    expect(scanHtml('<p>Call 1-888-555-0100 and pay with a gift card.</p>', { title: 'Helpline' })).toEqual([])
  })

  it('uses the page\u2019s region: the same digits not on the list are red in Australia (complete list) and unconfirmed in Thailand', () => {
    expect(verdicts(scanHtml('<p>ฝ่ายสนับสนุน Apple โทร 1800 123 456</p>', { lang: 'th' }))[0]?.slice(1)).toEqual(['unconfirmed', '+661800123456'])
    expect(verdicts(scanHtml('<p>Apple support: call 1800 123 456</p>', { lang: 'en-AU' }))[0]?.slice(1)).toEqual(['spoofed', '+611800123456'])
    expect(verdicts(scanHtml('<p>Apple support: call 0800 107 6285</p>', { url: 'https://www.apple.com/uk/contact/' }))[0]?.slice(1)).toEqual(['official', '+448001076285'])
  })

  it('reads Apple Thailand\u2019s low-confidence number as Thai on any page, and never calls it official', () => {
    // An official reading in any registry country wins over the page's own reading of the digits;
    // the entry is of low confidence, so the number is unconfirmed, never green.
    for (const [body, lang] of [
      ['<p>ฝ่ายสนับสนุน Apple โทร 1800 019 900</p>', 'th'],
      ['<p>Apple support: call 1800 019 900</p>', 'en-AU'],
    ]) {
      const [f] = scanHtml(body!, { lang })
      expect([f?.verdict.verdict, f?.verdict.e164], lang).toEqual(['unconfirmed', '+661800019900'])
      expect(f?.verdict.official).toEqual([])
      expect(f?.verdict.reasons[0]?.code).toBe('low-confidence')
    }
  })

  it('never reads inputs, textareas or editable regions', () => {
    expect(scanHtml('<p>Apple Support</p><textarea>call 1-888-555-0100</textarea><input value="1-888-555-0101"><div contenteditable="true">Apple Support 1-888-555-0102</div>')).toEqual([])
  })

  it('reads open shadow roots', () => {
    const html = '<!doctype html><html lang="en"><head><title>Apple Support</title></head><body><div id="host"></div></body></html>'
    const doc = parseHtml(html, 'https://example.com/')
    const host = doc.getElementById('host')!
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>Apple Support 1-888-555-0100</p>'
    expect(scanDocument(index, doc, { url: null, region: null, userLocale: null }).map((f) => f.verdict.e164)).toEqual(['+18885550100'])
  })
})
