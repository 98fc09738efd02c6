import type { BadgeVerdict } from '../../messages'
import { t } from '../shared/i18n'
import { VERDICT_WORDS } from './verdict-words'

export function VerdictLabel({ verdict }: { verdict: BadgeVerdict }) {
  const { icon, label } = VERDICT_WORDS[verdict]
  return (
    <span class={`verdict verdict-${verdict}`}>
      <span aria-hidden="true">{icon}</span> {t(label)}
    </span>
  )
}
