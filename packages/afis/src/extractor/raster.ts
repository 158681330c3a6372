/** A float raster, row-major; the working image type inside the extractor. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}
