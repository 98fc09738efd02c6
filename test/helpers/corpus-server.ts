// Serves the judgement corpus to a browser: each snippet at its own address over HTTPS, with a
// throwaway certificate, from one local server. Chromium reaches it with --host-resolver-rules;
// Firefox through `proxy`, a local HTTP proxy that tunnels every CONNECT to the HTTPS server.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer, type Server } from 'node:https'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseHtml, scanDocument } from '../../src/cli/scan-file'
import { isOfficialHost } from '../../src/core/registry-index'
import { DEFAULT_SETTINGS, showsOfficialBadges } from '../../src/core/settings'
import type { CorpusCase } from '../corpus/corpus'
import { realIndex } from './registry'

function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'truedial-cert-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=truedial-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface CorpusServer {
  /** Port of the HTTPS server (map every host to it). */
  port: number
  /** Port of the HTTP proxy that tunnels every CONNECT to the HTTPS server. */
  proxyPort: number
  /** The snippet served now, at its own address; every other address is a 404. */
  serve: (c: CorpusCase | null) => void
  close: () => Promise<void>
}

export async function startCorpusServer(): Promise<CorpusServer> {
  let current: CorpusCase | null = null
  const server: Server = createServer(throwawayCertificate(), (req, res) => {
    const want = current ? new URL(current.url) : null
    if (want && req.url === `${want.pathname}${want.search}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(current!.html)
    } else res.writeHead(404).end()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as { port: number }).port
  const proxy: HttpServer = createHttpServer((_req, res) => res.writeHead(405).end())
  // A tunnel's sockets leave the HTTP server's bookkeeping: they are kept here to be closed.
  const tunnels = new Set<{ destroy(): void }>()
  proxy.on('connect', (_req, client) => {
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    for (const socket of [client, upstream]) {
      tunnels.add(socket)
      socket.on('close', () => tunnels.delete(socket))
    }
  })
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok))
  const proxyPort = (proxy.address() as { port: number }).port
  return {
    port,
    proxyPort,
    serve: (c) => (current = c),
    close: async () => {
      for (const socket of tunnels) socket.destroy()
      proxy.closeAllConnections()
      server.closeAllConnections()
      await Promise.all([new Promise<void>((ok) => server.close(() => ok())), new Promise<void>((ok) => proxy.close(() => ok()))])
    },
  }
}

/**
 * The badges the CLI's verdicts call for on a snippet, for a browser in `locale` with the default
 * settings: one "verdict e164" per finding, sorted; no green ones on Apple's own sites.
 */
export async function cliVerdicts(c: CorpusCase, locale: string): Promise<string[]> {
  const index = await realIndex()
  const green = showsOfficialBadges(DEFAULT_SETTINGS, c.url, (host) => isOfficialHost(index, host))
  return scanDocument(index, parseHtml(c.html, c.url), { url: c.url, region: null, userLocale: locale })
    .filter((f) => green || f.verdict.verdict !== 'official')
    .map((f) => `${f.verdict.verdict} ${f.verdict.e164 ?? ''}`)
    .sort()
}
