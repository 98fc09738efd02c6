// Short, human wording for registry status values, in the browser's language.
import type { RegistryStatus, UpdateAttempt } from '../../messages'
import { locale, t } from '../shared/i18n'

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })

function parsed(iso: string | null): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "Nov 25, 2026" / "2026年11月25日"; the raw value when it is not a date; "—" when missing. */
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
      return t('optionsSourceBundled')
    case 'file':
      return t('optionsSourceFile')
    case 'url':
      return t('optionsSourceUrl')
    default:
      return '—'
  }
}

/** Message keys: "(file import)", in brackets as the language writes them. */
const ATTEMPT_SOURCE: Record<UpdateAttempt['source'], string> = {
  file: 'optionsAttemptFile',
  url: 'optionsAttemptUrl',
  restore: 'optionsAttemptRestore',
}

export function attemptKind(attempt: UpdateAttempt): string {
  const key = ATTEMPT_SOURCE[attempt.source]
  return key ? t(key) : `(${attempt.source})`
}
