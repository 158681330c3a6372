/**
 * `@tenprint/nist/image`: decoding and encoding image files (PNG, JPEG, TIFF, BMP, PGM, raw gray). Node
 * only: PNG uses node:zlib and the decoders hand Buffers to their libraries. The root entry stays
 * browser-safe without it.
 *
 * @module @tenprint/nist/image
 */
export { type DecodeImageOptions, decodeImage, sniffImageFormat } from "./decode-image.js";
export type { GrayImage } from "./gray-image.js";
export { ImageError, type ImageFormat } from "./image-error.js";
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from "./image-limits.js";
export { encodePgm } from "./pgm-image.js";
export { encodePng } from "./png-image.js";
