/**
 * Constants of the WSQ codec (FBI WSQ Gray-scale Fingerprint Image Compression Specification v3.1),
 * with the encoder's tuning values as NIST NBIS cwsq uses them, so files and quality match the
 * reference encoder.
 */

export const MARKER = {
  SOI: 0xffa0,
  EOI: 0xffa1,
  SOF: 0xffa2,
  SOB: 0xffa3,
  DTT: 0xffa4,
  DQT: 0xffa5,
  DHT: 0xffa6,
  DRT: 0xffa7,
  COM: 0xffa8,
} as const;

/** Explicit limits the decoder and encoder enforce; nothing larger is allocated. */
export const WSQ_LIMITS = {
  /** Largest width or height accepted (the frame header could say 65535). */
  maxDimension: 16384,
  /** Largest width x height: a 1000 ppi palm is about 5500 x 8000; decoding needs ~11 bytes a pixel. */
  maxPixels: 50_000_000,
  /**
   * Smallest width or height: below 65 some line of the 5-level decomposition is shorter than the
   * symmetric extension of the 9/7 filters needs (NBIS cwsq itself refuses images under 256).
   */
  minDimension: 65,
  /** Longest filter accepted in a transform table (the standard bank is 9/7). */
  maxFilterTaps: 32,
  /** Huffman tables per stream (table ids 0..7). */
  maxHuffmanTables: 8,
  /** Values one Huffman table may define. */
  maxHuffmanValues: 256,
  /** Longest Huffman code in bits. */
  maxCodeLength: 16,
} as const;

/** The ppi reported when a stream carries no NISTCOM PPI (or says -1): WSQ is specified for 500 ppi. */
export const DEFAULT_WSQ_PPI = 500;

export const DEFAULT_BITRATE = 0.75;

/** The wavelet tree has 20 nodes; the quantisation tree 64 subbands of which 60 carry data. */
export const WAVELET_NODES = 20;
export const MAX_SUBBANDS = 64;
export const NUM_SUBBANDS = 60;
/** First subband of the second and third entropy-coded blocks. */
export const START_SUBBAND_2 = 19;
export const START_SUBBAND_3 = 52;
/** Subband size regions used for the bit allocation weights (1/1024, 1/256, 1/16 of the image). */
export const START_SIZE_REGION_2 = 4;
export const START_SIZE_REGION_3 = 51;

/** The 9/7 CDF analysis filters as NBIS stores them (single precision). */
export const HIGH_PASS_FILTER = Float32Array.of(
  0.06453888262893845,
  -0.04068941760955844,
  -0.41809227322221221,
  0.78848561640566439,
  -0.41809227322221221,
  -0.04068941760955844,
  0.06453888262893845,
);
export const LOW_PASS_FILTER = Float32Array.of(
  0.03782845550699546,
  -0.02384946501938,
  -0.11062440441842342,
  0.3774028556126538,
  0.85269867900940344,
  0.3774028556126538,
  -0.11062440441842342,
  -0.02384946501938,
  0.03782845550699546,
);

/** Subbands whose variance is below this are not coded at all. */
export const VARIANCE_THRESHOLD = 1.01;
/** When the sum of the four lowest subband variances is below this, whole subbands are measured. */
export const LOW_VARIANCE_SUM = 20000;
/** Per-subband weights of the bit allocation for subbands 52..59 (all others 1). */
export const SUBBAND_WEIGHTS_52_59 = [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08] as const;
/** Zero bin width relative to the bin width. */
export const ZERO_BIN_RATIO = 1.2;
/** Quantiser bin centre written to the DQT segment: 44 / 10^2. */
export const BIN_CENTER = { value: 44, scale: 2 } as const;

/** Huffman symbol alphabet: 1..100 zero runs, 101..106 escapes, 107..254 coefficients -73..74. */
export const MAX_COEFFICIENT = 74;
export const MAX_ZERO_RUN = 100;
export const COEFFICIENT_SYMBOL_OFFSET = 180;
export const SYMBOL = {
  POSITIVE_8: 101,
  NEGATIVE_8: 102,
  POSITIVE_16: 103,
  NEGATIVE_16: 104,
  ZERO_RUN_8: 105,
  ZERO_RUN_16: 106,
} as const;

/** Frame header fields cwsq writes: black 0, white 255, encoder number 2, software 0. */
export const FRAME_BLACK = 0;
export const FRAME_WHITE = 255;
export const FRAME_ENCODER = 2;
