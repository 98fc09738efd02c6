// The scanner steps over "quiet" blocks (no digit, no tel: link, no nested block, no shadow host)
// without reading their nodes one by one. Whatever the page, that must change nothing: the
// findings, their nodes and offsets are those of the node-by-node walk.
import { describe, expect, it, beforeAll } from 'vitest'
import fc from 'fast-check'
import { detectorFor, parseHtml } from '../../src/cli/scan-file'
import type { ClaimDetector } from '../../src/core/claims'
import { scanPage, type ScanFinding } from '../../src/core/page-scan'
import { realIndex } from '../helpers/registry'

const RUNS = Number(process.env.PROPERTY_RUNS) || 300

let detector: ClaimDetector
beforeAll(async () => {
  detector = detectorFor(await realIndex())
})

const TEXT = [
  'Apple Support', 'call', 'helpline', 'iCloud locked', 'now', 'the bakery', 'gift card', '1-888-555-0100', '(800) 275-2273', '+44 20 7946 0000',
  '2026-11-25', '$12.50', 'A.p.p.l.e', ' ', ', ', '苹果客服', '400-666-8800', '١٢٣', 'x',
]
const BLOCK = ['p', 'div', 'section', 'li', 'td', 'h2', 'blockquote']
const INLINE = ['b', 'i', 'span', 'em', 'strong', 'small']

/** A random body: text, inline and block elements, links (tel: and not), line breaks, scripts, form fields and editable regions. */
const body: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...TEXT) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...INLINE), tie('nodes')).map(([t, c]) => `<${t}>${c}</${t}>`) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...BLOCK), tie('nodes')).map(([t, c]) => `<${t}>${c}</${t}>`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('tel:+18885550100', 'tel: 1-800-275-2273', '#top', 'https://example.com/'), tie('nodes')).map(([h, c]) => `<a href="${h}">${c}</a>`) },
    { weight: 1, arbitrary: fc.constantFrom('<br>', '<hr>', '<script>var n = "1-888-555-0199"</script>', '<textarea>Apple Support 1-888-555-0188</textarea>', '<img alt="">') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('true', 'false', ''), tie('nodes')).map(([v, c]) => `<div contenteditable="${v}">${c}</div>`) },
  ),
  nodes: fc.array(tie('node'), { maxLength: 5 }).map((parts) => parts.join('')),
})).nodes

/** A finding as plain data: what it says and where its nodes are (as paths from the body). */
function plain(f: ScanFinding, root: Node): unknown {
  const path = (n: Node): string => {
    const steps: number[] = []
    for (let at: Node | null = n; at && at !== root; at = at.parentNode) steps.push([...(at.parentNode?.childNodes ?? [])].indexOf(at as ChildNode))
    return steps.reverse().join('/')
  }
  const { anchor, startNode, endNode, ...rest } = f
  return { ...rest, anchor: path(anchor), start: path(startNode), end: path(endNode) }
}

function both(html: string, title = 'Page'): [unknown[], unknown[]] {
  const doc = parseHtml(`<!doctype html><html><head><title>${title}</title></head><body>${html}</body></html>`, 'https://example.com/')
  const scan = (readQuietBlocks: boolean): unknown[] => scanPage({ root: doc.body, title: doc.title, detector, readQuietBlocks }).map((f) => plain(f, doc.body))
  return [scan(false), scan(true)]
}

describe('quiet blocks', () => {
  it('change no finding on generated pages', () => {
    fc.assert(
      fc.property(body, fc.constantFrom('Page', 'Apple Support'), (html, title) => {
        const [fast, reference] = both(html, title)
        expect(fast).toEqual(reference)
      }),
      { numRuns: RUNS },
    )
  })

  it('still finds numbers in quiet-looking blocks after them, and in blocks that are not quiet', () => {
    const [fast, reference] = both(
      '<p>Our <b>bakery</b> is open.</p><p>Apple Support: <i>call</i> 1-888-555-0100</p><div><p>Nothing here.</p> Apple helpline <a href="tel:+18885550111">Call us</a></div>',
    )
    expect(fast).toEqual(reference)
    expect(fast).toHaveLength(2)
  })

  it('does not step over a quiet block that hosts a shadow root', () => {
    const doc = parseHtml('<!doctype html><html><head><title>Page</title></head><body><p>Our <span id="host">bakery</span> is open.</p></body></html>', 'https://example.com/')
    const root = doc.getElementById('host')!.attachShadow({ mode: 'open' })
    root.innerHTML = '<p>Apple Support: call 1-888-555-0100</p>'
    expect(scanPage({ root: doc.body, title: doc.title, detector }).map((f) => f.digits)).toEqual(['18885550100'])
  })

  it('keeps a run whose only digits are split between text nodes (a surrogate pair in two halves)', () => {
    const doc = parseHtml('<!doctype html><html><head><title>Page</title></head><body><p id="p"></p></body></html>', 'https://example.com/')
    // "1 888 555 0100" in mathematical bold digits (outside the BMP), each cut in two by script.
    const bold = [...'18885550100'].map((d) => String.fromCodePoint(0x1d7ce + Number(d)))
    const parts = ['Apple Support: call ']
    for (const d of bold) {
      parts[parts.length - 1] += d[0]!
      parts.push(d[1]!)
    }
    doc.getElementById('p')!.append(...parts)
    expect(scanPage({ root: doc.body, title: doc.title, detector }).map((f) => f.digits)).toEqual(['18885550100'])
  })
})
