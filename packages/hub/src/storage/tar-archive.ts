/**
 * The ustar subset a backup needs: regular files and directories, names up to 255 bytes (prefix + name).
 * Pure functions over bytes; gzip is the caller's.
 */
export interface TarEntry {
  /** Relative path, `/`-separated, no leading `/`; a directory's ends without `/`. */
  readonly name: string;
  readonly type: "file" | "directory";
  readonly mode: number;
  readonly data: Uint8Array;
}

export class TarError extends Error {
  override name = "TarError";
}

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function field(header: Uint8Array, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(header: Uint8Array, offset: number, length: number, what: string, at: number): number {
  const text = field(header, offset, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`tar entry at byte ${at}: ${what} "${text}" is not octal`);
  return Number.parseInt(text, 8);
}

/** Every file and directory entry; links, devices and sockets are refused, names are normalised. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12, "size", offset);
    const mode = octal(header, 100, 8, "mode", offset);
    const flag = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const raw = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const name = raw.replace(/^\/+/, "").replace(/\/+$/, "");
    const start = offset + BLOCK;
    if (start + size > archive.length)
      throw new TarError(`tar entry ${name} runs past the end of the archive`);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (name === "" || name === ".") continue;
    if (name.split("/").some((part) => part === ".." || part === ""))
      throw new TarError(`tar entry ${JSON.stringify(raw)} leaves its folder`);
    if (flag === "5") entries.push({ name, type: "directory", mode, data: new Uint8Array() });
    else if (flag === "0" || flag === "\0")
      entries.push({ name, type: "file", mode, data: archive.slice(start, start + size) });
    else
      throw new TarError(
        `tar entry ${name} is of type ${JSON.stringify(flag)}: only files and folders are read`,
      );
  }
  return entries;
}

function put(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new TarError(`tar field "${text}" is longer than ${length} bytes`);
  header.set(bytes, offset);
}

function putOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  put(header, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

function splitName(name: string): { prefix: string; base: string } {
  if (encoder.encode(name).length <= 100) return { prefix: "", base: name };
  const cut = name.lastIndexOf("/", 155);
  if (cut <= 0 || encoder.encode(name.slice(cut + 1)).length > 100)
    throw new TarError(`tar name ${name} is too long for ustar`);
  return { prefix: name.slice(0, cut), base: name.slice(cut + 1) };
}

export function writeTar(entries: readonly TarEntry[], mtime = 0): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const header = new Uint8Array(BLOCK);
    const { prefix, base } = splitName(entry.type === "directory" ? `${entry.name}/` : entry.name);
    put(header, 0, 100, base);
    putOctal(header, 100, 8, entry.mode & 0o7777);
    putOctal(header, 108, 8, 0);
    putOctal(header, 116, 8, 0);
    putOctal(header, 124, 12, entry.type === "file" ? entry.data.length : 0);
    putOctal(header, 136, 12, Math.floor(mtime / 1000));
    header.fill(0x20, 148, 156);
    header[156] = (entry.type === "directory" ? "5" : "0").charCodeAt(0);
    put(header, 257, 6, "ustar\0");
    put(header, 263, 2, "00");
    put(header, 345, 155, prefix);
    const checksum = header.reduce((sum, byte) => sum + byte, 0);
    put(header, 148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header);
    if (entry.type === "file") {
      blocks.push(entry.data);
      const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
      if (pad > 0) blocks.push(new Uint8Array(pad));
    }
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}
