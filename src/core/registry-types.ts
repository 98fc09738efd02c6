// The registry payload: the one data structure the signed envelope carries.
// Source data in registry/source/ is built into this shape by `truedial registry build`;
// registry-schema.ts validates untrusted copies of it field by field.

/**
 * Raised whenever the payload's shape changes. 2: `domains`, `coverage` and `lexicon.notBrand`.
 * 3: `lexicon.fake`.
 */
export const REGISTRY_SCHEMA = 3

export type Service =
  | 'support'
  | 'sales'
  | 'business'
  | 'education'
  | 'accessibility'
  | 'subscriptions'
  | 'other'

export type Confidence = 'high' | 'medium' | 'low'

/**
 * How complete the registry's list of an organisation's numbers is for one country and service:
 * `complete`, every number the organisation uses is listed; `partial`, some are; `none`, the
 * registry knows too little to say (a country or service not listed in `coverage` is `none`).
 */
export type Coverage = 'complete' | 'partial' | 'none'

/** Language keys used by the lexicon: BCP 47 primary tags, plus zh-Hans / zh-Hant. */
export type LanguageKey = string

export interface OfficialNumber {
  /** E.164 (+ and 8-15 digits), or null when the number has none (Turkey's 00800 line). */
  e164: string | null
  /** National digits to match on when e164 is null (e.g. "00800448829873"). */
  national: string | null
  /** ISO 3166-1 alpha-2 of the country the number serves. */
  country: string
  service: Service
  /** As Apple prints it, without the vanity form: "1-800-275-2273". */
  display: string
  /** Vanity form where Apple prints one: "1-800-APL-CARE". */
  vanity: string | null
  languages: string[]
  hours: string | null
  sources: string[]
  confidence: Confidence
  /** ISO date (YYYY-MM-DD) the entry was last checked against its sources. */
  checked: string
}

export interface RetiredNumber {
  e164: string
  country: string
  display: string
  /** ISO date or year-month or year: "2026". */
  retired: string
  source: string
}

export interface Channel {
  /** web | app | locator | coverage */
  kind: string
  label: string
  url: string
}

export interface Lexicon {
  /** Brand terms per language: "Apple", "AppleCare", "苹果"… */
  brand: Record<LanguageKey, string[]>
  /** Support/contact terms per language: "support", "helpline", "客服"… */
  support: Record<LanguageKey, string[]>
  /**
   * Brand collisions per language: phrases that contain a brand term but do not mean the brand
   * ("Apple Bank", "Big Mac", "吃苹果"). Each one contains a term of `brand` for its language.
   */
  notBrand: Record<LanguageKey, string[]>
  /**
   * Words that call a mention of the brand fake or a scam, per language ("fake", "scam", "假冒",
   * "偽"): a page title with one warns about the scam ("Police warn of fake Apple Support pop-ups")
   * and claims none of the page's numbers for the brand.
   */
  fake: Record<LanguageKey, string[]>
}

export interface Organisation {
  /** Stable id, lowercase: "apple". */
  id: string
  name: string
  /** Where users can always find the genuine contacts. */
  channels: Channel[]
  /** Address for reporting phishing/scams to the organisation. */
  reportEmail: string | null
  /**
   * The organisation's official registrable domains, lowercase: "apple.com". A host is official
   * when it equals one of them or ends with "." + one of them.
   */
  domains: string[]
  numbers: OfficialNumber[]
  retired: RetiredNumber[]
  /** Countries the organisation serves for which the registry holds no verified support number. */
  noSupportNumber: string[]
  /** ISO country → service → how complete `numbers` is there; anything not listed is 'none'. */
  coverage: Record<string, Partial<Record<Service, Coverage>>>
  lexicon: Lexicon
}

export interface FraudReportSite {
  name: string
  url: string
}

export interface RegistryPayload {
  schema: number
  /** Grows with every published registry; an update must carry a higher one. */
  version: number
  /** ISO 8601 timestamps. */
  issued: string
  expires: string
  organisations: Organisation[]
  /** Scam red-flag phrases per language: "your device is infected", "gift card", "AnyDesk"… */
  redFlags: Record<LanguageKey, string[]>
  /** National fraud-report sites per ISO country code. */
  fraudReport: Record<string, FraudReportSite>
}

/** The signed envelope that ships and that updates arrive in. */
export interface SignedEnvelope {
  payload: string
  signatures: Array<{ keyid: string; sig: string }>
}

export interface PinnedKey {
  keyid: string
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string
}
