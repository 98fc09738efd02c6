// Every message is untrusted until its every field is checked: a compromised or confused
// renderer must not get anything the contract does not allow.
import type { FindingRequest } from '../core/judge-finding'
import type { HostageSign, Request } from '../messages'
import type { ClaimPlace } from '../core/verdict'
import { SCAN_LIMITS } from '../core/scan-limits'

const CLAIM_PLACES = new Set<string>(['sentence', 'label', 'heading', 'dialog', 'table', 'page', 'imitation'])

/** Findings per verdicts request: one page scan's worth at the most. */
const MAX_FINDINGS = SCAN_LIMITS.maxFindings
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max
const digits = (v: unknown): v is string => typeof v === 'string' && /^\d{1,24}$/.test(v)
const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const bool = (v: unknown): v is boolean => typeof v === 'boolean'
const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function finding(v: unknown): FindingRequest | null {
  if (!obj(v)) return null
  const { text, digits: d, plus, groups, disguises, link, redFlags, nearbyText, lang } = v
  if (!str(text, 200) || !digits(d) || !bool(plus) || !int(disguises, 0, 200) || !str(nearbyText, 200)) return null
  if (!(lang === null || str(lang, 40))) return null
  if (!Array.isArray(groups) || groups.length === 0 || groups.length > 24) return null
  const gs: FindingRequest['groups'] = []
  for (const g of groups) {
    if (!obj(g) || !digits(g.digits) || !int(g.end, 0, 400)) return null
    gs.push({ digits: g.digits, end: g.end })
  }
  if (!Array.isArray(redFlags) || redFlags.length > 8) return null
  const flags: string[] = []
  for (let i = 0; i < redFlags.length; i++) {
    const f: unknown = redFlags[i]
    if (!str(f, 120)) return null
    flags.push(f)
  }
  let l: FindingRequest['link'] = null
  if (link !== null) {
    if (!obj(link) || !digits(link.digits) || !bool(link.plus)) return null
    l = { digits: link.digits, plus: link.plus }
  }
  // The claim's words and the page's imitation evidence are quoted to the user: bounded text only.
  let claim: FindingRequest['claim'] = null
  if (v.claim !== undefined && v.claim !== null) {
    if (!obj(v.claim) || !str(v.claim.words, 120) || !str(v.claim.where, 20) || !CLAIM_PLACES.has(v.claim.where)) return null
    claim = { words: v.claim.words, where: v.claim.where as ClaimPlace }
  }
  const imitation = v.imitation
  if (!(imitation === undefined || imitation === null || str(imitation, 120))) return null
  return { text, digits: d, plus, groups: gs, disguises, link: l, redFlags: flags, nearbyText, lang, claim, imitation: imitation ?? null }
}

/** The request, rebuilt from checked fields only; null when anything is off. */
export function parseRequest(message: unknown): Request | null {
  if (!obj(message) || typeof message.type !== 'string') return null
  const m = message
  switch (m.type) {
    case 'hello':
      return str(m.url, 8192) ? { type: 'hello', url: m.url } : null
    case 'page-reset':
      return str(m.url, 8192) ? { type: 'page-reset', url: m.url } : null
    case 'verdicts': {
      if (!str(m.url, 8192) || !Array.isArray(m.findings) || m.findings.length > MAX_FINDINGS) return null
      // A finding that fails its checks gets no verdict; it does not cost the others theirs.
      const findings: Array<FindingRequest | null> = []
      for (let i = 0; i < m.findings.length; i++) findings.push(finding(m.findings[i]))
      return { type: 'verdicts', url: m.url, findings }
    }
    case 'hostage': {
      if (!str(m.url, 8192) || !Array.isArray(m.signs) || m.signs.length > HOSTAGE_SIGNS.size) return null
      const signs = m.signs.filter((x): x is HostageSign => typeof x === 'string' && HOSTAGE_SIGNS.has(x as HostageSign))
      return signs.length === m.signs.length && signs.length > 0 ? { type: 'hostage', url: m.url, signs } : null
    }
    case 'close-tab':
      if (m.tabId === undefined) return { type: 'close-tab' }
      return int(m.tabId, 0, 2 ** 31) ? { type: 'close-tab', tabId: m.tabId } : null
    case 'audible':
    case 'registry-status':
    case 'registry-fetch':
    case 'registry-restore':
    case 'settings-get':
      return { type: m.type }
    case 'registry-import':
      return str(m.text, 4 * 1024 * 1024) ? { type: 'registry-import', text: m.text } : null
    case 'check':
      return str(m.input, 10_000) ? { type: 'check', input: m.input } : null
    case 'tab-findings':
      return int(m.tabId, 0, 2 ** 31) ? { type: 'tab-findings', tabId: m.tabId } : null
    case 'settings-set':
      // A copy of the plain fields; sanitizeChanges checks each one's type before it is stored.
      return obj(m.changes) ? { type: 'settings-set', changes: JSON.parse(JSON.stringify(m.changes)) as Record<string, unknown> } : null
    default:
      return null
  }
}

const HOSTAGE_SIGNS: ReadonlySet<HostageSign> = new Set<HostageSign>(['fullscreen', 'pointer-lock', 'media', 'history', 'leave-trap', 'sound'])
