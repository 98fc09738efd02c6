// `truedial`: the command-line front end over src/core. Every user error is one line on stderr
// and exit 2; `check` exits 0 for official, 1 otherwise (not official, look-alike, unconfirmed);
// `scan` exits 1 when it flags a number red.

import { parseArgs } from 'node:util'
import { version } from '../../package.json' with { type: 'json' }
import { checkNumber, type CheckResult } from '../core/check'
import type { FindingVerdict } from '../core/judge-finding'
import { EXIT, UsageError, type CliIo } from './io'
import { loadIndex } from './load-index'
import { parseRegion } from './region-option'
import { runRegistryCommand } from './registry-command'
import type { FileFinding } from './scan-input'
import { isTelUri, numberFromTelUri } from './tel-uri'
import { RED_VERDICTS, type NumberSummary } from '../core/verdict'

const EXIT_STATUS = 'exit status: 0 official (check) or nothing flagged (scan); 1 not official, or flagged; 2 a usage error'

const USAGE = `usage:
  truedial check "<number>" [--region CC] [--json]
  truedial scan <file.html> [--url URL] [--region CC] [--json]
  truedial registry build|sign|verify|diff …
  truedial help [check|scan|registry]
  truedial --version`

const TOOL_HELP = `truedial ${version}: tells a real Apple support number from a fake one, against a
signed registry of Apple's numbers (the registry the TrueDial extension uses).

${USAGE}

commands:
  check      judge one phone number someone gave you
  scan       find and judge every number on a saved HTML page that claims to be Apple support
  registry   the publisher's tools for the signed registry

Run \`truedial <command> --help\` for a command's options.
${EXIT_STATUS}`

const CHECK_HELP = `usage: truedial check "<number>" [--region CC] [--json]

Judges one phone number: official (on Apple's list), not official, a look-alike of an Apple
number, or unconfirmed (not on a list TrueDial knows to be incomplete). The number is read as
people write it (1-800-MY-APPLE, ＋１ fullwidth digits, any dashes) or as a link address:
tel:+1-800-275-2273, tel:0800%20107%206285 (;ext= and other parameters are ignored).

options:
  --region CC   the country of a number written without its country code, as an ISO 3166 code
                (US, GB, CN…); without it the country is worked out from the number and LANG
  --json        one JSON object: verdict, e164, reasons, Apple's numbers for the region
  -h, --help    this help

exit status: 0 official; 1 not official, a look-alike or unconfirmed; 2 not a phone number, or a usage error`

const SCAN_HELP = `usage: truedial scan <file.html> [--url URL] [--region CC] [--json]

Runs the extension's page scanner over a saved HTML page (up to 10 MB) and judges every number
that claims to be Apple support. The page is parsed, never run: none of its scripts execute and
nothing it links to (scripts, style sheets, frames, images, forms, redirects) is fetched. It is
parsed in a worker with limits on memory and time; a page over them is an error (exit 2).

options:
  --url URL     the page's address, for working out its region (https://www.apple.com/au/…)
  --region CC   the country of numbers written without a country code (ISO 3166: US, GB, CN…)
  --json        an array with one object per finding
  -h, --help    this help

exit status: 0 nothing flagged red (unconfirmed is no flag); 1 a number flagged red; 2 a usage error`

const REGISTRY_HELP = `usage: truedial registry <build|sign|verify|diff> [options]

The publisher's tools for the signed registry (README.md, "The registry", has the whole flow):
  build          validate registry/source/ and write the payload to sign; prints what changed
  sign           sign that payload with an Ed25519 key pinned in registry/keys.json
  verify FILE    check a signed registry the way the extension does
  diff OLD NEW   what changed between two signed registries

exit status: 0 done; 1 the registry or its source is invalid; 2 a usage error, or a file that cannot be read or written`

const HELP: Record<string, string> = { check: CHECK_HELP, scan: SCAN_HELP, registry: REGISTRY_HELP }

const MAX_ARGUMENT = 10_000

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h'

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] }
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!)
  }
}

/** `--help` anywhere among a command's arguments (before a `--`) asks for its help, whatever else is there. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some(isHelp)
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
  const argument = positionals[0]!
  if (argument.length > MAX_ARGUMENT) throw new UsageError(`that argument is ${argument.length} characters long; a phone number is at most a few dozen`)
  const input = isTelUri(argument) ? numberFromTelUri(argument) : argument
  const regionCode = parseRegion(values.region as string | undefined)
  const { index } = await loadIndex()
  const result = checkNumber(index, input, { region: regionCode, userLocale: io.env.LANG?.split('.')[0] ?? null })
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
  const regionCode = parseRegion(values.region as string | undefined)
  const { index } = await loadIndex()
  // Loaded here, not at the top, so `check` pays nothing for scanning (happy-dom is loaded only in the scan worker).
  const { scanFileInWorker } = await import('./scan-sandbox')
  const findings = await scanFileInWorker(index, positionals[0]!, {
    cwd: io.cwd,
    url: url ?? null,
    region: regionCode,
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
    if (command !== undefined && Object.hasOwn(HELP, command) && wantsHelp(rest)) {
      io.stdout(HELP[command]!)
      return EXIT.ok
    }
    switch (command) {
      case 'check':
        return await check(rest, io)
      case 'scan':
        return await scan(rest, io)
      case 'registry':
        return await runRegistryCommand(rest, io)
      case '--version':
      case '-v':
        io.stdout(version)
        return EXIT.ok
      case 'help': {
        const topic = rest[0]
        if (topic !== undefined && !Object.hasOwn(HELP, topic)) throw new UsageError(`no help for "${topic.slice(0, 40)}": try truedial help check, scan or registry`)
        io.stdout(topic === undefined ? TOOL_HELP : HELP[topic]!)
        return EXIT.ok
      }
      case '--help':
      case '-h':
        io.stdout(TOOL_HELP)
        return EXIT.ok
      case undefined:
        io.stderr(USAGE)
        return EXIT.usage
      default:
        throw new UsageError(`unknown command "${command.slice(0, 40)}" (commands: check, scan, registry; truedial --help)`)
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`truedial: ${message}`)
    return EXIT.usage
  }
}
