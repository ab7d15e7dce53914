/**
 * USB keyboard-wedge scanners: a scanner "types" the code very fast and ends with Enter. The wedge
 * listens to key events wherever the focus is (window, capture phase), except in text fields the
 * user types into, and tells a scanner's burst from a person typing by key timing: every gap
 * within `maxGapMs`. A configured prefix marks a scan whatever the timing; a configured suffix ends
 * one without waiting for Enter (both are stripped). While a burst is in progress its keys are
 * swallowed, so the spaces and symbols of an AR2 code (`AR2:` + base45: 0-9 A-Z space $ % * + - . / :)
 * never press a focused button, and its Enter never submits anything.
 *
 * The class is pure (no DOM): `key()` takes what a KeyboardEvent says and answers whether to
 * swallow it; `attachWedge` wires it to a window.
 */

export interface WedgeOptions {
  /** Longest gap between two keys of one scan; people type slower (default 40 ms). */
  maxGapMs?: number;
  /** Shortest code a burst may be (default 4): fewer fast keys are a person. */
  minLength?: number;
  prefix?: string;
  suffix?: string;
}

export interface WedgeKey {
  key: string;
  /** Milliseconds, any monotonic origin (event.timeStamp). */
  at: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The focus is in a text field the user types into: leave the key alone. */
  inTextField?: boolean;
}

export class WedgeScanner {
  private buffer = '';
  private startedAt = 0;
  private lastAt = -Infinity;
  private slowGap = false;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private prefix: string;
  private suffix: string;

  constructor(
    private readonly onScan: (code: string) => void,
    options: WedgeOptions = {},
  ) {
    this.maxGapMs = options.maxGapMs ?? 40;
    this.minLength = options.minLength ?? 4;
    this.prefix = options.prefix ?? '';
    this.suffix = options.suffix ?? '';
  }

  configure(options: { prefix?: string; suffix?: string }): void {
    if (options.prefix !== undefined) this.prefix = options.prefix;
    if (options.suffix !== undefined) this.suffix = options.suffix;
  }

  /** Whether a scan burst is in progress at `at` (its keys are being swallowed). */
  inBurst(at: number): boolean {
    return this.buffer.length > 0 && at - this.lastAt <= this.maxGapMs && !this.slowGap;
  }

  /** Feeds one keydown; returns true when the event must be swallowed (preventDefault). */
  key(event: WedgeKey): boolean {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      this.reset();
      return false;
    }
    if (event.inTextField && !this.inBurst(event.at)) {
      this.reset();
      return false;
    }
    const gap = event.at - this.lastAt;
    if (event.key === 'Enter') {
      const swallow = this.buffer.length > 0 && gap <= this.maxGapMs * 4 && this.finish();
      this.reset();
      return swallow;
    }
    if (event.key.length !== 1) {
      // Shift, CapsLock and the like arrive inside a burst (upper-case letters); they do not break it.
      return modifierOnly.has(event.key) && this.inBurst(event.at);
    }
    if (this.buffer.length > 0 && gap > this.maxGapMs && !this.startsWithPrefix()) {
      this.reset();
    }
    if (this.buffer.length === 0) this.startedAt = event.at;
    else if (gap > this.maxGapMs) this.slowGap = true;
    this.buffer += event.key;
    this.lastAt = event.at;
    if (this.suffix && this.buffer.endsWith(this.suffix) && this.isScan()) {
      const done = this.finish();
      this.reset();
      return done;
    }
    // The first key of a burst cannot be told from a person's yet; a lone space still presses a
    // focused button, but a space inside a burst (AR2 codes hold spaces) never does.
    return this.buffer.length > 1 && this.isScan();
  }

  private startsWithPrefix(): boolean {
    return this.prefix !== '' && this.buffer.startsWith(this.prefix);
  }

  private isScan(): boolean {
    if (this.startsWithPrefix()) return true;
    return !this.slowGap;
  }

  private finish(): boolean {
    if (!this.isScan()) return false;
    let code = this.buffer;
    if (this.startsWithPrefix()) code = code.slice(this.prefix.length);
    else if (this.prefix !== '' && !this.fastEnough()) return false;
    if (this.suffix && code.endsWith(this.suffix)) code = code.slice(0, -this.suffix.length);
    if (code.length < this.minLength) return false;
    this.emit(code);
    return true;
  }

  private fastEnough(): boolean {
    return !this.slowGap && this.buffer.length >= this.minLength && this.lastAt - this.startedAt <= this.maxGapMs * this.buffer.length;
  }

  private emit(code: string): void {
    const trimmed = code.trim();
    if (trimmed) this.onScan(trimmed);
  }

  private reset(): void {
    this.buffer = '';
    this.slowGap = false;
  }
}

const modifierOnly = new Set(['Shift', 'CapsLock']);

/** Text fields a person types into; buttons, checkboxes and the page itself are not. */
export function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  if (element.tagName === 'TEXTAREA') return true;
  if (element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
}

/**
 * Listens on `target` (the window) in the capture phase, before any button sees the key. Swallowed
 * keydowns also swallow their keyup (a button is pressed by Space's keyup). Returns the detach.
 */
export function attachWedge(target: Window, scanner: WedgeScanner): () => void {
  const swallowedUp = new Set<string>();
  const down = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    const swallow = scanner.key({
      key: event.key,
      at: event.timeStamp,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      inTextField: isTextField(event.target),
    });
    if (swallow) {
      event.preventDefault();
      event.stopPropagation();
      swallowedUp.add(event.code || event.key);
    }
  };
  const up = (event: KeyboardEvent) => {
    if (swallowedUp.delete(event.code || event.key)) {
      event.preventDefault();
      event.stopPropagation();
    }
  };
  target.addEventListener('keydown', down, true);
  target.addEventListener('keyup', up, true);
  return () => {
    target.removeEventListener('keydown', down, true);
    target.removeEventListener('keyup', up, true);
  };
}
