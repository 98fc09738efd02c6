import { describe, it, expect } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from '../../src/cli/main'
import { lineWriter } from '../../src/cli/process-io'

const root = resolve(import.meta.dirname, '../..')
const pages = join(root, 'test/fixtures/pages')
/** The development entry (tsx, no build): the built command is tested in test/e2e/cli-package.test.ts. */
const devEntry = join(root, 'src/cli/truedial.mjs')
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version

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

  it.each([
    ['tel:+1-800-275-2273', 0, 'official', '+18002752273'],
    ['TEL:+1-800-275-2273;ext=123', 0, 'official', '+18002752273'],
    ['tel:+1-800-275-2273;phone-context=example.com;isub=7', 0, 'official', '+18002752273'],
    ['tel://+18002752273', 0, 'official', '+18002752273'],
    ['tel:+1%20800%20275%202274', 1, 'lookalike', '+18002752274'],
  ])('reads the tel: URI %s (parameters dropped) and exits %i with verdict %s', async (uri, code, verdict, e164) => {
    const r = await run('check', uri, '--json')
    expect(r.code).toBe(code)
    expect(JSON.parse(r.out)).toMatchObject({ verdict, e164 })
  })

  it('reads a percent-encoded national number in a tel: URI with --region', async () => {
    const r = await run('check', 'tel:0800%20107%206285', '--region', 'GB', '--json')
    expect([r.code, JSON.parse(r.out).e164]).toEqual([0, '+448001076285'])
  })

  it.each([
    [['tel:'], /no number/],
    [['tel:;ext=1'], /no number/],
    [['tel:%E0%A4%A'], /bad %-escape/],
    [['1-800-275-2273', '--region', 'ZZ'], /--region ZZ is not a country code TrueDial knows/],
    [['1-800-275-2273', '--region', 'uk'], /--region UK .*did you mean GB\?/],
    [['1-800-275-2273', '--region', 'XX'], /^truedial: --region XX is not a country code/],
  ])('refuses %j with a clear one-line message and exit 2', async (args, message) => {
    const r = await run('check', ...args)
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).toMatch(message)
  })

  it('refuses an unknown --region for scan as well, before reading the page', async () => {
    const r = await run('scan', '/nonexistent/page.html', '--region', 'QQ')
    expect(r.code).toBe(2)
    expect(r.err).toEqual([expect.stringMatching(/--region QQ is not a country code/)])
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

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j prints the tool\u2019s help on stdout and exits 0', async (args) => {
    const r = await run(...args)
    expect(r.code).toBe(0)
    expect(r.err).toEqual([])
    expect(r.out).toContain(`truedial ${packageVersion}`)
    for (const command of ['check', 'scan', 'registry']) expect(r.out).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(r.out).toMatch(/exit status/)
  })

  it.each([
    ['check', /usage: truedial check .*--region CC.*--json[\s\S]*tel:\+1-800-275-2273/],
    ['scan', /usage: truedial scan <file.html>[\s\S]*--url URL[\s\S]*never run/],
    ['registry', /usage: truedial registry <build\|sign\|verify\|diff>/],
  ])('%s --help, -h and `help %s` print that command\u2019s help and exit 0', async (command, text) => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command], [command, 'anything', '--region', 'nowhere', '--help']]) {
      const r = await run(...argv)
      expect([argv, r.code, r.err]).toEqual([argv, 0, []])
      expect(r.out).toMatch(text)
    }
  })

  it('treats --help after -- as an argument, not a request for help', async () => {
    const r = await run('check', '--', '--help')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
  })

  it.each([[['--version']], [['-v']]])('%j prints the version in package.json', async (args) => {
    const r = await run(...args)
    expect([r.code, r.out, r.err]).toEqual([0, packageVersion, []])
  })

  it.each([[['help', 'nope']], [['nope']], [['toString', '--help']]])('%j is a one-line usage error, exit 2', async (args) => {
    const r = await run(...args)
    expect(r.code).toBe(2)
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).toMatch(/^truedial: /)
  })

  it('prints the usage on stderr, exit 2, with no command at all', async () => {
    const r = await run()
    expect([r.code, r.out]).toEqual([2, ''])
    expect(r.err.join('\n')).toMatch(/^usage:/)
  })
})

describe('output to a reader that goes away', () => {
  class FakeStream extends EventEmitter {
    written: string[] = []
    write(chunk: string): boolean {
      this.written.push(chunk)
      return true
    }
  }

  it('stops writing after EPIPE and does not throw', () => {
    const stream = new FakeStream()
    const write = lineWriter(stream)
    write('one')
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
    expect(() => write('two')).not.toThrow()
    expect(stream.written).toEqual(['one\n'])
  })

  it('still raises any other stream error', () => {
    const stream = new FakeStream()
    lineWriter(stream)
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow(/EIO/)
  })

  it('ends quietly with its own exit code when stdout is closed before it writes (`| head`)', async () => {
    // The reading end is closed at once, so every write of the child meets EPIPE.
    const child = spawn(process.execPath, [devEntry, 'scan', join(pages, 'tel-mismatch.html')], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((ok) => child.on('close', (c) => ok(c)))
    expect(stderr).toBe('')
    expect(code).toBe(1)
  }, 30_000)

  it('is piped into head without a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${devEntry}" scan "${join(pages, 'tel-mismatch.html')}" | head -c 1 >/dev/null; exit 0`], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
  }, 30_000)
})

describe('the development command', () => {
  it('runs from the TypeScript sources with no build', () => {
    const r = spawnSync(process.execPath, [devEntry, 'check', '1-800-MY-APPLE'], { cwd: tmpdir(), encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^OFFICIAL/)
  }, 30_000)

  it('prints no stack trace on bad input', () => {
    const r = spawnSync(process.execPath, [devEntry, 'scan'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  }, 30_000)

  it('ships the registry the extension bundles', () => {
    expect(JSON.parse(readFileSync(join(root, 'registry/registry.signed.json'), 'utf8')).signatures[0].keyid).toBe('970c938c35f3e100')
  })
})
