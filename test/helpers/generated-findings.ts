// Findings as the content script sends them, generated from a seeded PRNG (the same on every
// run) with the real candidate finder: for the bench's background figures and for the tests that
// compare the fast verdict path with the plain one (test/unit/fast.test.ts).

import { findCandidates } from '../../src/core/candidates'
import type { FindingRequest } from '../../src/core/judge-finding'
import { pad, rng, type Rng } from './prng'

/** A North American number written in one of the four styles scam pages use. */
export function nanpStyle(ac: string, exchange: string, line: string, style: number): string {
  switch (style % 4) {
    case 0:
      return `1-${ac}-${exchange}-${line}`
    case 1:
      return `(${ac}) ${exchange}-${line}`
    case 2:
      return `+1 ${ac} ${exchange} ${line}`
    default:
      return `${ac}.${exchange}.${line}`
  }
}

// Official numbers as pages write them (US and a few other regions, with the context that tells
// the region: a country name before the number, or a lang).
const OFFICIAL = [
  { text: '1-800-275-2273', nearby: 'Call ', lang: 'en' },
  { text: '(800) 275-2273', nearby: 'US: ', lang: 'en' },
  { text: '1 (800) MY-APPLE', nearby: 'Sales: ', lang: 'en' },
  { text: '800.692.7753', nearby: 'Sales ', lang: 'en' },
  { text: '+44 800 107 6285', nearby: 'UK: ', lang: 'en-GB' },
  { text: '0800 107 6285', nearby: 'United Kingdom: ', lang: 'en-GB' },
  { text: '1300 321 456', nearby: 'Australia: ', lang: 'en-AU' },
  { text: '0800 6645 451', nearby: 'Deutschland: ', lang: 'de' },
  { text: '１-８００-２７５-２２７３', nearby: '客服 ', lang: 'zh' },
] as const

const TOLL_FREE = ['800', '833', '844', '855', '866', '877', '888']

function spoofed(r: Rng): string {
  const ac = r.chance(0.7) ? r.pick(TOLL_FREE) : r.pick(['212', '415', '646', '702', '305'])
  return nanpStyle(ac, '555', pad(r.int(10_000), 4), r.int(4))
}

/** An official number with one digit changed: "1-800-275-2274". */
function lookalike(r: Rng): string {
  const base = r.pick(['1-800-275-2273', '1-800-692-7753', '1-800-676-2775', '+44 800 107 6285'])
  const at = [...base].map((c, i) => (c >= '0' && c <= '9' ? i : -1)).filter((i) => i > 3)
  const i = r.pick(at)
  const d = String((Number(base[i]) + 1 + r.int(8)) % 10)
  return base.slice(0, i) + d + base.slice(i + 1)
}

const FLAGS = [[], [], [], ['gift card'], ['virus detected', 'call immediately'], ['anydesk']] as const

/** The first number in `text` as the content script would send it (the real candidate finder reads it). */
export function findingIn(text: string, extra: Pick<FindingRequest, 'link' | 'redFlags' | 'lang'>): FindingRequest {
  const [c] = findCandidates(text)
  if (!c) throw new Error(`the candidate finder found no number in ${JSON.stringify(text)}`)
  return {
    text: c.text,
    digits: c.digits,
    plus: c.plus,
    groups: c.groups,
    disguises: c.disguises,
    nearbyText: text.slice(Math.max(0, c.start - 60), c.start),
    ...extra,
  }
}

/**
 * `count` findings of the mix scam pages show: a third official numbers (the same few, as pages
 * repeat them), look-alikes of them, made-up North American numbers, and tel: links that dial
 * another number than they show.
 */
export function makeFindings(count: number, seed = 42): FindingRequest[] {
  const r = rng(seed)
  const out: FindingRequest[] = []
  while (out.length < count) {
    const kind = r.int(10)
    let shown: string
    let nearby = 'Apple Support: call '
    let lang: string | null = 'en'
    let link: FindingRequest['link'] = null
    if (kind < 3) {
      const o = r.pick(OFFICIAL)
      shown = o.text
      nearby = `Apple Support ${o.nearby}`
      lang = o.lang
    } else if (kind < 5) shown = lookalike(r)
    else if (kind < 9) shown = spoofed(r)
    else {
      // tel: link mismatch: Apple's number shown, another number dialled (or the reverse).
      const official = r.chance(0.5)
      shown = official ? '1-800-275-2273' : spoofed(r)
      const target = official ? spoofed(r) : '1-800-275-2273'
      const [t] = findCandidates(target)
      link = { digits: t!.digits, plus: t!.plus }
    }
    out.push(findingIn(`${nearby}${shown} today.`, { link, redFlags: [...r.pick(FLAGS)], lang }))
  }
  return out
}
