/**
 * Colours on screens the event chooses (the self-service attract screen in the event's accent):
 * text on them is black or white, whichever contrasts more by WCAG 2's relative luminance. One of
 * the two always reaches at least 4.58:1, so any accent keeps normal text at AA (4.5:1).
 */

/** The app's own accent, for an event without one. */
export const defaultAccent = '#1b2b4a';

const hex = /^#[0-9a-fA-F]{6}$/;

/** The colour if it is "#rrggbb", else the app's default accent. */
export function accentOrDefault(color: string | null | undefined): string {
  return color && hex.test(color) ? color : defaultAccent;
}

/** WCAG 2 relative luminance of "#rrggbb", 0 (black) to 1 (white). */
export function relativeLuminance(color: string): number {
  if (!hex.test(color)) throw new Error(`not a #rrggbb colour: ${color}`);
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two "#rrggbb" colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white text on `background`, whichever contrasts more. */
export function inkOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}
