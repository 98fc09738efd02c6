// `truedial`: the command-line front end over src/core. Every user error is one line on stderr
// and exit 2; `check` exits 0 for official, 1 otherwise (not official, look-alike, unconfirmed);
// `scan` exits 1 when it flags a number red.

import { parseArgs } from 'node:util'
import { checkNumber, type CheckResult } from '../core/check'
import type { FindingVerdict } from '../core/judge-finding'
import { EXIT, UsageError, type CliIo } from './io'
import { loadIndex } from './load-index'
import { runRegistryCommand } from './registry-command'
import { scanHtmlFile, type FileFinding } from './scan-file'
import { RED_VERDICTS, type NumberSummary } from '../core/verdict'

const USAGE = `usage:
  truedial check "<number>" [--region CC] [--json]
  truedial scan <file.html> [--url URL] [--region CC] [--json]
  truedial registry build|sign|verify …   (see README)`

const MAX_ARGUMENT = 10_000

function region(value: string | undefined): string | null {
  if (value === undefined) return null
  if (!/^[A-Za-z]{2}$/.test(value)) throw new UsageError(`--region takes a two-letter country code such as US or GB, not "${value.slice(0, 20)}"`)
  return value.toUpperCase()
}

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] }
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!)
  }
}

function officialLines(list: NumberSummary[], heading: string): string[] {
  if (list.length === 0) return []
  return [heading, ...list.map((o) => `    ${o.display}${o.vanity ? ` (${o.vanity})` : ''}  ${o.service}${o.hours ? `, ${o.hours}` : ''}`)]
}

function printCheck(r: CheckResult, io: CliIo): void {
  const label = { official: 'OFFICIAL', 'not-official': 'NOT OFFICIAL', lookalike: 'LOOKALIKE', unconfirmed: 'UNCONFIRMED', invalid: 'INVALID' }[r.verdict]
  io.stdout(`${label}  ${r.message}`)
  for (const reason of r.reasons) if (reason.code !== 'official') io.stdout(`  - ${reason.text}`)
  if (r.verdict !== 'official') {
    const where = r.alternatives[0]?.countryName ?? r.country ?? 'your region'
    for (const line of officialLines(r.alternatives, `  Apple\u2019s official numbers for ${where}:`)) io.stdout(line)
    io.stdout('  All of Apple\u2019s contacts: https://support.apple.com/contact')
  }
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { region: { type: 'string' }, json: { type: 'boolean' } })
  if (positionals.length !== 1) throw new UsageError('check takes one phone number, in quotes if it has spaces: truedial check "1-800-275-2273"')
  const input = positionals[0]!
  if (input.length > MAX_ARGUMENT) throw new UsageError(`that argument is ${input.length} characters long; a phone number is at most a few dozen`)
  const { index } = await loadIndex()
  const result = checkNumber(index, input, { region: region(values.region as string | undefined), userLocale: io.env.LANG?.split('.')[0] ?? null })
  if (result.verdict === 'invalid') {
    if (values.json) io.stdout(JSON.stringify(result))
    io.stderr(`truedial: ${result.message}`)
    return EXIT.usage
  }
  if (values.json) io.stdout(JSON.stringify(result, null, 2))
  else printCheck(result, io)
  return result.verdict === 'official' ? EXIT.ok : EXIT.notOfficial
}

function printFinding(f: FileFinding, io: CliIo): void {
  const v: FindingVerdict = f.verdict
  const label = v.verdict.toUpperCase().padEnd(9)
  io.stdout(`${label} ${v.display}  \u201c${f.text}\u201d${v.shown ? `  (shows ${v.shown.display})` : ''}`)
  for (const reason of v.reasons) io.stdout(`  - ${reason.text}`)
  if (v.verdict !== 'official') {
    for (const line of officialLines(v.alternatives, `  Apple\u2019s official numbers for ${v.alternatives[0]?.countryName ?? 'this region'}:`)) io.stdout(line)
  }
}

async function scan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { url: { type: 'string' }, region: { type: 'string' }, json: { type: 'boolean' } })
  if (positionals.length !== 1) throw new UsageError('scan takes one HTML file: truedial scan page.html [--url URL]')
  const url = values.url as string | undefined
  if (url !== undefined) {
    try {
      new URL(url)
    } catch {
      throw new UsageError(`--url "${url.slice(0, 60)}" is not an absolute URL (such as https://example.com/page)`)
    }
  }
  const { index } = await loadIndex()
  const findings = await scanHtmlFile(index, positionals[0]!, {
    cwd: io.cwd,
    url: url ?? null,
    region: region(values.region as string | undefined),
    userLocale: io.env.LANG?.split('.')[0] ?? null,
  })
  if (values.json) {
    io.stdout(
      JSON.stringify(
        findings.map((f) => ({
          text: f.text,
          e164: f.verdict.e164,
          verdict: f.verdict.verdict,
          display: f.verdict.display,
          country: f.verdict.country,
          countryGuessed: f.verdict.countryGuessed,
          shownE164: f.verdict.shown?.e164 ?? null,
          reasons: f.verdict.reasons,
          official: f.verdict.official,
          imitates: f.verdict.imitates,
          alternatives: f.verdict.alternatives,
          claim: f.claim,
        })),
        null,
        2,
      ),
    )
  } else if (findings.length === 0) {
    io.stdout('No number on this page claims to be Apple support.')
  } else {
    for (const f of findings) printFinding(f, io)
  }
  // Only red verdicts are flags: a neutral 'unconfirmed' is not a warning, here as on the toolbar.
  return findings.some((f) => RED_VERDICTS.has(f.verdict.verdict)) ? EXIT.notOfficial : EXIT.ok
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'check':
        return await check(rest, io)
      case 'scan':
        return await scan(rest, io)
      case 'registry':
        return await runRegistryCommand(rest, io)
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return command === undefined ? EXIT.usage : EXIT.ok
      default:
        throw new UsageError(`unknown command "${command.slice(0, 40)}"\n${USAGE}`)
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`truedial: ${message}`)
    return EXIT.usage
  }
}
