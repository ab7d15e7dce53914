export function imageToY4m(
  image: string,
  out: string,
  options?: { width?: number; height?: number; fps?: number; blankSeconds?: number; codeSeconds?: number; enlarge?: boolean },
): string;
export function fakeCameraArgs(y4m: string): string[];
