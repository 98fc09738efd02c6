// How a registry action's result is shown: installed (ok), nothing to do (info), or refused.
import type { UpdateResult } from '../../messages'

export type Outcome = 'ok' | 'info' | 'refused'

export interface ActionMessage {
  outcome: Outcome
  text: string
}

export function messageFor(result: Pick<UpdateResult, 'ok' | 'unchanged' | 'message'>): ActionMessage {
  if (result.ok) return { outcome: 'ok', text: result.message }
  // "No change: you already have registry version 1." is not a failure; anything else is a refusal.
  return { outcome: result.unchanged ? 'info' : 'refused', text: result.message }
}

export const CALLOUT_CLASS: Record<Outcome, string> = {
  ok: 'callout callout-ok',
  info: 'callout callout-info',
  refused: 'callout callout-error',
}
