// `npm start`: opens Chromium (or Chrome) with the freshly built TrueDial on a demo page that
// shows a spoofed number, an official one and a tel: mismatch. With no display it runs headless
// and writes a screenshot of the flagged page instead.
import { chromium } from 'playwright-core'
import { createServer } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')
const dist = join(root, 'dist')
const browsers = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']
const executablePath = browsers.find((p): p is string => !!p && existsSync(p))
if (!executablePath) {
  console.error('truedial start: no Chromium or Chrome found. Install one (Debian: apt-get install chromium) or set CHROME_PATH.')
  process.exit(2)
}
if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('truedial start: dist/ is missing; run `npm run build` first.')
  process.exit(2)
}

const demo = readFileSync(join(import.meta.dirname, 'demo.html'))
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(demo))
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
const address = server.address()
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY

const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'truedial-start-')), {
  executablePath,
  headless,
  viewport: headless ? { width: 1000, height: 1000 } : null,
  args: [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
})
const page = ctx.pages()[0] ?? (await ctx.newPage())
await page.goto(url)
console.log(`TrueDial is loaded. Demo page: ${url}`)

if (headless) {
  const badge = page.locator('truedial-badge[data-verdict="spoofed"]').first()
  await badge.waitFor({ timeout: 15_000 })
  await badge.click()
  // Let the explanation finish fading in.
  await page.waitForTimeout(400)
  const out = join(root, 'test', 'output')
  mkdirSync(out, { recursive: true })
  const file = join(out, 'demo.png')
  await page.screenshot({ path: file })
  console.log(`No display: ran headless and wrote a screenshot of the flagged demo page to ${file}`)
  await ctx.close()
  server.close()
} else {
  console.log('Close the browser window to stop.')
  ctx.on('close', () => server.close())
}
