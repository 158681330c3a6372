/**
 * Thins a binary map to a one-pixel, 8-connected skeleton. Zhang–Suen sub-iterations decide from
 * 256-entry lookup tables; a final pass deletes the corner pixels of staircases, which Zhang–Suen leaves
 * and which would otherwise look like three-way junctions.
 *
 * Neighbour bits: 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW. `binary` holds 0 or 1 per pixel.
 */
export function thin(binary: Uint8Array, width: number, height: number, maxIterations: number): Uint8Array {
  const stride = width + 2;
  // Rounded up to whole 32-bit words so that the raster scans can skip four background pixels at once.
  const image = new Uint8Array((stride * (height + 2) + 3) & ~3);
  const words = new Uint32Array(image.buffer, 0, image.length >> 2);
  for (let y = 0; y < height; y++)
    image.set(binary.subarray(y * width, (y + 1) * width), (y + 1) * stride + 1);
  // Pixels are 0 or 1, so multiplying a word by 0x01010101 sums its four bytes into the top byte.
  let ones = 0;
  for (let w = 0; w < words.length; w++) ones += Math.imul(words[w]!, 0x01010101) >>> 24;
  // Only pixels on the boundary can be deleted, so only they are examined: the list starts with the
  // boundary and grows by the pixels each deletion exposes. A pixel's verdict under one sub-iteration's
  // table depends on its eight neighbours alone, so a pixel that a table kept needs no second look from
  // that table until a neighbour is deleted. Each table therefore has its own queue of pixels to
  // (re)examine, and a deletion queues its neighbours for both: the deletions are exactly those of
  // examining every listed pixel every time, at a fraction of the cost once the ridges are thin.
  const state = new Uint8Array(image.length);
  // One spare slot: the branch-free push below writes before it knows whether it keeps the entry.
  const queue0 = new Int32Array(ones + 1);
  const queue1 = new Int32Array(ones + 1);
  let length0 = 0;
  let length1 = 0;
  for (let w = 0; w < words.length; w++) {
    if (!words[w]) continue;
    for (let i = w << 2; i < (w + 1) << 2; i++) {
      // A pixel whose four edge neighbours are all set has at least seven neighbours, more than
      // Zhang–Suen ever deletes; it joins the list when a deletion exposes it.
      if (image[i] && !(image[i - 1]! & image[i + 1]! & image[i - stride]! & image[i + stride]!)) {
        state[i] = LISTED | IN_QUEUE_0 | IN_QUEUE_1;
        queue0[length0++] = i;
        queue1[length1++] = i;
      }
    }
  }
  const offsets = neighbourOffsets(stride);
  const marked = new Int32Array(ones);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false;
    for (let t = 0; t < 2; t++) {
      const table = ZHANG_SUEN[t]!;
      const queue = t === 0 ? queue0 : queue1;
      const length = t === 0 ? length0 : length1;
      const inQueue = t === 0 ? IN_QUEUE_0 : IN_QUEUE_1;
      let markedCount = 0;
      for (let c = 0; c < length; c++) {
        const i = queue[c]!;
        state[i]! &= ~inQueue;
        if (image[i] && table[codeAt(image, i, stride)]) marked[markedCount++] = i;
      }
      if (t === 0) length0 = 0;
      else length1 = 0;
      if (markedCount === 0) continue;
      changed = true;
      for (let m = 0; m < markedCount; m++) image[marked[m]!] = 0;
      // Most neighbours of a deleted pixel are background or already queued, in no predictable
      // pattern, so the pushes are branch-free: write, then advance only if the entry counts.
      for (let m = 0; m < markedCount; m++) {
        for (let k = 0; k < 8; k++) {
          const q = marked[m]! + offsets[k]!;
          const set = image[q]!;
          const flags = state[q]!;
          const fresh = (set * (IN_QUEUE_0 | IN_QUEUE_1)) & ~flags;
          queue0[length0] = q;
          length0 += fresh & IN_QUEUE_0;
          queue1[length1] = q;
          length1 += fresh >> 1;
          state[q] = flags | (set * (LISTED | IN_QUEUE_0 | IN_QUEUE_1));
        }
      }
    }
    if (!changed) break;
  }
  // Staircase deletion is sequential, so it runs in raster order to make the result depend on the
  // image alone.
  for (let w = 0; w < words.length; w++) {
    if (!words[w]) continue;
    for (let i = w << 2; i < (w + 1) << 2; i++) {
      if (image[i] && state[i]! & LISTED && STAIRCASE[codeAt(image, i, stride)]) image[i] = 0;
    }
  }
  const skeleton = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    skeleton.set(image.subarray((y + 1) * stride + 1, (y + 1) * stride + 1 + width), y * width);
  }
  return skeleton;
}

