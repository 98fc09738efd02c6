// `truedial scan`: the page scanner the content script runs, over an HTML file parsed by
// happy-dom (scripts are never run), with verdicts from the same core the background uses.
import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Window } from 'happy-dom'
import { ClaimDetector, collectLexicon } from '../core/claims'
import type { ClaimFound } from '../core/claim-scope'
import { verdictForFinding, type FindingVerdict } from '../core/judge-finding'
import { scanPage } from '../core/page-scan'
import type { RegistryIndex } from '../core/registry-index'
import { UsageError } from './io'
import { describeFsError } from './registry-source'

export const MAX_HTML_BYTES = 10 * 1024 * 1024

export interface FileFinding {
  text: string
  /** The digits of the number as read (the digit groups the verdict used). */
  digits: string
  claim: ClaimFound
  verdict: FindingVerdict
}

export interface ScanFileOptions {
  cwd: string
  url: string | null
  region: string | null
  userLocale: string | null
}

const detectors = new WeakMap<RegistryIndex, ClaimDetector>()
export function detectorFor(index: RegistryIndex): ClaimDetector {
  let d = detectors.get(index)
  if (!d) {
    d = new ClaimDetector(collectLexicon(index.payload))
    detectors.set(index, d)
  }
  return d
}

function readHtml(path: string): string {
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new UsageError(`${path} is not a file`)
    size = stat.size
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`)
  }
  if (size > MAX_HTML_BYTES) throw new UsageError(`${path} is ${(size / 1048576).toFixed(1)} MB; scan reads pages up to 10 MB`)
  const bytes = readFileSync(path)
  if (bytes.subarray(0, 8192).includes(0)) throw new UsageError(`${path} is a binary file, not an HTML page`)
  return bytes.toString('utf8')
}

/** Parses HTML without running any of its scripts or loading anything it links to. */
export function parseHtml(html: string, url: string): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  })
  const doc = new window.DOMParser().parseFromString(html, 'text/html')
  return doc as unknown as Document
}

export function scanDocument(index: RegistryIndex, doc: Document, options: Omit<ScanFileOptions, 'cwd'>): FileFinding[] {
  const findings = scanPage({ root: doc.body ?? doc, title: doc.title ?? '', detector: detectorFor(index) })
  const out: FileFinding[] = []
  for (const f of findings) {
    const lang = f.lang ?? doc.documentElement?.getAttribute('lang') ?? null
    const verdict = verdictForFinding(index, { ...f, lang }, { url: options.url, region: options.region, userLocale: options.userLocale })
    if (!verdict) continue
    const digits = verdict.groupsUsed > 0 ? f.groups.slice(0, verdict.groupsUsed).map((g) => g.digits).join('') : f.digits
    out.push({ text: f.text, digits, claim: f.claim, verdict })
  }
  return out
}

export async function scanHtmlFile(index: RegistryIndex, file: string, options: ScanFileOptions): Promise<FileFinding[]> {
  const path = resolve(options.cwd, file)
  const html = readHtml(path)
  const doc = parseHtml(html, options.url ?? pathToFileURL(path).href)
  return scanDocument(index, doc, options)
}
