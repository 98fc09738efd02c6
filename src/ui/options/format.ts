// Short, human wording for registry status values. English only, like the rest of the page.
import type { RegistryStatus, UpdateAttempt } from '../../messages'

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })
const dateTimeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })

function parsed(iso: string | null): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "25 Nov 2026"; the raw value when it is not a date; "—" when missing. */
export function formatDate(iso: string | null): string {
  const date = parsed(iso)
  return date ? dateFormat.format(date) : (iso ?? '—')
}

export function formatDateTime(iso: string | null): string {
  const date = parsed(iso)
  return date ? dateTimeFormat.format(date) : (iso ?? '—')
}

export function sourceLabel(status: RegistryStatus): string {
  switch (status.source) {
    case 'bundled':
      return 'Bundled with TrueDial'
    case 'file':
      return 'Imported from a file'
    case 'url':
      return 'Downloaded from'
    default:
      return '—'
  }
}

const ATTEMPT_SOURCE: Record<UpdateAttempt['source'], string> = {
  file: 'file import',
  url: 'update check',
  restore: 'restore',
}

export function attemptKind(attempt: UpdateAttempt): string {
  return ATTEMPT_SOURCE[attempt.source] ?? attempt.source
}

/** "1 country" / "39 countries". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
