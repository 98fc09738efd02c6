// scripts/audit-offline.mjs, run as `npm run audit:offline` does, against small fixture lockfiles
// (test/fixtures/audit/, made-up packages), plus its own semver range check.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../../scripts/audit-offline.mjs', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../fixtures/audit/', import.meta.url))
const ADVISORIES = join(FIXTURES, 'advisories.json')
const TODAY = '2026-12-04'

interface Script {
  satisfies(version: string, range: string): boolean
  parseRange(range: string): unknown
  readAdvisories(value: unknown): unknown[]
}
// Imported by URL: a plain .mjs file with no type declarations of its own.
const script = (await import(new URL('../../scripts/audit-offline.mjs', import.meta.url).href)) as Script

function audit(lockfile: string, ...extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const path = lockfile.includes('/') ? lockfile : join(FIXTURES, lockfile)
  const result = spawnSync(process.execPath, [SCRIPT, '--lockfile', path, '--advisories', ADVISORIES, '--today', TODAY, ...extra], { encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'truedial-audit-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('audit:offline against a lockfile', () => {
  it('passes a tree with no affected version, printing the excepted one with its reason', () => {
    const r = audit('clean.lock.json')
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain(
      'excepted: unzipper@1.2.0 (node_modules/unzipper, dev, via tester > unzipper): GHSA-test-unzp-0002 (affected *): a made-up unzip flaw in every version. ' +
        'Decided 2026-12-01, until 2027-06-01: only the test runner unpacks archives, and never one from outside',
    )
    expect(r.stdout).toMatch(/ok: 5 packages checked against 2 advisories; 1 excepted/)
  })

  it('fails on an affected version, naming package@version, its path in the tree and the advisory', () => {
    const r = audit('affected.lock.json')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'FAIL parser@3.2.1 (node_modules/parser, runtime, via scanner > parser) is affected by GHSA-test-pars-0001 (affected <2.0.0 || >=3.2.0 <3.2.5): a made-up parser flaw [no exception',
    )
    // The nested copy (2.5.0) is outside both alternatives of the range.
    expect(r.stderr).not.toContain('parser@2.5.0')
  })

  it('does not let a dev-only exception cover the package once it ships at runtime', () => {
    const r = audit('excepted-at-runtime.lock.json')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('FAIL unzipper@1.2.0 (node_modules/unzipper, runtime, via unzipper)')
    expect(r.stderr).toContain('the exception holds only for a dev-only install')
  })

  it('fails once an exception has lapsed, and before the day it was decided', () => {
    expect(audit('clean.lock.json', '--today', '2027-06-02')).toMatchObject({ status: 1, stderr: expect.stringContaining('the exception lapsed on 2027-06-01') })
    expect(audit('clean.lock.json', '--today', '2027-06-01').status).toBe(0)
    expect(audit('clean.lock.json', '--today', '2026-11-30')).toMatchObject({ status: 1, stderr: expect.stringContaining('dated 2026-12-01, after today') })
  })

  it('fails on an entry resolved from somewhere other than the npm registry', () => {
    const r = audit('non-registry.lock.json')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('FAIL scanner@1.0.0 (node_modules/scanner): resolved from "git+ssh://git@example.org/scanner.git#')
    expect(r.stderr).toContain('not from https://registry.npmjs.org/')
  })

  it('fails on a registry address that is not the tarball of that package and version', () => {
    const lock = JSON.parse(readFileSync(join(FIXTURES, 'clean.lock.json'), 'utf8'))
    lock.packages['node_modules/unzipper'].resolved = 'https://registry.npmjs.org/evil-unzipper/-/evil-unzipper-1.2.0.tgz'
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(lock))
    const r = audit(join(dir, 'lock.json'))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("which is not the registry's tarball for unzipper@1.2.0")
  })

  it('fails on an entry without an integrity hash', () => {
    const r = audit('no-integrity.lock.json')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('FAIL parser@3.1.0 (node_modules/parser): no integrity hash')
  })

  it('fails on an entry with only a sha1 integrity hash', () => {
    const r = audit('sha1.lock.json')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('FAIL parser@3.1.0 (node_modules/parser): integrity is not a sha512 hash (sha1)')
  })

  it('accepts workspace folders and links to them, which have neither address nor hash', () => {
    expect(audit('workspace.lock.json')).toMatchObject({ status: 0, stderr: '' })
  })

  it('exits 2 with one line for a lockfile without "packages" and for a malformed advisory', () => {
    writeFileSync(join(dir, 'v1.json'), JSON.stringify({ lockfileVersion: 1, dependencies: {} }))
    const v1 = audit(join(dir, 'v1.json'))
    expect(v1.status).toBe(2)
    expect(v1.stderr.trim().split('\n')).toEqual([expect.stringMatching(/expected a package-lock\.json with "packages"/)])

    const advisories = JSON.parse(readFileSync(ADVISORIES, 'utf8'))
    advisories.advisories[0].affected = '^3.2.0'
    writeFileSync(join(dir, 'advisories.json'), JSON.stringify(advisories))
    const bad = audit('clean.lock.json', '--advisories', join(dir, 'advisories.json'))
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/advisories\[0\] \(GHSA-test-pars-0001\): affected: "\^3\.2\.0" in "\^3\.2\.0" is not a comparator/)
  })

  it('passes the repository\'s own lockfile against security/advisories.json', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('the advisory list', () => {
  const exception = { decided: '2026-12-01', reason: 'never reached: only the tests load it' }
  const advisory = { id: 'GHSA-x', aliases: [], package: 'p', affected: '*', severity: 'low', summary: 's', url: null, exception }

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an exception without a date', { exception: { reason: exception.reason } }, /exception\.decided: expected the date of the decision/],
    ['an exception without a reason', { exception: { decided: '2026-12-01', reason: 'ok' } }, /exception\.reason: say why/],
    ['an unknown field', { fixed: '1.0.0' }, /unknown field "fixed"/],
    ['a missing package', { package: '' }, /"package" must be a non-empty string/],
  ])('refuses %s', (_, change, message) => {
    expect(() => script.readAdvisories({ advisories: [{ ...advisory, ...change }] })).toThrow(message)
  })

  it('reads the repository\'s list', () => {
    const list = JSON.parse(readFileSync(fileURLToPath(new URL('../../security/advisories.json', import.meta.url)), 'utf8'))
    expect(script.readAdvisories(list).length).toBeGreaterThanOrEqual(4)
  })
})

