/**
 * One gate for every scan source: the same code again within `windowMs` (2 s) is ignored, because
 * some scanners send a code twice and a camera sees a held-up badge in every frame. The window runs
 * from the last time the code was seen, so a badge held in front of the camera scans once.
 */
export class ScanGate {
  private lastCode: string | null = null;
  private lastSeen = -Infinity;
  private acceptedAt = -Infinity;

  constructor(private readonly windowMs = 2000) {}

  /**
   * True when `code` seen at `now` (ms) is a new scan. `holdMs` also ignores the same code for that
   * long after it was taken: a camera that misses a held-up badge in a few frames on a busy machine
   * must not turn its "admitted" into "already in" while the verdict is still shown.
   */
  accept(code: string, now: number, holdMs = 0): boolean {
    const same = code === this.lastCode;
    const repeat = same && (now - this.lastSeen < this.windowMs || now - this.acceptedAt < holdMs);
    this.lastCode = code;
    this.lastSeen = now;
    if (!repeat) this.acceptedAt = now;
    return !repeat;
  }
}
