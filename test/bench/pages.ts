// The four bench pages, generated in memory from a seeded PRNG (same bytes on every run).

import { nanpStyle } from '../helpers/generated-findings'
import { esc, pad, rng, sentence, words, WORDS, type Rng } from '../helpers/prng'

export interface BenchPage {
  /** Short key used in the JSON output and routes. */
  key: string
  /** Row label in the table. */
  label: string
  html: string
  /** Badges the content script should insert (claimed numbers that get a verdict). */
  expectedBadges: number
  /** Measured runs per context (with and without the extension). */
  runs: number
  /** The page inserts content by script for a while: wait for window.__feed.done. */
  feed: boolean
  /** Numbers the page holds that claim to be Apple support. */
  claimed: number
  /** Phone numbers on the page in all. */
  numbers: number
}

const TOLL_FREE = ['800', '833', '844', '855', '866', '877', '888'] as const

function scamNumber(i: number, style: number): string {
  return nanpStyle(TOLL_FREE[i % TOLL_FREE.length]!, '555', pad(100 + Math.floor(i / TOLL_FREE.length), 4), style)
}

/** A fictional geographic US number for text with no claim. */
function neutralNumber(r: Rng): string {
  const ac = r.pick(['212', '312', '415', '503', '617', '718', '206'])
  const line = pad(100 + r.int(100), 4)
  return r.chance(0.5) ? `(${ac}) 555-${line}` : `${ac}-555-${line}`
}

const CLAIMS = [
  (n: string) => `Apple Support: call ${n}`,
  (n: string) => `Your iCloud account is locked. Call Apple Support now at ${n}`,
  (n: string) => `AppleCare helpline ${n}, open every day`,
  (n: string) => `iPhone technical support number: ${n}`,
  (n: string) => `For Apple ID help, contact customer service on ${n}`,
] as const

const NEUTRAL = [
  (n: string) => `Reservations at the bakery on Main Street: ${n}`,
  (n: string) => `The library desk answers questions on ${n}`,
  (n: string) => `Call the garden club on ${n} to book a plot`,
  (n: string) => `Taxi rank at the railway station: ${n}`,
  (n: string) => `The museum shop takes orders by phone at ${n}`,
] as const

const DATES = ['on 12 March 2025', 'on 2026-11-25', 'by 11/25/2026', 'from 1999 to 2004', 'since 2019-2024', 'on 03.04.2026']
const PRICES = ['$1,299.00', '€45.50', '£12', '$3.99', 'USD 250', '1299.00 EUR', '¥ 1200', '$ 18,450']

function head(title: string, extra = ''): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${esc(title)}</title>\n<style>body{font:16px/1.5 Georgia,serif;max-width:760px;margin:2em auto;color:#222}</style>${extra}\n</head>\n`
}

/** 1. An ordinary 200 KB article: dates, prices and a few phone numbers, no brand term at all. */
export function ordinaryArticle(): BenchPage {
  const r = rng(1)
  const parts: string[] = [head('Riverside Gazette: the autumn market report'), '<body>\n<article>\n<h1>The autumn market report</h1>\n']
  let bytes = 0
  let numbers = 0
  for (let i = 0; bytes < 200_000; i++) {
    if (i % 12 === 0) parts.push(`<h2>${esc(words(r, 4))}</h2>\n`)
    let text = `${sentence(r)} ${sentence(r)} The ${r.pick(WORDS)} ${r.pick(DATES)} cost ${r.pick(PRICES)}. ${sentence(r)}`
    if (i % 60 === 30) {
      text += ` ${r.pick(NEUTRAL)(neutralNumber(r))}.`
      numbers++
    }
    const p = `<p>${esc(text)} <em>${esc(words(r, 3))}</em> ${esc(sentence(r))}</p>\n`
    parts.push(p)
    bytes += p.length
  }
  parts.push('</article>\n</body>\n</html>\n')
  return { key: 'ordinary', label: 'ordinary 200 KB', html: parts.join(''), expectedBadges: 0, runs: 5, feed: false, claimed: 0, numbers }
}

/** 2. A 5 MB page, about 100k text nodes, 2,000 numbers of which 400 claim to be Apple support. */
export function bigPage(): BenchPage {
  const r = rng(2)
  const PARAGRAPHS = 20_000
  const NUMBERS = 2_000
  const parts: string[] = [head('Community directory and notice board'), '<body>\n<main>\n<h1>Community directory</h1>\n']
  let claimed = 0
  let numbers = 0
  for (let i = 0; i < PARAGRAPHS; i++) {
    if (i % 200 === 0) parts.push(`<section>\n<h2>${esc(words(r, 3))}</h2>\n`)
    // Five text nodes per paragraph: text, <b>, text, <a>, text.
    let tail = `${sentence(r, 7, 11)} ${sentence(r, 4, 7)}`
    if (i % (PARAGRAPHS / NUMBERS) === 5) {
      // Every fifth number claims to be Apple support; each in its own paragraph, so its
      // context (the block) holds no other number's words.
      if (numbers % 5 === 0) tail = `${r.pick(CLAIMS)(scamNumber(claimed, claimed))}. ${sentence(r, 4, 8)}`
      else tail = `${r.pick(NEUTRAL)(neutralNumber(r))}. ${sentence(r, 4, 8)}`
      if (numbers % 5 === 0) claimed++
      numbers++
    }
    parts.push(`<p>${esc(sentence(r, 6, 12))} <b>${esc(words(r, 2))}</b> ${esc(words(r, 5))} <a href="#s${i}">${esc(words(r, 2))}</a> ${esc(tail)}</p>\n`)
    if (i % 200 === 199) parts.push('</section>\n')
  }
  parts.push('</main>\n</body>\n</html>\n')
  return { key: 'big', label: '5 MB, 2,000 numbers', html: parts.join(''), expectedBadges: claimed, runs: 5, feed: false, claimed, numbers }
}

