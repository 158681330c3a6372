export type ImageFormat = "png" | "jpeg" | "tiff" | "bmp" | "pgm" | "raw" | "wsq";

/** An image that cannot be read or written; says which format and what is wrong. */
export class ImageError extends Error {
  override readonly name = "ImageError";
  readonly format: ImageFormat | "unknown";

  constructor(format: ImageFormat | "unknown", reason: string, options?: { cause?: unknown }) {
    super(`${format === "unknown" ? "image" : format.toUpperCase()}: ${reason}`, options);
    this.format = format;
  }
}
