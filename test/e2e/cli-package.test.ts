// The CLI as people install it: the file `npm run build` writes (build/cli/truedial.mjs), run by
// plain node, by `npx truedial` in the project, and from the tarball `npm pack` makes, installed
// with `npm i -g` into a temporary prefix. The tarball's dependencies come from a local registry
// (test/helpers/local-registry.ts), so this needs no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile as execFileCallback, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startLocalRegistry, type LocalRegistry } from '../helpers/local-registry'
import { root } from './harness'

const execFile = promisify(execFileCallback)
const built = join(root, 'build/cli/truedial.mjs')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies: Record<string, string> }
const page = join(root, 'test/fixtures/pages/tel-mismatch.html')

/** The environment of a user's shell: no npm_* variables from the `npm test` running this. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
  return { ...env, ...extra }
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error('build/cli/truedial.mjs is missing: run `npm run build` first')
})

describe('the built command', () => {
  it('is what package.json\u2019s bin names, with a node shebang, executable', () => {
    expect(pkg.bin).toEqual({ truedial: 'build/cli/truedial.mjs' })
    expect(readFileSync(built, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    expect(statSync(built).mode & 0o111).not.toBe(0)
  })

  it('runs with plain node from any directory, without tsx', () => {
    const r = spawnSync(process.execPath, [built, 'check', '1-800-MY-APPLE'], { cwd: tmpdir(), encoding: 'utf8' })
    expect([r.status, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/^OFFICIAL/)
    expect(readFileSync(built, 'utf8')).not.toMatch(/from ["']tsx/)
  })

  it('imports happy-dom only lazily, for scan', () => {
    const source = readFileSync(built, 'utf8')
    expect(source).not.toMatch(/^import .* from ["']happy-dom["']/m)
    expect(source).toMatch(/await import\(["']happy-dom["']\)/)
  })

  it('runs as `npx truedial` from the project', () => {
    const r = spawnSync('npx', ['--no-install', 'truedial', 'check', '1-800-MY-APPLE'], { cwd: root, encoding: 'utf8', env: userEnv() })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^OFFICIAL/)
  }, 30_000)

  it('ends quietly, with its own exit code, when its reader has gone (`| head`)', async () => {
    const child = spawn(process.execPath, [built, 'scan', page], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((ok) => child.on('close', ok))
    expect([code, stderr]).toEqual([1, ''])
  })
})

describe('the npm package', () => {
  let registry: LocalRegistry
  let work: string
  let tarball: string
  let files: string[]

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'truedial-pack-'))
    const { stdout } = await execFile('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, env: userEnv() })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
    tarball = join(work, packed!.filename)
    files = packed!.files.map((f) => f.path).sort()
    registry = await startLocalRegistry(root)
  }, 60_000)

  afterAll(async () => {
    await registry?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('holds the built command, the signed registry and its keys, and README: nothing else', () => {
    const expected = ['README.md', 'build/cli/truedial.mjs', 'package.json', 'registry/keys.json', 'registry/registry.signed.json']
    if (existsSync(join(root, 'LICENSE'))) expected.push('LICENSE')
    expect(files).toEqual(expected.sort())
  })

  it('depends on happy-dom alone at run time (tsx, preact and the extension\u2019s libraries are build tools)', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['happy-dom'])
  })

  it('installs with npm i -g into a prefix and runs check, scan and --version there', async () => {
    const prefix = join(work, 'prefix')
    await execFile('npm', ['install', '--global', '--prefix', prefix, tarball, '--registry', registry.url, '--cache', join(work, 'cache'), '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel', 'error'], {
      cwd: work,
      env: userEnv(),
    })
    const bin = join(prefix, 'bin', 'truedial')
    const installed = join(prefix, 'lib', 'node_modules', 'truedial')
    const run = (...args: string[]) => spawnSync(bin, args, { cwd: work, encoding: 'utf8', env: userEnv({ PATH: `${join(prefix, 'bin')}:${process.env.PATH}` }) })

    const check = run('check', '1-800-MY-APPLE')
    expect([check.status, check.stderr]).toEqual([0, ''])
    expect(check.stdout).toMatch(/^OFFICIAL {2}\+1 800 692 7753/)
    expect(run('--version').stdout.trim()).toBe(pkg.version)
    const scan = run('scan', page, '--json')
    expect(scan.status).toBe(1)
    expect(JSON.parse(scan.stdout)).toMatchObject([{ verdict: 'mismatch', e164: '+18885550100' }])

    // Only runtime packages came with it, from the local registry.
    const deps = readdirSync(join(installed, 'node_modules')).flatMap((d) => (d.startsWith('@') ? readdirSync(join(installed, 'node_modules', d)).map((s) => `${d}/${s}`) : [d]))
    expect(deps.filter((d) => d !== '.bin' && d !== '.package-lock.json').sort()).toEqual(registry.names)
    expect(deps).not.toContain('tsx')
    expect(registry.requests).toContain('/happy-dom')

    // check never loads happy-dom: it still works with happy-dom gone.
    rmSync(join(installed, 'node_modules', 'happy-dom'), { recursive: true })
    const without = run('check', 'tel:+1-800-275-2273')
    expect([without.status, without.stderr]).toEqual([0, ''])
    expect(without.stdout).toMatch(/^OFFICIAL/)
  }, 120_000)
})