describe('semver ranges', () => {
  it.each<[string, string, boolean]>([
    ['20.8.8', '<20.8.9', true],
    ['20.8.9', '<20.8.9', false],
    ['21.0.4', '<20.8.9', false],
    ['20.8.9-beta.1', '<20.8.9', true],
    ['15.10.1', '<15.10.2', true],
    ['15.9.20', '<15.10.2', true],
    ['1.0.0', '>=1.0.0 <1.4.2', true],
    ['1.4.1', '>=1.0.0 <1.4.2', true],
    ['1.4.2', '>=1.0.0 <1.4.2', false],
    ['0.9.9', '>=1.0.0 <1.4.2', false],
    ['0.0.1', '*', true],
    ['2.0.1', '*', true],
    ['1.5.0', '<1.0.0 || >=1.5.0 <1.5.3', true],
    ['1.2.0', '<1.0.0 || >=1.5.0 <1.5.3', false],
    ['0.1.0', '<1.0.0 || >=1.5.0 <1.5.3', true],
    ['2.0.0', '>= 2.0.0', true],
    ['2.0.0', '>2.0.0', false],
    ['2.0.0', '<=2.0.0', true],
    ['2.0.0', '2.0.0', true],
    ['2.0.0', '=2.0.1', false],
    ['1.0.0-alpha', '<1.0.0-alpha.1', true],
    ['1.0.0-alpha.beta', '<1.0.0-beta', true],
    ['1.0.0-beta.11', '<1.0.0-beta.2', false],
    ['1.0.0-rc.1+build.5', '<1.0.0', true],
  ])('%s in "%s" is %s', (version, range, expected) => {
    expect(script.satisfies(version, range)).toBe(expected)
  })

  it.each(['^1.2.3', '~1.2.3', '1.x', '1.2', '1.2.3 - 2.0.0', '', '>=1.0.0 ||'])('refuses the range form "%s" instead of guessing', (range) => {
    expect(() => script.parseRange(range)).toThrow()
  })
})