export const FEED = { batches: 100, perBatch: 100, intervalMs: 100, scamsPerBatch: 2, neutralPerBatch: 1 } as const

/** 3. Infinite scroll: the page's own script adds 100 paragraphs every 100 ms for 10 s. */
export function infiniteScroll(): BenchPage {
  const r = rng(3)
  const intro: string[] = []
  for (let i = 0; i < 30; i++) intro.push(`<p>${esc(sentence(r))} My iPhone ${esc(words(r, 6))}.</p>`)
  // The page script: its own seeded PRNG, so each run inserts the same text. It records, in the
  // main world, when each claimed number went into the DOM (window.__feed.inserted[seq]).
  const script = `
(() => {
  const W = ${JSON.stringify(WORDS)};
  const CODES = ${JSON.stringify(TOLL_FREE)};
  let a = 3 >>> 0;
  const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const words = (n) => { let s = []; for (let i = 0; i < n; i++) s.push(W[Math.floor(rnd() * W.length)]); return s.join(' '); };
  const feed = document.getElementById('feed');
  const state = window.__feed = { inserted: {}, scams: 0, done: false, nodes: 0 };
  let batch = 0, seq = 0;
  function tick() {
    const frag = document.createDocumentFragment();
    const scams = [];
    for (let k = 0; k < ${FEED.perBatch}; k++) {
      const p = document.createElement('p');
      if (k % ${Math.floor(FEED.perBatch / FEED.scamsPerBatch)} === 7) {
        const s = seq++;
        const line = String(100 + Math.floor(s / CODES.length)).padStart(4, '0');
        p.dataset.seq = String(s);
        p.textContent = 'Apple Support helpline: call 1-' + CODES[s % CODES.length] + '-555-' + line + ' before your iCloud is deleted.';
        scams.push(s);
      } else if (k === 50) {
        p.textContent = 'The bakery takes orders on (212) 555-0' + String(100 + (batch % 100)) + ', ' + words(6) + '.';
      } else {
        p.textContent = words(8 + Math.floor(rnd() * 10)) + '.';
      }
      frag.append(p);
    }
    feed.append(frag);
    const t = performance.now();
    for (const s of scams) state.inserted[s] = t;
    state.scams += scams.length;
    state.nodes += ${FEED.perBatch};
    if (++batch >= ${FEED.batches}) { clearInterval(timer); state.done = true; }
  }
  let timer;
  addEventListener('load', () => { timer = setInterval(tick, ${FEED.intervalMs}); });
})();
`
  const html = `${head('Community answers: my phone keeps restarting')}<body>\n<h1>Community answers</h1>\n${intro.join('\n')}\n<div id="feed"></div>\n<script>${script}</script>\n</body>\n</html>\n`
  const scams = FEED.batches * FEED.scamsPerBatch
  return { key: 'scroll', label: 'infinite scroll 10 s', html, expectedBadges: scams, runs: 3, feed: true, claimed: scams, numbers: scams + FEED.batches * FEED.neutralPerBatch }
}

export const DEPTH = 5_000

/** 4. A page nested 5,000 elements deep with a claimed number at the bottom. */
export function deepPage(): BenchPage {
  const r = rng(4)
  const intro = [0, 1, 2].map(() => `<p>${esc(sentence(r))}</p>`).join('\n')
  // The HTML parser caps nesting at 512 elements (deeper tags become siblings), so the page's
  // own script builds the 5,000 levels before the load event.
  const script = `
(() => {
  const top = document.createElement('span');
  let el = top;
  for (let i = 1; i < ${DEPTH}; i++) { const d = document.createElement('span'); el.append(d); el = d; }
  el.textContent = 'Your Mac is infected. Apple Support: call 1-888-555-0142 right now.';
  document.getElementById('deep').append(top);
})();
`
  const html = `${head('Deep thread')}<body>\n<h1>A deep thread</h1>\n${intro}\n<div id="deep"></div>\n<script>${script}</script>\n</body>\n</html>\n`
  return { key: 'deep', label: `nested ${DEPTH.toLocaleString('en-US')} deep`, html, expectedBadges: 1, runs: 5, feed: false, claimed: 1, numbers: 1 }
}

export function allPages(): BenchPage[] {
  return [ordinaryArticle(), bigPage(), infiniteScroll(), deepPage()]
}
