// Reads a registry file picked or dropped by the user, refusing big ones before reading them.
import { MAX_REGISTRY_BYTES } from '../../core/registry-schema'
import { locale, t } from '../shared/i18n'

export type FileReadResult = { ok: true; text: string } | { ok: false; message: string }

const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })

function megabytes(bytes: number): string {
  return t('optionsMegabytes', [oneDecimal.format(bytes / 1_048_576)])
}

export async function readRegistryFile(file: File): Promise<FileReadResult> {
  if (file.size > MAX_REGISTRY_BYTES) {
    return { ok: false, message: t('optionsFileTooBig', [file.name, megabytes(file.size)]) }
  }
  try {
    return { ok: true, text: await file.text() }
  } catch (error) {
    return { ok: false, message: t('optionsFileUnreadable', [file.name, (error as Error).message]) }
  }
}
