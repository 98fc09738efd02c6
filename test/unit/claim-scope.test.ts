// Whose number is it: the claim-scope rules, each on the smallest page that shows it. The corpus
// (corpus.test.ts) holds them on realistic pages; these name the mechanism that broke.
import { beforeAll, describe, expect, it } from 'vitest'
import { detectorFor, parseHtml, scanDocument } from '../../src/cli/scan-file'
import { lastSentence, readPageFacts, sentenceAround } from '../../src/core/claim-scope'
import type { RegistryIndex } from '../../src/core/registry-index'
import { realIndex } from '../helpers/registry'

let index: RegistryIndex
beforeAll(async () => {
  index = await realIndex()
})

const page = (body: string, options: { lang?: string; url?: string; head?: string; locale?: string; title?: string } = {}) => {
  const html = `<!doctype html><html lang="${options.lang ?? 'en-US'}"><head><title>${options.title ?? 'Page'}</title>${options.head ?? ''}</head><body>${body}</body></html>`
  const url = options.url ?? 'https://example.com/page'
  return parseHtml(html, url)
}
const scan = (body: string, options: Parameters<typeof page>[1] = {}) =>
  scanDocument(index, page(body, options), { url: options.url ?? 'https://example.com/page', region: null, userLocale: options.locale ?? 'en-US' }).map((f) => [
    f.text,
    f.verdict.verdict,
    f.verdict.country,
  ])

describe('sentences and labels', () => {
  it('ends no sentence at an abbreviation: "Tel." belongs to the number', () => {
    const text = 'Servicedesk Informatik, Tel. 031 555 01 42.'
    expect(sentenceAround(text, text.indexOf('031'), text.indexOf('031') + 13).text).toBe(text)
  })

  it('takes the last sentence of a label, after a question or a full stop', () => {
    expect(lastSentence('Looking for a pressing? Call Apple Support:')).toBe('Call Apple Support:')
    expect(lastSentence('Apple Inc. Call now:')).toBe('Apple Inc. Call now:')
    // A finished sentence labels nothing.
    expect(lastSentence('Call Apple Support. We are a repair shop.')).toBe('')
  })

  it('ends sentences at the full stops of other scripts: the Devanagari danda, the Arabic question mark', () => {
    expect(lastSentence('हम Apple के अधिकृत सेवा केंद्र नहीं हैं। हमारी दुकान का नंबर:')).toBe('हमारी दुकान का नंबर:')
    expect(lastSentence('هل هذا رقم Apple؟ اتصل بنا:')).toBe('اتصل بنا:')
  })
})

describe('words', () => {
  it('reads a brand glued to a word in another script ("Appleサポート") as the brand', () => {
    expect(scan('<p>「Appleサポート」として 050-5555-0143 に電話するよう求められました。</p>', { lang: 'ja', locale: 'ja-JP' })).toEqual([['050-5555-0143', 'spoofed', 'JP']])
  })

  it('reads an elided brand ("d\u2019Apple") as the brand', () => {
    expect(scan('<p>Le vrai numéro d\u2019Apple (0805 540 003) est gratuit.</p>', { lang: 'fr', locale: 'fr-FR' })).toEqual([['0805 540 003', 'official', 'FR']])
  })
})

