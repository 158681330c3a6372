import { describe, expect, it } from "vitest";
import { buildHuffmanTable, huffmanDecoder } from "../src/wsq/wsq-huffman.js";

/** Decodes one symbol from a bit string with the canonical limits, as the entropy decoder does. */
function decodeOne(bits: string, decoder: Exclude<ReturnType<typeof huffmanDecoder>, string>): number {
  let code = 0;
  for (let length = 1; length <= 16; length++) {
    code = (code << 1) | Number(bits[length - 1]);
    if (code <= decoder.maxCode[length]!)
      return decoder.values[decoder.valuePointer[length]! + code - decoder.minCode[length]!]!;
  }
  return -1;
}

describe("buildHuffmanTable", () => {
  it("limits skewed (Fibonacci) frequencies to 16-bit codes, never all ones, and stays decodable", () => {
    const frequencies = new Int32Array(256);
    let [a, b] = [1, 1];
    for (let symbol = 1; symbol <= 30; symbol++) {
      frequencies[symbol] = a;
      [a, b] = [b, a + b];
    }
    const { spec, encoder } = buildHuffmanTable(frequencies);
    expect(spec.values.length).toBe(30);
    let kraft = 0;
    for (let symbol = 1; symbol <= 30; symbol++) {
      const length = encoder.length[symbol]!;
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThanOrEqual(16);
      expect(encoder.code[symbol]).not.toBe((1 << length) - 1);
      kraft += 2 ** -length;
    }
    expect(kraft).toBeLessThan(1);
    const decoder = huffmanDecoder(spec);
    if (typeof decoder === "string") throw new Error(decoder);
    for (let symbol = 1; symbol <= 30; symbol++) {
      const bits = encoder.code[symbol]!.toString(2).padStart(encoder.length[symbol]!, "0");
      expect(decodeOne(bits, decoder)).toBe(symbol);
    }
  });

  it("gives a lone symbol a one-bit code", () => {
    const frequencies = new Int32Array(256);
    frequencies[180] = 500;
    const { spec, encoder } = buildHuffmanTable(frequencies);
    expect(Array.from(spec.values)).toEqual([180]);
    expect([encoder.code[180], encoder.length[180]]).toEqual([0, 1]);
  });

  it("refuses tables whose counts over-subscribe the code space", () => {
    const counts = new Uint8Array(16);
    counts[0] = 3;
    expect(huffmanDecoder({ counts, values: Uint8Array.of(1, 2, 3) })).toMatch(/over-subscribe/);
  });
});