/** Per-pixel state bits of thinning: queued for sub-iteration 0, for sub-iteration 1, ever listed. */
const IN_QUEUE_0 = 1;
const IN_QUEUE_1 = 2;
const LISTED = 4;

/** The 8-neighbour code of pixel i of a zero-bordered binary image. */
function codeAt(image: Uint8Array, i: number, stride: number): number {
  const above = i - stride;
  const below = i + stride;
  return (
    image[above]! |
    (image[above + 1]! << 1) |
    (image[i + 1]! << 2) |
    (image[below + 1]! << 3) |
    (image[below]! << 4) |
    (image[below - 1]! << 5) |
    (image[i - 1]! << 6) |
    (image[above - 1]! << 7)
  );
}

export function neighbourOffsets(stride: number): Int32Array {
  return Int32Array.of(-stride, -stride + 1, 1, stride + 1, stride, stride - 1, -1, -stride - 1);
}

export function neighbourCode(image: Uint8Array, i: number, offsets: Int32Array): number {
  let code = 0;
  for (let k = 0; k < 8; k++) if (image[i + offsets[k]!]) code |= 1 << k;
  return code;
}

function bit(code: number, k: number): number {
  return (code >> k) & 1;
}

function buildZhangSuen(firstPass: boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let count = 0;
    let transitions = 0;
    for (let k = 0; k < 8; k++) {
      count += bit(code, k);
      if (!bit(code, k) && bit(code, (k + 1) % 8)) transitions++;
    }
    const [n, e, s, w] = [bit(code, 0), bit(code, 2), bit(code, 4), bit(code, 6)];
    const directional = firstPass ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0;
    table[code] = count >= 2 && count <= 6 && transitions === 1 && directional ? 1 : 0;
  }
  return table;
}

/** Number of 8-connected groups among the set neighbours (neighbours touch when they are grid-adjacent). */
export function neighbourGroups(code: number): number {
  const group = [0, 1, 2, 3, 4, 5, 6, 7];
  const find = (k: number): number => (group[k] === k ? k : find(group[k]!));
  for (let k = 0; k < 8; k++) {
    if (!bit(code, k)) continue;
    // Ring neighbours touch; an edge neighbour also touches the next edge neighbour (N and E meet at NE).
    const touching = k % 2 === 0 ? [(k + 1) % 8, (k + 2) % 8] : [(k + 1) % 8];
    for (const j of touching) if (bit(code, j)) group[find(j)] = find(k);
  }
  let groups = 0;
  for (let k = 0; k < 8; k++) if (bit(code, k) && find(k) === k) groups++;
  return groups;
}

function buildStaircase(): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let count = 0;
    for (let k = 0; k < 8; k++) count += bit(code, k);
    // Deleting a pixel whose neighbours form one group keeps the skeleton connected; requiring two
    // neighbours spares line ends.
    table[code] = count >= 2 && neighbourGroups(code) === 1 ? 1 : 0;
  }
  return table;
}

const ZHANG_SUEN = [buildZhangSuen(true), buildZhangSuen(false)] as const;
const STAIRCASE = buildStaircase();
