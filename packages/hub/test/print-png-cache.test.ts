import { describe, expect, it } from "vitest";
import { PrintPngCache } from "../src/services/print-png-cache.js";

describe("PrintPngCache", () => {
  it("renders a key once and hands the same bytes to every later caller", async () => {
    const cache = new PrintPngCache(4);
    let renders = 0;
    const render = () => {
      renders++;
      return new Uint8Array([renders]);
    };
    const [a, b] = await Promise.all([cache.png("k", render), cache.png("k", render)]);
    expect(await cache.png("k", render)).toBe(a);
    expect(b).toBe(a);
    expect(renders).toBe(1);
  });

  it("lets go of the least recently used rendering beyond its limit", async () => {
    const cache = new PrintPngCache(2);
    const renders: string[] = [];
    const render = (key: string) => () => {
      renders.push(key);
      return new Uint8Array();
    };
    await cache.png("a", render("a"));
    await cache.png("b", render("b"));
    await cache.png("a", render("a")); // a is now the most recent
    await cache.png("c", render("c")); // b goes
    await cache.png("a", render("a"));
    await cache.png("b", render("b"));
    expect(renders).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps no failed rendering: the next caller renders again", async () => {
    const cache = new PrintPngCache(2);
    await expect(
      cache.png("k", () => {
        throw new Error("corrupt WSQ");
      }),
    ).rejects.toThrow("corrupt WSQ");
    expect(await cache.png("k", () => new Uint8Array([7]))).toEqual(new Uint8Array([7]));
  });
});
