/**
 * The verdict's sound, made with Web Audio (no files): one high beep to admit, two for "check",
 * a low buzz to refuse, a soft tone for an exit. A kiosk without audio stays silent.
 */
import type { Tone } from './verdict-style';

let context: AudioContext | undefined;

const patterns: Record<Tone, Array<{ hz: number; ms: number; type: OscillatorType }>> = {
  admit: [{ hz: 1320, ms: 120, type: 'sine' }],
  attention: [{ hz: 990, ms: 110, type: 'square' }, { hz: 990, ms: 110, type: 'square' }],
  refuse: [{ hz: 220, ms: 380, type: 'sawtooth' }],
  exit: [{ hz: 660, ms: 120, type: 'sine' }],
};

export function playTone(tone: Tone): void {
  try {
    context ??= new AudioContext();
    let at = context.currentTime;
    for (const { hz, ms, type } of patterns[tone]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = type;
      osc.frequency.value = hz;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(context.destination);
      osc.start(at);
      osc.stop(at + ms / 1000);
      at += ms / 1000 + 0.06;
    }
  } catch {
    // no audio on this machine: the panel still shows colour, icon and word
  }
}
