// Import a signed registry file: a file picker, or drop the file onto the zone.
import { useState } from 'preact/hooks'
import { t } from '../shared/i18n'

interface Props {
  onFile: (file: File) => void
  disabled: boolean
}

export function ImportDropZone({ onFile, disabled }: Props) {
  const [dragging, setDragging] = useState(false)
  const [note, setNote] = useState<string | null>(null)

  function take(files: FileList | null | undefined): void {
    if (!files || files.length === 0) return
    if (files.length > 1) {
      setNote(t('optionsDropOneFile'))
      return
    }
    setNote(null)
    onFile(files[0]!)
  }

  return (
    <div
      class="drop-zone"
      data-dragging={dragging ? 'true' : 'false'}
      onDragOver={(e) => {
        e.preventDefault()
        if (e.dataTransfer) e.dataTransfer.dropEffect = disabled ? 'none' : 'copy'
        setDragging(true)
      }}
      onDragLeave={(e) => {
        // Moving over a child fires dragleave on the zone too; only leaving the zone counts.
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setDragging(false)
      }}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        if (!disabled) take(e.dataTransfer?.files)
      }}
    >
      <input
        id="registry-file"
        class="visually-hidden"
        type="file"
        accept=".json,application/json"
        disabled={disabled}
        aria-describedby="registry-file-hint"
        onChange={(e) => {
          const input = e.currentTarget
          take(input.files)
          // Picking the same file again must fire another change event.
          input.value = ''
        }}
      />
      <label for="registry-file" class="button">
        {t('optionsChooseFile')}
      </label>
      <p id="registry-file-hint" class="hint">
        {t('optionsDropHint')}
      </p>
      {note && <p class="inline-message" data-outcome="refused">{note}</p>}
    </div>
  )
}
