// Reads a registry file picked or dropped by the user, refusing big ones before reading them.
import { MAX_REGISTRY_BYTES } from '../../core/registry-schema'

export type FileReadResult = { ok: true; text: string } | { ok: false; message: string }

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`
}

export async function readRegistryFile(file: File): Promise<FileReadResult> {
  if (file.size > MAX_REGISTRY_BYTES) {
    return { ok: false, message: `Refused: “${file.name}” is ${megabytes(file.size)}; a registry file is at most 1 MB.` }
  }
  try {
    return { ok: true, text: await file.text() }
  } catch (error) {
    return { ok: false, message: `Could not read “${file.name}” (${(error as Error).message}).` }
  }
}
