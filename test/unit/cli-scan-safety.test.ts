// `truedial scan` reads hostile HTML: these tests hand it a page that tries every way a page has to
// run code, fetch something, navigate or write a file, with every address pointing at a listener
// on 127.0.0.1 that must see no connection at all. The settings are also tested one wall at a time
// (the loading switches, then the request interceptor alone), against a control that shows the
// listener does see what an unguarded happy-dom window loads. Then the worker's limits: a page
// nested 10,000 levels deep gets its verdict, and running out of stack, memory or time is one line.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DetachedWindowAPI, VirtualConsole, VirtualConsolePrinter, Window, type IOptionalBrowserSettings } from 'happy-dom'
import { main } from '../../src/cli/main'
import { SAFE_SETTINGS, safeWindow, scanHtml } from '../../src/cli/scan-file'
import { SCAN_LIMITS, scanFileInWorker, scanInWorker } from '../../src/cli/scan-sandbox'
import { realIndex } from '../helpers/registry'

const root = resolve(import.meta.dirname, '../..')
const devEntry = join(root, 'src/cli/truedial.mjs')

/** Every kind of request or action a page can ask for, each at its own path on `base`. */
function hostilePage(base: string, watchDir: string): string {
  // If a script ever ran, this would reach Node through the VM context's Function constructor and
  // write a file: the "no file written" checks look for it.
  const escape = `try { const p = this.constructor.constructor('return process')(); p.getBuiltinModule('fs').writeFileSync(${JSON.stringify(join(watchDir, 'escaped.txt'))}, 'x'); p.getBuiltinModule('fs').writeFileSync('escaped-cwd.txt', 'x') } catch (e) {}`
  return `<!doctype html>
<html lang="en"><head>
<title>Apple Support</title>
<base href="${base}/base/">
<meta http-equiv="refresh" content="0; url=${base}/meta-refresh">
<meta http-equiv="Content-Security-Policy" content="default-src *">
<link rel="stylesheet" href="${base}/style.css">
<link rel="stylesheet" href="relative.css">
<link rel="preload" as="style" href="${base}/preload.css">
<link rel="preload" as="script" href="${base}/preload.js">
<link rel="modulepreload" href="${base}/modulepreload.js">
<link rel="prefetch" href="${base}/prefetch">
<link rel="icon" href="${base}/favicon.ico">
<link rel="manifest" href="${base}/manifest.json">
<style>
  @import url("${base}/import.css");
  @import "${base}/import-bare.css";
  @font-face { font-family: x; src: url(${base}/font.woff2) }
  body { background: url(${base}/background.png) }
</style>
<script src="${base}/external.js"></script>
<script src="//${base.replace(/^http:\/\//, '')}/protocol-relative.js"></script>
<script type="module" src="${base}/module.js"></script>
<script type="module">import '${base}/static-import.js'; import('${base}/dynamic-import.js')</script>
<script>
  ${escape}
  fetch('${base}/fetch')
  navigator.sendBeacon('${base}/beacon', 'data')
  const xhr = new XMLHttpRequest(); xhr.open('GET', '${base}/xhr-sync', false); xhr.send()
  const xhr2 = new XMLHttpRequest(); xhr2.open('GET', '${base}/xhr-async'); xhr2.send()
  new WebSocket('${base.replace('http:', 'ws:')}/websocket')
  new EventSource('${base}/event-source')
  document.write('<script src="${base}/document-write.js"><\\/script>')
  window.open('${base}/window-open')
  location.href = '${base}/location'
</script>
</head>
<body onload="fetch('${base}/onload')">
<p>Apple Support: call 1-888-555-0100 now.</p>
<img src="${base}/image.png" srcset="${base}/image-2x.png 2x" onerror="fetch('${base}/onerror')">
<img src="relative.png" loading="eager">
<picture><source srcset="${base}/picture.webp"><img src="${base}/picture.png"></picture>
<video src="${base}/video.mp4" poster="${base}/poster.png" autoplay></video>
<audio src="${base}/audio.mp3" autoplay></audio>
<svg><image href="${base}/svg-image.png"/><use href="${base}/sprite.svg#x"/></svg>
<iframe src="${base}/iframe.html"></iframe>
<iframe srcdoc="<script>${escape.replace(/"/g, '&quot;')} fetch('${base}/srcdoc-script')</script><img src='${base}/srcdoc-image.png'><link rel=stylesheet href='${base}/srcdoc.css'><iframe src='${base}/srcdoc-iframe'></iframe>"></iframe>
<object data="${base}/object"></object>
<embed src="${base}/embed">
<form id="f" action="${base}/form" method="post"><input name="a" value="1" autofocus onfocus="fetch('${base}/onfocus')"><button formaction="${base}/formaction">Go</button></form>
<script>document.getElementById('f').submit(); document.querySelector('button').click()</script>
<a id="a" href="${base}/link" ping="${base}/ping">link</a>
<script>document.getElementById('a').click()</script>
</body></html>`
}

