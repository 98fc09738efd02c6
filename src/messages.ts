// The one typed contract between the extension's contexts. Every request names its type; the
// background answers with the matching response. Content scripts may send only the read-only
// requests in ContentRequest; everything else is accepted only from the extension's own pages.

import type { CheckResult } from './core/check'
import type { LexiconTerms } from './core/claims'
import type { FindingRequest, FindingVerdict } from './core/judge-finding'
import type { Settings } from './core/settings'
import type { NumberSummary } from './core/verdict'
import type { BadgeVerdict } from './core/verdict-words'
import type { RegistryStatus, UpdateAttempt } from './core/registry-status'
import type { ReportTarget } from './core/report'

export type { BadgeVerdict, RegistryStatus, ReportTarget, UpdateAttempt }

export interface PageVerdict {
  /** Same order as the request's findings; null = not a phone number after all (no badge). */
  verdict: BadgeVerdict
  /** Present unless unverified. */
  detail: FindingVerdict | null
}

/** A finding kept for the popup (per tab, in memory / storage.session only). */
export interface TabFinding {
  text: string
  verdict: BadgeVerdict
  e164: string | null
  display: string
  reason: string
  alternatives: NumberSummary[]
  shownDisplay: string | null
  pageUrl: string
  frameId: number
}

// ---- content script → background (read-only) ----
export interface HelloRequest {
  type: 'hello'
  url: string
}
export interface HelloResponse {
  /** Null when TrueDial is paused on this site or the lexicon is unavailable. */
  terms: LexiconTerms | null
  showOfficial: boolean
  registryOk: boolean
}

export interface VerdictsRequest {
  type: 'verdicts'
  url: string
  /** null: a finding the background refused to read (it gets a null verdict). */
  findings: Array<FindingRequest | null>
}
export interface VerdictsResponse {
  verdicts: Array<PageVerdict | null>
  report: ReportTarget | null
}

export interface ResetRequest {
  type: 'page-reset'
  url: string
}

/** What a fake Apple alert did to hold the browser hostage, as the content script saw it (content/hostage.ts). */
export type HostageSign = 'fullscreen' | 'pointer-lock' | 'media' | 'history' | 'leave-trap' | 'sound'

/** The page with a red claim held the browser hostage: mute its tab and mark it on the toolbar. */
export interface HostageRequest {
  type: 'hostage'
  url: string
  signs: HostageSign[]
}

/** Close a tab: a content script only its own (tabId is ignored), the popup the tab it shows. */
export interface CloseTabRequest {
  type: 'close-tab'
  tabId?: number
}

/**
 * Is my tab making sound? Asked once by a frame with a red claim when its hostage watch arms; later
 * changes come as an AudibleMessage. Sound made with Web Audio has no element the page's frame
 * can see; the browser knows the tab is audible.
 */
export interface AudibleRequest {
  type: 'audible'
}

export type ContentRequest = HelloRequest | VerdictsRequest | ResetRequest | HostageRequest | CloseTabRequest | AudibleRequest

// ---- background → content script (tabs.sendMessage) ----
/** The tab started or stopped making sound: sent to the frames of a tab that hold a red claim. */
export interface AudibleMessage {
  type: 'audible'
  audible: boolean
}

// ---- extension pages → background ----
export interface StatusRequest {
  type: 'registry-status'
}
export interface ImportRequest {
  type: 'registry-import'
  text: string
}
export interface FetchUpdateRequest {
  type: 'registry-fetch'
}
export interface RestoreRequest {
  type: 'registry-restore'
}
export interface CheckRequest {
  type: 'check'
  input: string
}
export interface TabFindingsRequest {
  type: 'tab-findings'
  tabId: number
}
export interface SettingsGetRequest {
  type: 'settings-get'
}
export interface SettingsSetRequest {
  type: 'settings-set'
  changes: Partial<Settings>
}

export type PageRequest =
  | StatusRequest
  | ImportRequest
  | FetchUpdateRequest
  | RestoreRequest
  | CheckRequest
  | TabFindingsRequest
  | SettingsGetRequest
  | SettingsSetRequest
  | CloseTabRequest

export type Request = ContentRequest | PageRequest

/** Result of an import, fetch or restore: the new status, or why nothing changed. */
export interface UpdateResult {
  ok: boolean
  /** Nothing to do: the offered registry is the one already active (not a failure). */
  unchanged: boolean
  message: string
  status: RegistryStatus
}

export interface CheckResponse {
  result: CheckResult | null
  /** Set when no registry could be verified: nothing can be called official. */
  unavailable: string | null
  report: ReportTarget | null
}

export interface TabFindingsResponse {
  findings: TabFinding[]
  status: RegistryStatus
  pageUrl: string | null
  paused: boolean
  /** The page is a fake Apple alert that held the browser hostage (and was defused). */
  hostage: boolean
}

/** Response type for each request type. */
export interface ResponseMap {
  hello: HelloResponse
  verdicts: VerdictsResponse
  'page-reset': { ok: true }
  hostage: { ok: true }
  'close-tab': { ok: boolean }
  audible: { audible: boolean }
  'registry-status': RegistryStatus
  'registry-import': UpdateResult
  'registry-fetch': UpdateResult
  'registry-restore': UpdateResult
  check: CheckResponse
  'tab-findings': TabFindingsResponse
  'settings-get': Settings
  'settings-set': Settings
}

export type ResponseFor<R extends Request> = ResponseMap[R['type']]
