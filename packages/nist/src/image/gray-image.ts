/** An 8-bit grayscale raster, row-major, 0 = black. `ppi` is the scanning resolution in pixels per inch. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly pixels: Uint8Array;
}