interface Listener {
  child: ChildProcess
  base: string
  /** Every connection and request the listener saw. */
  seen: string[]
}

/**
 * The listener runs in its own process: happy-dom makes synchronous requests (a sync XHR, a
 * classic script) through a child process while this one waits, so a listener in this process
 * could never answer them, and a failing check would hang instead of failing.
 */
const LISTENER = `
const server = require('node:http').createServer((req, res) => {
  console.log(JSON.stringify(req.method + ' ' + req.url))
  res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' })
  res.end('')
})
server.on('connection', (socket) => { console.log(JSON.stringify('connection')); socket.on('error', () => {}) })
server.on('upgrade', (req, socket) => { console.log(JSON.stringify('upgrade ' + req.url)); socket.destroy() })
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
`

async function listen(): Promise<Listener> {
  const child = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const seen: string[] = []
  let port = 0
  let buffered = ''
  const ready = new Promise<void>((ok, fail) => {
    child.on('exit', () => fail(new Error('the listener exited')))
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      let nl: number
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = JSON.parse(buffered.slice(0, nl)) as string | { port: number }
        buffered = buffered.slice(nl + 1)
        if (typeof line === 'string') seen.push(line)
        else {
          port = line.port
          ok()
        }
      }
    })
  })
  await ready
  return { child, base: `http://127.0.0.1:${port}`, seen }
}

/** Long enough for a request started asynchronously to reach the listener. */
const settle = (ms = 300): Promise<void> => new Promise((ok) => setTimeout(ok, ms))

let listener: Listener

beforeAll(async () => {
  listener = await listen()
})

afterAll(() => {
  listener.child.kill()
})

afterEach(() => {
  listener.seen.length = 0
  vi.restoreAllMocks()
})

function scratch(): { page: string; cwd: string; watch: string } {
  const dir = mkdtempSync(join(tmpdir(), 'truedial-hostile-'))
  const cwd = join(dir, 'cwd')
  const watch = join(dir, 'watch')
  mkdirSync(cwd)
  mkdirSync(watch)
  const page = join(cwd, 'hostile.html')
  writeFileSync(page, hostilePage(listener.base, watch))
  return { page, cwd, watch }
}

