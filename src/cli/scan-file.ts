// `truedial scan`: the page scanner the content script runs, over an HTML file parsed by
// happy-dom, with verdicts from the same core the background uses. The page is hostile input:
// it is parsed and never run, and nothing it names is fetched (see SAFE_SETTINGS).
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ClaimDetector, collectLexicon } from '../core/claims'
import { verdictForFinding } from '../core/judge-finding'
import { scanPage } from '../core/page-scan'
import type { RegistryIndex } from '../core/registry-index'
import type { IFetchInterceptor, IOptionalBrowserSettings } from 'happy-dom'
import { UsageError } from './io'
import { readHtml, type FileFinding, type ScanFileOptions } from './scan-input'

// happy-dom is loaded here, when this module is first imported: only the scan worker imports it
// (src/cli/scan-worker.ts), so neither `check` nor the main thread of `scan` ever loads it.
const { Window, VirtualConsole, BrowserNavigationCrossOriginPolicyEnum } = await import('happy-dom')

export { MAX_HTML_BYTES, readHtml, type FileFinding, type ScanFileOptions } from './scan-input'

const detectors = new WeakMap<RegistryIndex, ClaimDetector>()
export function detectorFor(index: RegistryIndex): ClaimDetector {
  let d = detectors.get(index)
  if (!d) {
    d = new ClaimDetector(collectLexicon(index.payload))
    detectors.set(index, d)
  }
  return d
}

/**
 * Refuses every request a page could make (fetch, XMLHttpRequest, sendBeacon, a script, style
 * sheet, frame or image, a navigation): all of them go through happy-dom's Fetch/SyncFetch, which
 * ask this first. Nothing should get here with the switches below off; this is the second wall,
 * for the day a happy-dom release loads something new by default. A network error, as a browser
 * gives for a blocked request.
 */
const REFUSE_ALL: IFetchInterceptor = {
  beforeAsyncRequest: async ({ window }) => window.Response.error(),
  beforeSyncRequest: ({ request, window }) => ({
    status: 0,
    statusText: '',
    ok: false,
    url: request.url,
    redirected: false,
    headers: new window.Headers(),
    body: null,
  }),
}

/**
 * happy-dom settings for a page that is parsed and never run, every switch set explicitly rather
 * than left to a default (happy-dom 21 disables script evaluation by default, but only reads
 * `enableJavaScriptEvaluation`: the older `disableJavaScriptEvaluation` is ignored). See
 * node_modules/happy-dom/lib/browser/types/IBrowserSettings.d.ts. The deprecated `disable…CSS`
 * and `disable…Iframe` switches are still read (either one turns loading off), so both are set.
 */
export const SAFE_SETTINGS: IOptionalBrowserSettings = {
  enableJavaScriptEvaluation: false,
  disableJavaScriptFileLoading: true,
  enableCSSFileLoading: false,
  disableCSSFileLoading: true,
  enableImageFileLoading: false,
  enableIframePageLoading: false,
  disableIframePageLoading: true,
  enableFileSystemHttpRequests: false,
  disableComputedStyleRendering: true,
  handleDisabledFileLoadingAsSuccess: false,
  fetch: { interceptor: REFUSE_ALL, virtualServers: null, requestHeaders: null, disableSameOriginPolicy: false },
  navigation: {
    disableMainFrameNavigation: true,
    disableChildFrameNavigation: true,
    disableChildPageNavigation: true,
    // A refused navigation must not even change the address the scanner reads the region from.
    disableFallbackToSetURL: true,
    crossOriginPolicy: BrowserNavigationCrossOriginPolicyEnum.sameOrigin,
    beforeContentCallback: null,
  },
}

/** Swallows what happy-dom reports about the page ("iframe page loading is disabled"…): the page's business, not the user's. */
const SILENT: ConstructorParameters<typeof VirtualConsole>[0] = {
  print() {},
  clear() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent() {},
  read: () => [],
  readAsString: () => '',
}

/** A window for one page: nothing runs and nothing is fetched. Close it with `window.happyDOM.close()`. */
export function safeWindow(url: string): InstanceType<typeof Window> {
  return new Window({ url, console: new VirtualConsole(SILENT), settings: SAFE_SETTINGS })
}

/** Parses HTML without running any of its scripts or loading anything it links to. */
export function parseHtml(html: string, url: string): Document {
  const window = safeWindow(url)
  const doc = new window.DOMParser().parseFromString(html, 'text/html')
  return doc as unknown as Document
}

/** Closes the window a document from parseHtml() belongs to: its timers, its pending work, its frames. */
export async function closeDocument(doc: Document): Promise<void> {
  const window = doc.defaultView as unknown as InstanceType<typeof Window> | null
  await window?.happyDOM?.close()
}

/** Levels of element nesting, counted without recursion (the page may be deeper than the stack). */
export function nestingDepth(root: Node): number {
  let deepest = 0
  let depth = 0
  let node: Node | null = root
  while (node) {
    if (node.firstChild) {
      node = node.firstChild
      deepest = Math.max(deepest, ++depth)
      continue
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode
      depth--
    }
    if (!node || node === root) break
    node = node.nextSibling
  }
  return deepest
}

const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && /call stack/i.test(error.message)

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

/**
 * Parses `html`, scans it and closes its window. happy-dom walks the tree recursively in places
 * (querySelector), so a deep page can exhaust the stack: about 3,000 levels on a default stack,
 * far more in the scan worker (scan-sandbox.ts). That is a one-line error naming the depth, never
 * a stack trace (`label` names the page in it).
 */
export async function scanHtml(index: RegistryIndex, html: string, label: string, options: Omit<ScanFileOptions, 'cwd'> & { pageUrl: string }): Promise<FileFinding[]> {
  const doc = parseHtml(html, options.pageUrl)
  try {
    return scanDocument(index, doc, options)
  } catch (error) {
    if (!isStackOverflow(error)) throw error
    throw new UsageError(`${label} nests its elements ${nestingDepth(doc).toLocaleString('en-US')} levels deep, deeper than scan can follow (happy-dom walks the tree recursively); it was not scanned`)
  } finally {
    await closeDocument(doc)
  }
}

/** scanHtml over a file, on this thread (tests, the corpus tools); the command runs scanFileInWorker. */
export async function scanHtmlFile(index: RegistryIndex, file: string, options: ScanFileOptions): Promise<FileFinding[]> {
  const path = resolve(options.cwd, file)
  const html = readHtml(path)
  return scanHtml(index, html, file, { ...options, pageUrl: options.url ?? pathToFileURL(path).href })
}
