import { describe, it, expect } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from '../../src/cli/main'

const root = resolve(import.meta.dirname, '../..')
const pages = join(root, 'test/fixtures/pages')

async function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: root, env: {} })
  return { code, out: out.join('\n'), err }
}

describe('truedial check', () => {
  it.each([
    [['1-800-MY-APPLE'], 0, 'official', '+18006927753'],
    [['1‐800‐275‐2273'], 0, 'official', '+18002752273'],
    [['+1 800 275 2274'], 1, 'lookalike', '+18002752274'],
    [['+1 888 555 0100'], 1, 'not-official', '+18885550100'],
    [['400-666-8800', '--region', 'CN'], 0, 'official', '+864006668800'],
    [['１８００２７５２２７３'], 0, 'official', '+18002752273'],
    [['0800 048 0408', '--region', 'GB'], 0, 'official', '+448000480408'],
  ])('%j exits %i with verdict %s', async (args, code, verdict, e164) => {
    const r = await run('check', ...args, '--json')
    expect(r.code).toBe(code)
    expect(JSON.parse(r.out)).toMatchObject({ verdict, e164 })
  })

  it('prints Apple\u2019s official numbers for the region with a number that is not official', async () => {
    const r = await run('check', '+1 888 555 0100')
    expect(r.out).toContain('NOT OFFICIAL')
    expect(r.out).toContain('1-800-275-2273')
  })

  it.each([[['abc']], [['']], [['hello']], [['12']], [['x'.repeat(10 * 1024 * 1024)]], [[]], [['1', '2']], [['1-800-275-2273', '--region', 'USA']], [['1-800-275-2273', '--bogus']]])(
    'refuses %j with one line on stderr and exit 2',
    async (args) => {
      const r = await run('check', ...(args as string[]))
      expect(r.code).toBe(2)
      expect(r.err).toHaveLength(1)
      expect(r.err[0]).toMatch(/^truedial: /)
      expect(r.err[0]!.length).toBeLessThan(300)
    },
  )
})

describe('truedial scan', () => {
  it('lists every finding as JSON', async () => {
    const r = await run('scan', join(pages, 'tel-mismatch.html'), '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out)).toMatchObject([{ text: '1-800-275-2273', verdict: 'mismatch', e164: '+18885550100', shownE164: '+18002752273' }])
  })

  it('says so when no number claims to be Apple support', async () => {
    const r = await run('scan', join(pages, 'pizza.html'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/No number/)
  })

  it('uses --url for the page\u2019s region: a number not on the list is red in Australia (complete list), unconfirmed in Thailand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'truedial-cli-'))
    writeFileSync(join(dir, 'p.html'), '<p>Apple support: call 1800 123 456</p>')
    const th = await run('scan', join(dir, 'p.html'), '--url', 'https://www.apple.com/th/contact/', '--json')
    const au = await run('scan', join(dir, 'p.html'), '--url', 'https://www.apple.com/au/contact/', '--json')
    const [t] = JSON.parse(th.out)
    const [a] = JSON.parse(au.out)
    expect([t.verdict, t.e164, t.country, t.countryGuessed]).toEqual(['unconfirmed', '+661800123456', 'TH', true])
    expect([a.verdict, a.e164, a.country]).toEqual(['spoofed', '+611800123456', 'AU'])
    // Only a red verdict is a flag: the neutral one exits 0, as it counts for nothing on the toolbar.
    expect([th.code, au.code]).toEqual([0, 1])
  })

  it.each([
    ['a missing file', () => '/nonexistent/page.html'],
    ['a directory', () => pages],
    [
      'a binary file',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'truedial-cli-'))
        writeFileSync(join(dir, 'x.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]))
        return join(dir, 'x.bin')
      },
    ],
  ])('refuses %s with one line and exit 2', async (_, file) => {
    const r = await run('scan', file())
    expect(r.code).toBe(2)
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).not.toMatch(/\n|at .*\(/)
  })

  it('refuses a bad --url', async () => {
    expect((await run('scan', join(pages, 'pizza.html'), '--url', 'not a url')).code).toBe(2)
  })
})

describe('the installed command', () => {
  it('runs as `npx truedial` from the project', () => {
    const out = execFileSync('npx', ['--no-install', 'truedial', 'check', '1-800-MY-APPLE'], { cwd: root, encoding: 'utf8' })
    expect(out).toMatch(/^OFFICIAL/)
  }, 30_000)

  it('prints no stack trace on bad input', () => {
    const r = spawnSync(process.execPath, [join(root, 'src/cli/truedial.mjs'), 'scan'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  }, 30_000)

  it('ships the registry the extension bundles', () => {
    expect(JSON.parse(readFileSync(join(root, 'registry/registry.signed.json'), 'utf8')).signatures[0].keyid).toBe('970c938c35f3e100')
  })
})