describe('truedial scan on a hostile page', () => {
  it('judges the number and makes no connection, writes no file and prints nothing on stderr', async () => {
    const { page, cwd, watch } = scratch()
    const r = spawnSync(process.execPath, [devEntry, 'scan', 'hostile.html', '--url', `${listener.base}/page.html`, '--json'], { cwd, encoding: 'utf8', timeout: 30_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject([{ e164: '+18885550100', verdict: 'spoofed' }])
    await settle()
    expect(listener.seen).toEqual([])
    expect(readdirSync(cwd)).toEqual(['hostile.html'])
    expect(readdirSync(watch)).toEqual([])
    expect(page).toBe(join(cwd, 'hostile.html'))
  }, 30_000)

  it('makes no connection from the scan worker, even after a pause', async () => {
    const { cwd, watch } = scratch()
    const findings = await scanFileInWorker(await realIndex(), 'hostile.html', { cwd, url: `${listener.base}/page.html`, region: null, userLocale: 'en-US' })
    expect(findings.map((f) => f.verdict.verdict)).toEqual(['spoofed'])
    await settle()
    expect(listener.seen).toEqual([])
    expect(readdirSync(cwd)).toEqual(['hostile.html'])
    expect(readdirSync(watch)).toEqual([])
  }, 30_000)

  it('makes none in this thread either, and closes the page\u2019s window', async () => {
    const { page, watch } = scratch()
    const close = vi.spyOn(DetachedWindowAPI.prototype, 'close')
    const html = readFileSync(page, 'utf8')
    const findings = await scanHtml(await realIndex(), html, 'hostile.html', { url: null, pageUrl: `${listener.base}/page.html`, region: null, userLocale: 'en-US' })
    expect(findings.map((f) => f.verdict.verdict)).toEqual(['spoofed'])
    expect(close).toHaveBeenCalledTimes(1)
    await settle()
    expect(listener.seen).toEqual([])
    expect(readdirSync(watch)).toEqual([])
    // The escape's second file goes to the working directory, here this process's.
    expect(existsSync(join(process.cwd(), 'escaped-cwd.txt'))).toBe(false)
  })

  it('closes the window when the scan fails too (here: a stack overflow on this thread\u2019s default stack)', async () => {
    const close = vi.spyOn(DetachedWindowAPI.prototype, 'close')
    const deep = `<!doctype html><title>Apple Support</title>${'<div>'.repeat(10_000)}<p>Apple Support: 1-888-555-0100</p>`
    await expect(scanHtml(await realIndex(), deep, 'deep.html', { url: null, pageUrl: 'https://example.com/', region: null, userLocale: null })).rejects.toThrow(
      /^deep\.html nests its elements 10,004 levels deep, deeper than scan can follow/,
    )
    expect(close).toHaveBeenCalledTimes(1)
  })
})

describe('the safe window, one wall at a time', () => {
  /** Asks a live happy-dom document for everything that loads by itself. */
  function provoke(window: InstanceType<typeof Window>, base: string): void {
    const doc = window.document
    doc.head.innerHTML = `<link rel="stylesheet" href="${base}/w-style.css"><script src="${base}/w-script.js"></script>`
    doc.body.innerHTML = `<img src="${base}/w-image.png"><iframe src="${base}/w-iframe.html"></iframe>`
  }

  const everythingOn: IOptionalBrowserSettings = {
    enableJavaScriptEvaluation: true,
    suppressInsecureJavaScriptEnvironmentWarning: true,
    disableJavaScriptFileLoading: false,
    enableCSSFileLoading: true,
    disableCSSFileLoading: false,
    enableImageFileLoading: true,
    enableIframePageLoading: true,
    disableIframePageLoading: false,
  }
  const quiet = (): VirtualConsole => new VirtualConsole(new VirtualConsolePrinter())

  it('control: an unguarded happy-dom window does reach the listener (so the checks below can fail)', async () => {
    const window = new Window({ url: `${listener.base}/page.html`, console: quiet(), settings: everythingOn })
    provoke(window, listener.base)
    await window.happyDOM.waitUntilComplete()
    await window.happyDOM.close()
    await settle()
    expect(listener.seen).toEqual(expect.arrayContaining(['connection', 'GET /w-style.css', 'GET /w-script.js', 'GET /w-image.png', 'GET /w-iframe.html']))
  })

  it('turns every loading switch off and sets no enable\u2026 switch', () => {
    const enabled = Object.entries(SAFE_SETTINGS).filter(([key, value]) => key.startsWith('enable') && value !== false)
    expect(enabled).toEqual([])
    expect(SAFE_SETTINGS).toMatchObject({ disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true })
    expect(SAFE_SETTINGS.navigation).toMatchObject({ disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true, disableFallbackToSetURL: true })
  })

  it('loads nothing a live document asks for', async () => {
    const window = safeWindow(`${listener.base}/page.html`)
    provoke(window, listener.base)
    await window.happyDOM.waitUntilComplete()
    await window.happyDOM.close()
    await settle()
    expect(listener.seen).toEqual([])
  })

  it('refuses requests through the interceptor even with every loading switch on', async () => {
    const window = new Window({ url: `${listener.base}/page.html`, console: quiet(), settings: { ...SAFE_SETTINGS, ...everythingOn } })
    provoke(window, listener.base)
    const response = await window.fetch(`${listener.base}/w-fetch`)
    expect([response.type, response.status]).toEqual(['error', 0])
    expect(window.navigator.sendBeacon(`${listener.base}/w-beacon`, 'x')).toBe(true)
    const sync = new window.XMLHttpRequest()
    sync.open('GET', `${listener.base}/w-xhr`, false)
    sync.send()
    expect(sync.status).toBe(0)
    await window.happyDOM.waitUntilComplete()
    await window.happyDOM.close()
    await settle()
    expect(listener.seen).toEqual([])
  })

  it('does not navigate, nor even change its address, when told to', async () => {
    const window = safeWindow(`${listener.base}/page.html`)
    window.location.href = `${listener.base}/w-navigate`
    await window.happyDOM.waitUntilComplete()
    expect(window.location.href).toBe(`${listener.base}/page.html`)
    await window.happyDOM.close()
    await settle()
    expect(listener.seen).toEqual([])
  })
})

describe('a page nested 10,000 levels deep', () => {
  const deepPages = {
    divs: `<!doctype html><title>Apple Support</title>${'<div>'.repeat(10_000)}<p>Apple Support: call 1-888-555-0100</p>${'</div>'.repeat(10_000)}`,
    spans: `<!doctype html><title>Apple Support</title><p>${'<span>'.repeat(10_000)}Apple Support: call 1-888-555-0100${'</span>'.repeat(10_000)}`,
    'unclosed inline elements': `<!doctype html><p>Apple Support ${'<b><i>'.repeat(5_000)} call 1-888-555-0100`,
    // table, tbody, tr, td: four levels each.
    tables: `<!doctype html><p>Apple Support</p>${'<table><tr><td>'.repeat(2_500)}call 1-888-555-0100`,
  }

  it.each(Object.entries(deepPages))('%s: gets its verdict (the worker\u2019s stack is large enough)', async (_, html) => {
    const dir = mkdtempSync(join(tmpdir(), 'truedial-deep-'))
    writeFileSync(join(dir, 'deep.html'), html)
    const out: string[] = []
    const err: string[] = []
    const code = await main(['scan', 'deep.html', '--json'], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir, env: {} })
    expect(err).toEqual([])
    expect(code).toBe(1)
    expect(JSON.parse(out.join('\n'))).toMatchObject([{ verdict: 'spoofed', e164: '+18885550100' }])
  }, 30_000)

  it('gets it from the command itself, with nothing on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'truedial-deep-'))
    writeFileSync(join(dir, 'deep.html'), deepPages.divs)
    const r = spawnSync(process.execPath, [devEntry, 'scan', 'deep.html'], { cwd: dir, encoding: 'utf8', timeout: 30_000 })
    expect([r.status, r.stderr]).toEqual([1, ''])
    expect(r.stdout).toMatch(/^SPOOFED +\+1 888 555 0100/)
  }, 30_000)
})

