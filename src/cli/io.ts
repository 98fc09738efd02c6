// What a CLI command needs from the outside world, passed in so commands run in-process in tests.
export interface CliIo {
  stdout: (line: string) => void
  stderr: (line: string) => void
  /** Working directory that relative paths resolve against. */
  cwd: string
  env: Record<string, string | undefined>
}

/** A user error: printed as one line on stderr, exit 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const EXIT = { ok: 0, notOfficial: 1, usage: 2 } as const
