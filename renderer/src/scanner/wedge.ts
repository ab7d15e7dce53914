/**
 * USB keyboard-wedge scanners: a scanner "types" the code very fast and ends with Enter. The wedge
 * listens to key events wherever the focus is (window, capture phase), except in text fields the
 * user types into, and tells a scanner's burst from a person typing by key timing: a median gap
 * within `maxMedianGapMs`, with no pause over `maxPauseMs`. A configured prefix marks a scan whatever the timing; a configured suffix ends
 * one without waiting for Enter (both are stripped). While a burst is in progress its keys are
 * swallowed, so the spaces and symbols of an AR2 code (`AR2:` + base45: 0-9 A-Z space $ % * + - . / :)
 * never press a focused button, and its Enter never submits anything.
 *
 * The class is pure (no DOM): `key()` takes what a KeyboardEvent says and answers whether to
 * swallow it; `attachWedge` wires it to a window.
 */

export interface WedgeOptions {
  /**
   * A scan's keys come at most this far apart, as the median gap (default 40 ms). Scanners send a
   * key every 2–20 ms; people take 100 ms or more even when fast. The median, not every gap, is
   * compared, so a few late keys (a busy USB hub or machine) do not split a scan.
   */
  maxMedianGapMs?: number;
  /**
   * A gap longer than `maxMedianGapMs` after keys that were not fast starts a new burst (they were a
   * person); inside a fast burst, or within its first four keys, it is a hiccup. A pause longer than `maxPauseMs` (default 1 s)
   * always starts a new burst.
   */
  maxPauseMs?: number;
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
  /**
   * The focus is in a field a scanner may type into too (the PIN field, the search box, marked
   * `data-scan-field`): its keys reach the field as typed, but a burst that ends in Enter (or the
   * suffix) is a scan: it is read, and its Enter is swallowed, so the field never submits it.
   */
  inScanField?: boolean;
}

export class WedgeScanner {
  private buffer = '';
  private keys = 0;
  private gaps: number[] = [];
  private lastAt = -Infinity;
  private readonly maxMedianGapMs: number;
  private readonly maxPauseMs: number;
  private readonly minLength: number;
  private prefix: string;
  private suffix: string;

  constructor(
    private readonly onScan: (code: string) => void,
    options: WedgeOptions = {},
  ) {
    this.maxMedianGapMs = options.maxMedianGapMs ?? 40;
    this.maxPauseMs = options.maxPauseMs ?? 1000;
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
    return this.keys > 1 && at - this.lastAt <= this.maxPauseMs && this.isScan();
  }

  /** Feeds one keydown; returns true when the event must be swallowed (preventDefault). */
  key(event: WedgeKey): boolean {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      this.reset();
      return false;
    }
    const field = event.inScanField === true;
    if (event.inTextField && !field && !this.inBurst(event.at)) {
      this.reset();
      return false;
    }
    const gap = event.at - this.lastAt;
    if (event.key === 'Enter') {
      const swallow = this.keys > 0 && gap <= this.maxPauseMs && this.finish();
      this.reset();
      return swallow;
    }
    if (event.key.length !== 1) {
      // Shift, CapsLock and the like arrive inside a burst (upper-case letters); they do not break it.
      return !field && modifierOnly.has(event.key) && this.inBurst(event.at);
    }
    // A long pause, or a slow gap after at least four keys that were slow themselves (a person),
    // starts afresh; a slow gap inside a fast burst, or among its first keys, is a hiccup of a busy
    // machine (a person's stray key or two just before a scan then ends up in front of the code,
    // which is refused as unknown, and the steward scans again).
    const slowSoFar = this.gaps.length >= 3 && !this.fast();
    if (this.keys > 0 && !this.startsWithPrefix() && (gap > this.maxPauseMs || (gap > this.maxMedianGapMs && slowSoFar))) this.reset();
    if (this.keys > 0) this.gaps.push(gap);
    this.buffer += event.key;
    this.keys += 1;
    this.lastAt = event.at;
    if (this.suffix && this.buffer.endsWith(this.suffix) && this.isScan()) {
      const done = this.finish();
      this.reset();
      return done;
    }
    // The first key of a burst cannot be told from a person's yet; a lone space still presses a
    // focused button, but a space inside a burst (AR2 codes hold spaces) never does. In a scan
    // field every key reaches the field (a person typing fast loses no letter); only the Enter decides.
    return !field && this.keys > 1 && this.isScan();
  }

  private startsWithPrefix(): boolean {
    return this.prefix !== '' && this.buffer.startsWith(this.prefix);
  }

  private fast(): boolean {
    if (this.gaps.length === 0) return false;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)]! <= this.maxMedianGapMs;
  }

  private isScan(): boolean {
    return this.startsWithPrefix() || this.fast();
  }

  private finish(): boolean {
    if (!this.isScan()) return false;
    let code = this.buffer;
    if (this.startsWithPrefix()) code = code.slice(this.prefix.length);
    if (this.suffix && code.endsWith(this.suffix)) code = code.slice(0, -this.suffix.length);
    if (code.length < this.minLength) return false;
    this.emit(code);
    return true;
  }

  private emit(code: string): void {
    const trimmed = code.trim();
    if (trimmed) this.onScan(trimmed);
  }

  private reset(): void {
    this.buffer = '';
    this.keys = 0;
    this.gaps = [];
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

/** A field marked `data-scan-field`: a person types into it, and a scanner's burst there is a scan. */
export function isScanField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && typeof element.hasAttribute === 'function' && element.hasAttribute('data-scan-field');
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
      inScanField: isScanField(event.target),
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
