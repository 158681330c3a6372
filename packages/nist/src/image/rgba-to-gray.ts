/**
 * Converts interleaved colour samples to 8-bit gray with the ITU-R BT.601 luma weights, in integer
 * arithmetic; gray inputs (R = G = B) come out unchanged.
 */
export function interleavedToGray(
  samples: ArrayLike<number>,
  pixelCount: number,
  channels: number,
  order: "rgb" | "bgr" = "rgb",
): Uint8Array {
  const gray = new Uint8Array(pixelCount);
  const redOffset = order === "rgb" ? 0 : 2;
  const blueOffset = 2 - redOffset;
  for (let i = 0, s = 0; i < pixelCount; i++, s += channels) {
    const red = samples[s + redOffset]!;
    const green = samples[s + 1]!;
    const blue = samples[s + blueOffset]!;
    gray[i] = (red * 299 + green * 587 + blue * 114 + 500) / 1000;
  }
  return gray;
}