describe('whose number it is', () => {
  it('does not read a country as the organisation that owns a line', () => {
    expect(scan('<p>Apple\u2019s genuine UK support number is 0800 107 6285.</p>', { lang: 'en-GB', locale: 'en-GB' })).toEqual([['0800 107 6285', 'official', 'GB']])
  })

  it('does not read the people called from a number as its owner', () => {
    expect(scan('<p>Scammers claiming to be Apple Support have been calling Australians from 1300 975 708.</p>', { lang: 'en-AU', locale: 'en-AU' })).toEqual([
      ['1300 975 708', 'spoofed', 'AU'],
    ])
  })

  it('does not join a name across a line break (a table header)', () => {
    const rows = '<h2>Assistance Apple par pays</h2><table><tr><th>Pays</th><th>Numéro</th></tr><tr><td>Royaume-Uni</td><td>0800 107 6285</td></tr></table>'
    expect(scan(rows, { lang: 'fr', locale: 'fr-FR' })).toEqual([['0800 107 6285', 'official', 'GB']])
  })

  it('does not take "our customers" for the speaker giving its own number', () => {
    const body = '<p>Delincuentes se hacen pasar por Soporte de Apple y piden a nuestros clientes llamar al +1 855 555 0164.</p>'
    const head = '<meta property="og:site_name" content="Banco Ejemplo">'
    expect(scan(body, { lang: 'es-MX', locale: 'es-MX', head })).toEqual([['+1 855 555 0164', 'spoofed', 'US']])
  })

  it('gives a number beside the site\u2019s own name to the site', () => {
    const body = '<p>Apple製品のご予約は、でんきのヒカリ お客様センター 0120-914-327 まで。</p>'
    expect(scan(body, { lang: 'ja', locale: 'ja-JP', head: '<meta property="og:site_name" content="でんきのヒカリ">' })).toEqual([])
    // The same sentence on a site that names no organisation is an Apple claim.
    expect(scan(body, { lang: 'ja', locale: 'ja-JP' }).map((f) => f[1])).toEqual(['spoofed'])
  })

  it('takes a site named for a product ("L\u2019Atelier du Mac") for a site that is not Apple', () => {
    const head = '<meta property="og:site_name" content="L\u2019Atelier du Mac – Lyon">'
    expect(scan('<h1>Réparation Mac à Lyon</h1><p>Un devis ? Appelez-nous au 04 65 71 23 94</p>', { lang: 'fr', locale: 'fr-FR', head })).toEqual([])
  })

  it('gives "your advisor" and "your bank" their own numbers', () => {
    const head = '<meta property="og:site_name" content="Crédit Lumière">'
    expect(scan('<h2>Une question sur Apple Pay ?</h2><p>Appelez votre conseiller au 01 99 00 42 19.</p>', { lang: 'fr', locale: 'fr-FR', head })).toEqual([])
  })

  it('reads a title-cased name that labels a number as its owner, and a heading\u2019s title case as no name', () => {
    expect(scan('<h1>Apple support numbers</h1><ul><li><b>Netflix Help Center:</b> 1-866-555-0133</li></ul>')).toEqual([])
    expect(scan('<h2>Media Helpline</h2><p>Apple Support: 1-844-555-0131</p>').map((f) => f[1])).toEqual(['spoofed'])
  })

  it('reads "llama al CAU" as a call to someone else', () => {
    const body = '<p>Si tienes problemas con tu ID de Apple en un iPad, llama al CAU: 914 88 72 60.</p>'
    expect(scan(body, { lang: 'es', locale: 'es-ES', head: '<meta property="og:site_name" content="Universidad de Ejemplo">' })).toEqual([])
  })

  it('takes no claim from a heading that asks a question', () => {
    const body = '<h1>苹果手机屏幕坏了去哪里修比较好？</h1><div><p>我上次在“顺达数码维修”换的屏，电话 0755-2555-0123，价格便宜一半。</p></div>'
    expect(scan(body, { lang: 'zh-CN', locale: 'zh-CN' })).toEqual([])
    expect(scan('<h1>苹果客服电话</h1><div><p>电话 0755-2555-0123</p></div>', { lang: 'zh-CN', locale: 'zh-CN' }).map((f) => f[1])).toEqual(['spoofed'])
  })

  it('gives a line about an Apple product to the site whose own support section it is in', () => {
    const head = '<meta property="og:site_name" content="Northwind Bank">'
    const section = (heading: string) =>
      scan(`<section><h2>${heading}</h2><ul><li>Apple Pay help: 1-888-555-0142</li></ul><p>For your iPhone itself, call Apple Support at 1-800-275-2273.</p></section>`, { lang: 'en-US', locale: 'en-US', head }).map((f) => `${f[0]} ${f[1]}`)
    // The bank's customer service: its Apple Pay line is the bank's; Apple's own number stays Apple's.
    expect(section('Northwind Bank Customer Service')).toEqual(['1-800-275-2273 official'])
    // Under a heading that gives the section to no one, "Apple Pay help" still claims its number.
    expect(section('Getting started')).toEqual(['1-888-555-0142 spoofed', '1-800-275-2273 official'])
    // A scam site's own "support team" over an Apple ID line, or a red flag beside the line: red.
    const scam = (heading: string, line: string) =>
      scan(`<section><h2>${heading}</h2><p>${line}</p></section>`, { lang: 'en-US', locale: 'en-US', head: '<meta property="og:site_name" content="Quick Help Desk">' }).map((f) => f[1])
    expect(scam('Contact Our Support Team', 'Apple ID locked? Call Apple ID Support 1-888-555-0142 (toll free, 24/7)')).toEqual(['spoofed'])
    expect(scam('Quick Help Desk Customer Support', 'Apple ID locked? Call Apple ID Support 1-888-555-0142')).toEqual(['spoofed'])
    expect(scam('Quick Help Desk Customer Support', 'Your Apple Pay account has been hacked, call Apple Pay support 1-888-555-0142')).toEqual(['spoofed'])
  })

  it('reads the rest of a number\u2019s paragraph for red flags, but takes no claim from it', () => {
    const post = (rest: string) => scan(`<p>Someone from "Apple Support" called me from 0161 496 0142. ${rest}</p>`, { lang: 'en-GB', locale: 'en-GB', url: 'https://forum.example/t/1' }).map((f) => f[1])
    // GB's list is complete: red either way. In Ireland (partial list) the flag decides.
    const irish = (rest: string) => scan(`<p>Someone from "Apple Support" called me from 01 555 0142. ${rest}</p>`, { lang: 'en-IE', locale: 'en-IE', url: 'https://forum.example/t/1' }).map((f) => f[1])
    expect(post('He told me to install AnyDesk.')).toEqual(['spoofed'])
    expect(irish('He told me to install AnyDesk.')).toEqual(['spoofed'])
    expect(irish('He was very polite.')).toEqual(['unconfirmed'])
    // A red flag in the paragraph of a number nothing claims makes no claim.
    expect(scan('<p>Our shop: 01 555 0142. Never install AnyDesk for a caller.</p>', { lang: 'en-IE', locale: 'en-IE' })).toEqual([])
  })

  it('reads a brand that markup cuts into pieces whole, capitals and all', () => {
    // Kits cut the brand into elements of their own; the scanner joins a block's text nodes as
    // they are ("<a>Mac</a><a>Apple…" then reads "MacApple": a rarer miss than splitting would make).
    const verdicts = (body: string) => scan(body, { lang: 'en-US', locale: 'en-US' }).map((f) => f[1])
    for (const brand of ['<span>AP</span><span>PLE</span> SUPPORT', '<span>Ap</span><span>ple</span> Support', '<span>A</span><span>p</span><span>p</span><span>l</span><span>e</span> Support', 'Ap<b>ple</b> Sup<i>port</i>']) {
      expect(verdicts(`<p>${brand}: call 1-888-555-0100</p>`), brand).toEqual(['spoofed'])
    }
  })

  it('reads a semicolon at the end of a heading as a question in Greek only', () => {
    const section = (lang: string, heading: string, text: string, number: string) => `<section><h2>${heading}</h2><p>${text}</p><p>${number}</p></section>`
    const greek = (heading: string) => scan(section('el', heading, 'Η ομάδα μας απαντά κάθε μέρα της εβδομάδας, και στις αργίες.', 'Τηλέφωνο: 210 555 0123'), { lang: 'el', locale: 'el-GR' })
    const english = (heading: string) => scan(section('en', heading, 'Our team answers every day of the week, also on holidays.', 'Phone: 020 7946 0321'), { lang: 'en-GB', locale: 'en-GB' })
    // Greek writes its question mark as a semicolon: "Apple Support?" claims nothing below it.
    expect(greek('Υποστήριξη Apple;')).toEqual([])
    expect(greek('Υποστήριξη Apple').map((f) => f[1])).toEqual(['unconfirmed'])
    // Elsewhere a semicolon ends a heading like any other mark: the heading still claims.
    expect(english('Apple Support hotline;').map((f) => f[1])).toEqual(['spoofed'])
    expect(english('Apple Support hotline?')).toEqual([])
  })

  it('does not take the heading of a sibling section for the heading of the next', () => {
    // The farm shop line is not claimed by the article's headline…
    expect(scan('<div><h1>Apple Support phone numbers</h1><p>A long article about Apple\u2019s numbers and how to call them, with advice on what to have ready and how to spot a fake one.</p></div><div><ul><li>Orchard shop, call 020 7946 0321</li></ul></div>', { lang: 'en-GB', locale: 'en-GB' })).toEqual([])
    // …but a header wrapping only the heading is the heading of what follows.
    expect(scan('<header><h1>Apple Support</h1><p>4 Dec 2026</p></header><div><p>Call 020 7946 0321</p></div>', { lang: 'en-GB', locale: 'en-GB' }).map((f) => f[1])).toEqual(['spoofed'])
  })

  it('keeps the article\u2019s headline from claiming the newsroom\u2019s number in the footer', () => {
    const body = '<main><h1>Callers pretending to be Apple Support</h1><p>Be careful.</p></main><footer><p>Newsroom: 02 5550 4477</p></footer>'
    expect(scan(body, { lang: 'en-AU', locale: 'en-AU' })).toEqual([])
    // Inside the article, the headline is the section's heading.
    expect(scan('<main><h1>Apple Support</h1><p>Call 02 5550 4477</p></main>', { lang: 'en-AU', locale: 'en-AU' }).map((f) => f[1])).toEqual(['spoofed'])
  })

  it('needs a label that introduces the number for a claim without a support word', () => {
    expect(scan('<p>Looking for an original Apple pressing?</p><p>020 7946 0588</p>', { lang: 'en-GB', locale: 'en-GB' })).toEqual([])
    expect(scan('<p>AppleCare:</p><p>0800 107 6285</p>', { lang: 'en-GB', locale: 'en-GB' })).toEqual([['0800 107 6285', 'official', 'GB']])
  })
})

