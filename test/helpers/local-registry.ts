// A throwaway npm registry on 127.0.0.1 that serves the project's runtime dependencies (the
// entries of package-lock.json that are not dev-only), each packed from node_modules. It lets a
// test install the packed CLI the way a user does, `npm i -g ./truedial-x.y.z.tgz`, without the
// network: `npm i --offline` is no answer, as npm 11 asks for full packuments that `npm ci`
// never caches.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface LockEntry {
  version: string
  dev?: boolean
  devOptional?: boolean
  optional?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  engines?: Record<string, string>
}

export interface LocalRegistry {
  url: string
  /** Names the registry serves: the runtime dependencies and theirs. */
  names: string[]
  /** Every path a client asked for. */
  requests: string[]
  close: () => Promise<void>
}

/** "node_modules/a/node_modules/@s/b" → "@s/b". */
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)

export async function startLocalRegistry(root: string): Promise<LocalRegistry> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  const work = mkdtempSync(join(tmpdir(), 'truedial-registry-'))
  const versions = new Map<string, Map<string, { entry: LockEntry; file: string; integrity: string }>>()
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional) continue
    const name = nameOf(path)
    const file = join(work, `${name.replace('/', '__')}-${entry.version}.tgz`)
    // The package as installed, under package/ as npm tarballs have it; its own dependencies are separate entries.
    execFileSync('tar', ['-czf', file, '--exclude=./node_modules', '--transform=s,^\\.,package,', '-C', join(root, path), '.'])
    const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`
    if (!versions.has(name)) versions.set(name, new Map())
    versions.get(name)!.set(entry.version, { entry, file, integrity })
  }

  const requests: string[] = []
  let base = ''
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
    requests.push(path)
    const tarball = /^\/-\/(.+)\/(\d[^/]*)\.tgz$/.exec(path)
    if (tarball) {
      const found = versions.get(tarball[1]!)?.get(tarball[2]!)
      if (!found) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return void res.end(readFileSync(found.file))
    }
    const name = path.slice(1)
    const known = versions.get(name)
    if (!known) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ error: 'not found' }))
    }
    const docs = Object.fromEntries(
      [...known].map(([version, { entry, integrity }]) => [
        version,
        {
          name,
          version,
          dependencies: entry.dependencies ?? {},
          optionalDependencies: entry.optionalDependencies ?? {},
          peerDependencies: entry.peerDependencies ?? {},
          // ws's bufferutil and utf-8-validate are optional peers: without this npm would fetch them.
          peerDependenciesMeta: entry.peerDependenciesMeta ?? {},
          engines: entry.engines ?? {},
          dist: { tarball: `${base}/-/${name}/${version}.tgz`, integrity },
        },
      ]),
    )
    const latest = [...known.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1)!
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ name, 'dist-tags': { latest }, versions: docs }))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return {
    url: `${base}/`,
    names: [...versions.keys()].sort(),
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
}
