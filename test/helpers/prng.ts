// A small seeded PRNG (mulberry32): the bench pages and findings are the same on every run.

export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  pick<T>(list: readonly T[]): T
  /** True with probability p. */
  chance(p: number): boolean
}

export function rng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  return { next, int, pick: (list) => list[int(list.length)]!, chance: (p) => next() < p }
}

// Ordinary English words with no brand term of any organisation in the registry's lexicon
// (no "apple", "mac", "ios", "icloud"…): the ordinary page must carry no brand at all.
export const WORDS = [
  'the', 'a', 'of', 'and', 'to', 'in', 'for', 'on', 'with', 'at', 'by', 'from', 'about', 'after', 'before', 'over', 'under',
  'city', 'council', 'river', 'bridge', 'garden', 'market', 'weather', 'morning', 'evening', 'season', 'harvest', 'street',
  'library', 'museum', 'railway', 'station', 'festival', 'committee', 'budget', 'report', 'school', 'teacher', 'student',
  'engineer', 'village', 'mayor', 'painter', 'window', 'letter', 'journey', 'summer', 'winter', 'autumn', 'spring', 'rain',
  'cloud', 'harbour', 'boat', 'island', 'forest', 'mountain', 'valley', 'road', 'traffic', 'bakery', 'bread', 'coffee',
  'tea', 'kitchen', 'recipe', 'dinner', 'lunch', 'orange', 'lemon', 'pear', 'cherry', 'plum', 'tomato', 'onion', 'cheese',
  'quiet', 'bright', 'early', 'late', 'new', 'old', 'small', 'large', 'local', 'public', 'annual', 'careful', 'simple',
  'opened', 'closed', 'built', 'painted', 'visited', 'planned', 'discussed', 'agreed', 'announced', 'reported', 'moved',
  'said', 'wrote', 'found', 'kept', 'gave', 'took', 'made', 'saw', 'walked', 'carried', 'followed', 'collected', 'measured',
  'people', 'families', 'neighbours', 'visitors', 'workers', 'children', 'readers', 'members', 'owners', 'drivers',
  'history', 'music', 'theatre', 'football', 'cycling', 'swimming', 'chess', 'photography', 'pottery', 'poetry',
] as const

export function words(r: Rng, n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(r.pick(WORDS))
  return out.join(' ')
}

export function sentence(r: Rng, min = 8, max = 18): string {
  const s = words(r, min + r.int(max - min + 1))
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Escapes text for HTML element content. */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
