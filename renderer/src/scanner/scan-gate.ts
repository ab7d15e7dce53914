/**
 * One gate for every scan source: the same code again within `windowMs` (2 s) is ignored, because
 * some scanners send a code twice and a camera sees a held-up badge in every frame. The window runs
 * from the last time the code was seen, so a badge held in front of the camera scans once.
 */
export class ScanGate {
  private lastCode: string | null = null;
  private lastSeen = -Infinity;

  constructor(private readonly windowMs = 2000) {}

  /** True when `code` seen at `now` (ms) is a new scan. */
  accept(code: string, now: number): boolean {
    const repeat = code === this.lastCode && now - this.lastSeen < this.windowMs;
    this.lastCode = code;
    this.lastSeen = now;
    return !repeat;
  }
}
