import { extract, pack } from "tar-stream";

/**
 * A backup's files and folders as a tar archive, written and read with tar-stream (ustar, with PAX
 * headers for names too long for it), so GNU tar and bsdtar list and extract a backup too. Gzip is the
 * caller's.
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

/** tar-stream's streams (streamx) yield Buffers; their types say `unknown`. */
async function collect(source: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) throw new TarError(`tar-stream gave a ${typeof chunk}, not bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Every file and directory entry; links, devices and sockets are refused, names are normalised. */
export async function readTar(archive: Uint8Array): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const reader = extract();
  reader.end(archive);
  try {
    for await (const entry of reader) {
      const { name: raw, type, mode } = entry.header;
      const data = await collect(entry);
      const name = raw.replace(/^\/+/, "").replace(/\/+$/, "");
      if (name === "" || name === ".") continue;
      if (name.split("/").some((part) => part === ".." || part === ""))
        throw new TarError(`tar entry ${JSON.stringify(raw)} leaves its folder`);
      if (type === "directory") entries.push({ name, type, mode, data: new Uint8Array() });
      else if (type === "file") entries.push({ name, type, mode, data });
      else throw new TarError(`tar entry ${name} is of type ${type}: only files and folders are read`);
    }
  } catch (error) {
    reader.destroy();
    if (error instanceof TarError) throw error;
    throw new TarError(
      `not a readable tar archive: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return entries;
}

/** The archive of `entries`, in their order, every entry dated `mtime` (ms) and owned by uid/gid 0. */
export async function writeTar(entries: readonly TarEntry[], mtime = 0): Promise<Uint8Array> {
  const writer = pack();
  const written = collect(writer);
  for (const entry of entries) {
    const header = { name: entry.name, mode: entry.mode & 0o7777, mtime: new Date(mtime), uid: 0, gid: 0 };
    // A folder's name ends in "/", as GNU tar writes and lists it.
    if (entry.type === "directory") writer.entry({ ...header, name: `${entry.name}/`, type: "directory" });
    else writer.entry({ ...header, type: "file", size: entry.data.length }, entry.data);
  }
  writer.finalize();
  return written;
}
