// The real process behind CliIo: stdout and stderr, with a reader that goes away handled.
// `truedial scan page.html | head -3` closes the pipe while TrueDial is still writing; Node then
// emits EPIPE on the stream, and an unhandled 'error' event is a stack trace. A closed reader is
// the reader's choice, not a failure: writes stop, the command finishes and keeps its exit code.
import type { CliIo } from './io'

/** The part of a Node writable stream this needs (a fake in tests). */
export interface LineSink {
  write(chunk: string): unknown
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
}

/** Writes lines to `stream` until its reader goes away (EPIPE), then drops them. Other errors still throw. */
export function lineWriter(stream: LineSink): (line: string) => void {
  let open = true
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') open = false
    else throw error
  })
  return (line) => {
    if (open) stream.write(`${line}\n`)
  }
}

export function processIo(proc: NodeJS.Process = process): CliIo {
  return { stdout: lineWriter(proc.stdout), stderr: lineWriter(proc.stderr), cwd: proc.cwd(), env: proc.env }
}
