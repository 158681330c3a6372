import { MAX_SUBBANDS, WAVELET_NODES } from "./wsq-parameters.js";

/** One node of the wavelet decomposition: the region it splits and whether its halves are swapped. */
export interface WaveletNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Rows are split high-pass first (spectral inversion). */
  invertRows: boolean;
  /** Columns are split high-pass first. */
  invertColumns: boolean;
}

/** One quantisation subband: a rectangle of wavelet coefficients. */
export interface Subband {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WsqTrees {
  readonly wavelet: readonly WaveletNode[];
  readonly subbands: readonly Subband[];
}

const INVERTED_ROWS = new Set([2, 4, 7, 9, 11, 13, 16, 18]);
const INVERTED_COLUMNS = new Set([3, 5, 8, 9, 12, 13, 17, 18]);

/**
 * The fixed WSQ decomposition geometry for an image size: 20 wavelet splits and 64 subbands
 * (the layout of the specification's figure, laid out the way NBIS build_wsq_trees does).
 */
export function buildWsqTrees(width: number, height: number): WsqTrees {
  const wavelet: WaveletNode[] = Array.from({ length: WAVELET_NODES }, (_, node) => ({
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    invertRows: INVERTED_ROWS.has(node),
    invertColumns: INVERTED_COLUMNS.has(node),
  }));
  splitFour(wavelet, 0, 1, width, height, 0, 0, true);
  const w1 = wavelet[1]!;
  const [lenx, lenx2] = halves(w1.width);
  const [leny, leny2] = halves(w1.height);
  splitFour(wavelet, 4, 6, lenx2, leny, lenx, 0, false);
  splitFour(wavelet, 5, 10, lenx, leny2, 0, leny, false);
  splitFour(wavelet, 14, 15, lenx, leny, 0, 0, false);
  const w15 = wavelet[15]!;
  const w19 = wavelet[19]!;
  w19.width = ceilHalf(w15.width);
  w19.height = ceilHalf(w15.height);

  const subbands: Subband[] = Array.from({ length: MAX_SUBBANDS }, () => ({
    x: 0,
    y: 0,
    width: 0,
    height: 0,
  }));
  const node = (i: number) => wavelet[i]!;
  splitSixteen(subbands, 3, node(14), false, false);
  splitSixteen(subbands, 19, node(4), false, true);
  splitSixteen(subbands, 48, node(0), false, false);
  splitSixteen(subbands, 35, node(5), true, false);
  splitQuad(subbands, 0, node(19).width, node(19).height, node(19).x, node(19).y);
  return { wavelet, subbands };
}

function ceilHalf(n: number): number {
  return (n + 1) >> 1;
}

/** [first, second] halves of a length; the first takes the odd sample. */
function halves(n: number): [number, number] {
  return n % 2 === 0 ? [n / 2, n / 2] : [(n + 1) / 2, (n - 1) / 2];
}

function splitFour(
  tree: WaveletNode[],
  start1: number,
  start2: number,
  lenx: number,
  leny: number,
  x: number,
  y: number,
  stop: boolean,
): void {
  const parent = tree[start1]!;
  const a = tree[start2]!;
  const b = tree[start2 + 1]!;
  const c = tree[start2 + 2]!;
  const d = tree[start2 + 3]!;
  parent.x = x;
  parent.y = y;
  parent.width = lenx;
  parent.height = leny;
  a.x = x;
  c.x = x;
  a.y = y;
  b.y = y;
  if (lenx % 2 === 0) {
    a.width = lenx / 2;
    b.width = a.width;
  } else if (start1 === 4) {
    a.width = (lenx - 1) / 2;
    b.width = a.width + 1;
  } else {
    a.width = (lenx + 1) / 2;
    b.width = a.width - 1;
  }
  b.x = a.width + x;
  if (!stop) {
    d.width = b.width;
    d.x = b.x;
  }
  c.width = a.width;
  if (leny % 2 === 0) {
    a.height = leny / 2;
    c.height = a.height;
  } else if (start1 === 5) {
    a.height = (leny - 1) / 2;
    c.height = a.height + 1;
  } else {
    a.height = (leny + 1) / 2;
    c.height = a.height - 1;
  }
  c.y = a.height + y;
  if (!stop) {
    d.height = c.height;
    d.y = c.y;
  }
  b.height = a.height;
}

function splitSixteen(
  q: Subband[],
  p: number,
  region: WaveletNode,
  invertRows: boolean,
  invertColumns: boolean,
): void {
  const { width: lenx, height: leny, x, y } = region;
  let tempx: number;
  let temp2x: number;
  if (lenx % 2 === 0) {
    tempx = lenx / 2;
    temp2x = tempx;
  } else if (invertColumns) {
    temp2x = (lenx + 1) / 2;
    tempx = temp2x - 1;
  } else {
    tempx = (lenx + 1) / 2;
    temp2x = tempx - 1;
  }
  let tempy: number;
  let temp2y: number;
  if (leny % 2 === 0) {
    tempy = leny / 2;
    temp2y = tempy;
  } else if (invertRows) {
    temp2y = (leny + 1) / 2;
    tempy = temp2y - 1;
  } else {
    tempy = (leny + 1) / 2;
    temp2y = tempy - 1;
  }
  const s = (i: number) => q[p + i]!;

  s(0).x = x;
  s(2).x = x;
  s(0).y = y;
  s(1).y = y;
  if (tempx % 2 === 0) {
    s(0).width = tempx / 2;
    s(1).width = s(0).width;
  } else {
    s(0).width = (tempx + 1) / 2;
    s(1).width = s(0).width - 1;
  }
  s(2).width = s(0).width;
  s(3).width = s(1).width;
  s(1).x = x + s(0).width;
  s(3).x = s(1).x;
  if (tempy % 2 === 0) {
    s(0).height = tempy / 2;
    s(2).height = s(0).height;
  } else {
    s(0).height = (tempy + 1) / 2;
    s(2).height = s(0).height - 1;
  }
  s(1).height = s(0).height;
  s(3).height = s(2).height;
  s(2).y = y + s(0).height;
  s(3).y = s(2).y;

  s(4).x = x + tempx;
  s(6).x = s(4).x;
  s(4).y = y;
  s(5).y = y;
  s(6).y = s(2).y;
  s(7).y = s(2).y;
  s(4).height = s(0).height;
  s(5).height = s(0).height;
  s(6).height = s(2).height;
  s(7).height = s(2).height;
  if (temp2x % 2 === 0) {
    s(4).width = temp2x / 2;
    s(5).width = s(4).width;
  } else {
    s(5).width = (temp2x + 1) / 2;
    s(4).width = s(5).width - 1;
  }
  s(6).width = s(4).width;
  s(7).width = s(5).width;
  s(5).x = s(4).x + s(4).width;
  s(7).x = s(5).x;

  s(8).x = x;
  s(9).x = s(1).x;
  s(10).x = x;
  s(11).x = s(1).x;
  s(8).y = y + tempy;
  s(9).y = s(8).y;
  s(8).width = s(0).width;
  s(9).width = s(1).width;
  s(10).width = s(0).width;
  s(11).width = s(1).width;
  if (temp2y % 2 === 0) {
    s(8).height = temp2y / 2;
    s(10).height = s(8).height;
  } else {
    s(10).height = (temp2y + 1) / 2;
    s(8).height = s(10).height - 1;
  }
  s(9).height = s(8).height;
  s(11).height = s(10).height;
  s(10).y = s(8).y + s(8).height;
  s(11).y = s(10).y;

  for (const [i, from] of [
    [12, 4],
    [13, 5],
    [14, 4],
    [15, 5],
  ] as const) {
    s(i).x = s(from).x;
    s(i).width = s(from).width;
  }
  for (const [i, from] of [
    [12, 8],
    [13, 8],
    [14, 10],
    [15, 10],
  ] as const) {
    s(i).y = s(from).y;
    s(i).height = s(from).height;
  }
}

function splitQuad(q: Subband[], p: number, lenx: number, leny: number, x: number, y: number): void {
  const s = (i: number) => q[p + i]!;
  s(0).x = x;
  s(2).x = x;
  s(0).y = y;
  s(1).y = y;
  if (lenx % 2 === 0) {
    s(0).width = lenx / 2;
    s(1).width = s(0).width;
  } else {
    s(0).width = (lenx + 1) / 2;
    s(1).width = s(0).width - 1;
  }
  s(2).width = s(0).width;
  s(3).width = s(1).width;
  s(1).x = x + s(0).width;
  s(3).x = s(1).x;
  if (leny % 2 === 0) {
    s(0).height = leny / 2;
    s(2).height = s(0).height;
  } else {
    s(0).height = (leny + 1) / 2;
    s(2).height = s(0).height - 1;
  }
  s(1).height = s(0).height;
  s(3).height = s(2).height;
  s(2).y = y + s(0).height;
  s(3).y = s(2).y;
}