describe('what a number is', () => {
  it('reads digits glued to the next word as the end of the number', () => {
    expect(scan('<p>Der Apple Support ist kostenlos unter 0800 6645 451zu erreichen.</p>', { lang: 'de', locale: 'de-DE' })).toEqual([['0800 6645 451', 'official', 'DE']])
  })

  it('reads capitals inside a short run as words, not a vanity number ("512 GB – 1.549")', () => {
    expect(scan('<p>Apple Support: MacBook Air 16 GB / 512 GB – 1.549,00 €</p>', { lang: 'es', locale: 'es-ES' })).toEqual([])
  })

  it('takes a label naming an identifier for no phone number, also from the cell before', () => {
    expect(scan('<table><tr><th>Apple Support phone</th><td>1-800-275-2273</td></tr><tr><th>Employer ID (EIN)</th><td>94-2404110</td></tr></table>')).toEqual([
      ['1-800-275-2273', 'official', 'US'],
    ])
  })
})

describe('hidden characters', () => {
  it('reads where the number stands as the detector reads the text: invisible characters do not move it', () => {
    // The scam's own number, with another company named after it in the same sentence.
    const body = (zw: number) => `<p>Ap${'\u200b'.repeat(zw)}ple Support 1-888-555-0100, or call Northwind customer care at 1-800-555-0199 for your bill.</p>`
    const verdicts = (zw: number) => scan(body(zw)).map((f) => f.slice(0, 2))
    expect(verdicts(0)).toEqual([['1-888-555-0100', 'spoofed']])
    expect(verdicts(60)).toEqual(verdicts(0))
  })
})