describe('the scan worker\u2019s limits', () => {
  const options = { url: null, pageUrl: 'https://example.com/', region: null, userLocale: 'en-US' }
  const page = '<!doctype html><title>Apple Support</title><p>Apple Support: call 1-888-555-0100</p>'

  it('are set: a large stack, a heap within the machine\u2019s memory, a time limit', () => {
    expect(SCAN_LIMITS.stackMb).toBeGreaterThanOrEqual(32)
    expect(SCAN_LIMITS.heapMb).toBeGreaterThanOrEqual(512)
    expect(SCAN_LIMITS.heapMb).toBeLessThanOrEqual(3072)
    expect(SCAN_LIMITS.timeoutMs).toBeGreaterThan(0)
  })

  it('turn a page deeper than the stack into one line naming the depth', async () => {
    const deep = `<!doctype html><title>Apple Support</title>${'<div>'.repeat(10_000)}<p>Apple Support: 1-888-555-0100</p>`
    await expect(scanInWorker(await realIndex(), deep, 'deep.html', options, { ...SCAN_LIMITS, stackMb: 1 })).rejects.toThrow(
      /^deep\.html nests its elements 10,004 levels deep, deeper than scan can follow/,
    )
  }, 30_000)

  it('turn running out of memory into one line, and the command lives on', async () => {
    const big = `<!doctype html><p>Apple Support: call 1-888-555-0100</p>${'<i></i>'.repeat(300_000)}`
    await expect(scanInWorker(await realIndex(), big, 'big.html', options, { ...SCAN_LIMITS, heapMb: 64 })).rejects.toThrow(/^big\.html needs more than 64 MB of memory to scan; it was not scanned$/)
    expect(await scanInWorker(await realIndex(), page, 'small.html', options)).toHaveLength(1)
  }, 60_000)

  it('turn running out of time into one line', async () => {
    await expect(scanInWorker(await realIndex(), page, 'slow.html', options, { ...SCAN_LIMITS, timeoutMs: 1 })).rejects.toThrow(/^slow\.html took longer than 0\.001 s to scan; it was not scanned$/)
  })
})
