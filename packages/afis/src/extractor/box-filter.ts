/**
 * Mean over a (2r+1)² square, separable with running sums, so the cost does not depend on r. Near the
 * edges the mean covers only the part of the square inside the grid.
 */
export function boxFilter(data: Float32Array, width: number, height: number, radius: number): Float32Array {
  const horizontal = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    let count = 0;
    for (let x = 0; x < Math.min(radius, width); x++) {
      sum += data[row + x]!;
      count++;
    }
    for (let x = 0; x < width; x++) {
      const add = x + radius;
      if (add < width) {
        sum += data[row + add]!;
        count++;
      }
      const drop = x - radius - 1;
      if (drop >= 0) {
        sum -= data[row + drop]!;
        count--;
      }
      horizontal[row + x] = sum / count;
    }
  }
  const result = new Float32Array(width * height);
  for (let x = 0; x < width; x++) {
    let sum = 0;
    let count = 0;
    for (let y = 0; y < Math.min(radius, height); y++) {
      sum += horizontal[y * width + x]!;
      count++;
    }
    for (let y = 0; y < height; y++) {
      const add = y + radius;
      if (add < height) {
        sum += horizontal[add * width + x]!;
        count++;
      }
      const drop = y - radius - 1;
      if (drop >= 0) {
        sum -= horizontal[drop * width + x]!;
        count--;
      }
      result[y * width + x] = sum / count;
    }
  }
  return result;
}
