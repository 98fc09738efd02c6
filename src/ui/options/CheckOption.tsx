// A checkbox with its label and a hint under it (styles.css .check): the options page's on/off settings.

interface Props {
  id: string
  label: string
  hint: string
  checked: boolean
  disabled?: boolean
  /** A choice that depends on the one above it (indented). */
  nested?: boolean
  onChange: (checked: boolean) => void
}

export function CheckOption({ id, label, hint, checked, disabled = false, nested = false, onChange }: Props) {
  return (
    <div class={nested ? 'check nested' : 'check'}>
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.currentTarget.checked)} />
      <div>
        <label for={id}>{label}</label>
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      </div>
    </div>
  )
}
