import { VERDICT_WORDS, type BadgeVerdict } from '../../core/verdict-words'
import { t } from '../shared/i18n'

export function VerdictLabel({ verdict }: { verdict: BadgeVerdict }) {
  const { icon, label } = VERDICT_WORDS[verdict]
  return (
    <span class={`verdict verdict-${verdict}`}>
      <span aria-hidden="true">{icon}</span> {t(label)}
    </span>
  )
}