describe('the country a number is read in', () => {
  it('reads a number in the country named beside it, in any script, not as Apple\u2019s elsewhere', () => {
    const rows = (country: string, number: string) => `<table><tr><th>国・地域</th><th>Appleサポート電話番号</th></tr><tr><td>${country}</td><td>${number}</td></tr></table>`
    expect(scan(rows('日本', '0120-277-535'), { lang: 'ja', locale: 'ja-JP' })).toEqual([['0120-277-535', 'official', 'JP']])
    // Argentina's 0800 107 6285 is another line than Apple UK's with the same digits; a toll-free
    // line of the named country is not foreign to the page.
    expect(scan(rows('Argentina', '0800 107 6285'), { lang: 'es', locale: 'es-ES' })).toEqual([['0800 107 6285', 'unconfirmed', 'AR']])
  })

  it('reads "us" as the word, and only "US" in capitals as the country', () => {
    // "call us" names no country: Apple Japan's number is still found in its own country.
    expect(scan('<p>Apple Support: call us on 0120 277 535</p>')).toEqual([['0120 277 535', 'official', 'JP']])
    expect(scan('<p>Apple Support US: 1-800-275-2273</p>', { locale: 'en-GB' })).toEqual([['1-800-275-2273', 'official', 'US']])
  })
})

