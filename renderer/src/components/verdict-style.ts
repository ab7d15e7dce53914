/**
 * How each verdict looks and sounds: never colour alone, every verdict also has an icon and a word.
 * green admitted, amber needs_attention, red every refusal, blue exit.
 */
import type { Verdict } from '../../../common/domain/checkin';

export type Tone = 'admit' | 'attention' | 'refuse' | 'exit';

export function toneOf(verdict: Verdict): Tone {
  if (verdict === 'admitted') return 'admit';
  if (verdict === 'needs_attention') return 'attention';
  if (verdict === 'exited') return 'exit';
  return 'refuse';
}

/** Drawn as text (no image files): a check, a warning sign, a cross, an arrow out. */
export const toneIcon: Record<Tone, string> = { admit: '✓', attention: '!', refuse: '✕', exit: '→' };