describe('red flags', () => {
  it('counts the red flags of the dialog or section whose heading claims the number', () => {
    const body = '<div class="aviso"><h2>Soporte de Apple México</h2><p>Su Mac está infectada con un virus.</p><p>Línea gratuita:</p><div>800 555 0143</div></div>'
    expect(scan(body, { lang: 'es', locale: 'es-MX' })).toEqual([['800 555 0143', 'spoofed', 'MX']])
  })

  it('does not make a number a claim from its section\u2019s red flags', () => {
    const body = '<article><h1>Warnung vor falschem Apple-Support</h1><p>Angeblicher Virus-Alarm.</p><h2>Beratung</h2><p>Beratungsstelle: 030 23125 456</p></article>'
    // The title names the brand: with red flags beside the number itself it would be a claim.
    expect(scan(body, { lang: 'de', locale: 'de-DE', title: 'Warnung vor falschem Apple-Support | Polizei' })).toEqual([])
  })
})

describe('the page itself', () => {
  it('reads the bare brand word in the sense the page\u2019s title gives it ("Apple Records", "苹果园")', () => {
    expect(scan('<h2>Original Apple pressings</h2><p>Call the shop: 020 7946 0588</p>', { lang: 'en-GB', locale: 'en-GB', title: 'Apple Records – Vinyl & CD' })).toEqual([])
    expect(scan('<p>门票 30 元/人，采摘苹果 12 元/斤。</p><p>预约电话：010-6972-3318</p>', { lang: 'zh-CN', locale: 'zh-CN', title: '香山脚下苹果园 秋季采摘' })).toEqual([])
    // In Chinese the brand's phrases are compounds of the word: a fruit shop's "苹果售后" is the fruit's after-sales.
    expect(scan('<h2>苹果售后</h2><p>订购热线：0535-621-8337</p>', { lang: 'zh-CN', locale: 'zh-CN', title: '烟台红富士苹果 5斤装' })).toEqual([])
    // The brand's own phrases still name it there.
    expect(scan('<p>Apple Support: 1-844-555-0131</p>', { title: 'Apple Records – Vinyl & CD' }).map((f) => f[1])).toEqual(['spoofed'])
  })

  it('takes no claim from a title that calls the brand fake: the page warns about the scam', () => {
    const comment = '<div class="comment"><p>Bring the Mac to us and we\u2019ll check it: (213) 555-0162.</p></div>'
    const quoted = '<blockquote>Your Mac is infected. Call Apple Support immediately: +1-844-555-0127</blockquote>'
    // The same title without "fake" is a claim beside its red flag ("virus") for every number of the page.
    expect(scan(comment, { title: 'Apple Security virus popup going around' }).map((f) => f[1])).toEqual(['spoofed'])
    expect(scan(comment + quoted, { title: 'PSA: fake "Apple Security" virus popup going around' })).toEqual([['+1-844-555-0127', 'spoofed', 'US']])
    expect(scan('<p>热线：010-6972-3318</p>', { lang: 'zh-CN', locale: 'zh-CN', title: '警惕冒充苹果客服病毒弹窗' })).toEqual([])
  })

  it('takes the copyright holder up to its sentence end: a trademark notice makes no clone', () => {
    const doc = page('<p>x</p><footer>© 2026 Voltline Retail Ltd. Apple and Mac are trademarks of Apple Inc.</footer>', {
      head: '<meta name="description" content="Apple MacBook Air at Voltline">',
    })
    const facts = readPageFacts(doc, 'Apple MacBook Air | Voltline', detectorFor(index))
    expect([facts.siteOrg, facts.imitation, facts.siteIsOther]).toEqual(['Voltline Retail Ltd', null, true])
  })
})

describe('the country a verdict names', () => {
  it('names Canada for a North American toll-free look-alike on a Canadian page', () => {
    expect(scan('<p>Apple Canada support: 1-800-263-3349</p>', { url: 'https://www.example.ca/news', lang: 'en-CA', locale: 'en-CA' })).toEqual([
      ['1-800-263-3349', 'lookalike', 'CA'],
    ])
  })
})
