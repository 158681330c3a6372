;; WebAssembly (with SIMD) kernels of the WSQ inverse wavelet transform, driven by wsq-wavelet-wasm.ts.
;; Compiled into wsq-wavelet-kernel.wasm.ts by `npx tsx scripts/build-wasm.ts` (checked by a test).
;;
;; Every output is the single-precision chain of wsq-wavelet.ts: acc = x0*c0, then acc = acc + xi*ci in
;; the plan's term order, each operation rounded to float32. f32x4.mul and f32x4.add are IEEE single
;; operations (no fused multiply-add), so four columns at a time give the same bits as one at a time.
(module
  (memory (export "memory") 1)

  ;; Filters the columns of a region: for every output row `out` of `outs`, and every column of `lines`,
  ;; dst[out*stride + col] = chain over k in termStart[out] .. termStart[out+1]-1 of
  ;; src[termSource[k]*stride + col] * termCoefficient[k]. Pointers are byte addresses; `stride` is in
  ;; floats. An output without terms is zero.
  (func (export "filterColumns")
    (param $src i32) (param $dst i32) (param $lines i32) (param $stride i32) (param $outs i32)
    (param $termStart i32) (param $termSource i32) (param $termCoefficient i32)
    (local $rowBytes i32) (local $out i32) (local $k0 i32) (local $kEnd i32) (local $k i32)
    (local $d i32) (local $col i32) (local $end8 i32) (local $end4 i32) (local $endAll i32)
    (local $p i32) (local $c v128) (local $a v128) (local $b v128) (local $s f32) (local $cs f32)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $endAll (i32.shl (local.get $lines) (i32.const 2)))
    (local.set $end8 (i32.and (local.get $endAll) (i32.const -32)))
    (local.set $end4 (i32.and (local.get $endAll) (i32.const -16)))
    (local.set $out (i32.const 0))
    (block $outsDone
      (loop $outs
        (br_if $outsDone (i32.ge_u (local.get $out) (local.get $outs)))
        (local.set $k0 (i32.load (i32.add (local.get $termStart) (i32.shl (local.get $out) (i32.const 2)))))
        (local.set $kEnd (i32.load offset=4 (i32.add (local.get $termStart) (i32.shl (local.get $out) (i32.const 2)))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $out) (local.get $rowBytes))))
        (if (i32.eq (local.get $k0) (local.get $kEnd))
          (then (memory.fill (local.get $d) (i32.const 0) (local.get $endAll)))
          (else
            ;; Eight columns at a time: two independent chains share each term's row and coefficient.
            (local.set $col (i32.const 0))
            (block $done8
              (loop $cols8
                (br_if $done8 (i32.ge_u (local.get $col) (local.get $end8)))
                (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                  (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k0) (i32.const 2))))
                    (local.get $rowBytes))))
                (local.set $c (f32x4.splat (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k0) (i32.const 2))))))
                (local.set $a (f32x4.mul (v128.load (local.get $p)) (local.get $c)))
                (local.set $b (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $c)))
                (local.set $k (i32.add (local.get $k0) (i32.const 1)))
                (block $termsDone8
                  (loop $terms8
                    (br_if $termsDone8 (i32.ge_u (local.get $k) (local.get $kEnd)))
                    (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                      (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $c (f32x4.splat (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k) (i32.const 2))))))
                    (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load (local.get $p)) (local.get $c))))
                    (local.set $b (f32x4.add (local.get $b) (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $c))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $terms8)))
                (v128.store (i32.add (local.get $d) (local.get $col)) (local.get $a))
                (v128.store offset=16 (i32.add (local.get $d) (local.get $col)) (local.get $b))
                (local.set $col (i32.add (local.get $col) (i32.const 32)))
                (br $cols8)))
            ;; Then four.
            (block $done4
              (loop $cols4
                (br_if $done4 (i32.ge_u (local.get $col) (local.get $end4)))
                (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                  (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k0) (i32.const 2))))
                    (local.get $rowBytes))))
                (local.set $a (f32x4.mul (v128.load (local.get $p))
                  (f32x4.splat (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k0) (i32.const 2)))))))
                (local.set $k (i32.add (local.get $k0) (i32.const 1)))
                (block $termsDone4
                  (loop $terms4
                    (br_if $termsDone4 (i32.ge_u (local.get $k) (local.get $kEnd)))
                    (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                      (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load (local.get $p))
                      (f32x4.splat (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k) (i32.const 2))))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $terms4)))
                (v128.store (i32.add (local.get $d) (local.get $col)) (local.get $a))
                (local.set $col (i32.add (local.get $col) (i32.const 16)))
                (br $cols4)))
            ;; Then one.
            (block $done1
              (loop $cols1
                (br_if $done1 (i32.ge_u (local.get $col) (local.get $endAll)))
                (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                  (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k0) (i32.const 2))))
                    (local.get $rowBytes))))
                (local.set $s (f32.mul (f32.load (local.get $p))
                  (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k0) (i32.const 2))))))
                (local.set $k (i32.add (local.get $k0) (i32.const 1)))
                (block $termsDone1
                  (loop $terms1
                    (br_if $termsDone1 (i32.ge_u (local.get $k) (local.get $kEnd)))
                    (local.set $p (i32.add (i32.add (local.get $src) (local.get $col))
                      (i32.mul (i32.load (i32.add (local.get $termSource) (i32.shl (local.get $k) (i32.const 2))))
                        (local.get $rowBytes))))
                    (local.set $cs (f32.load (i32.add (local.get $termCoefficient) (i32.shl (local.get $k) (i32.const 2)))))
                    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $p)) (local.get $cs))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $terms1)))
                (f32.store (i32.add (local.get $d) (local.get $col)) (local.get $s))
                (local.set $col (i32.add (local.get $col) (i32.const 4)))
                (br $cols1)))))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (br $outs))))

  ;; dst[c*dstStride + r] = src[r*srcStride + c] for r < rows, c < cols; strides in floats. Blocks of 4×4
  ;; are transposed in registers; the columns left over are gathered four rows at a time, and the rows
  ;; left over one value at a time.
  (func (export "transpose")
    (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $sb i32) (local $db i32)
    (local $rows4 i32) (local $cols4 i32)
    (local $a v128) (local $b v128) (local $e v128) (local $f v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $sb (i32.shl (local.get $srcStride) (i32.const 2)))
    (local.set $db (i32.shl (local.get $dstStride) (i32.const 2)))
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $r (i32.const 0))
    (block $rows4Done
      (loop $rowLoop4
        (br_if $rows4Done (i32.ge_u (local.get $r) (local.get $rows4)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $sb))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $blocksDone
          (loop $blockLoop
            (br_if $blocksDone (i32.ge_u (local.get $c) (local.get $cols4)))
            (local.set $a (v128.load (local.get $s)))
            (local.set $b (v128.load (i32.add (local.get $s) (local.get $sb))))
            (local.set $e (v128.load (i32.add (local.get $s) (i32.shl (local.get $sb) (i32.const 1)))))
            (local.set $f (v128.load (i32.add (local.get $s) (i32.mul (local.get $sb) (i32.const 3)))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $e) (local.get $f)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $e) (local.get $f)))
            (v128.store (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (v128.store (local.get $d)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (v128.store (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (v128.store (local.get $d)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $blockLoop)))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (v128.store (local.get $d)
              (f32x4.replace_lane 3
                (f32x4.replace_lane 2
                  (f32x4.replace_lane 1
                    (f32x4.splat (f32.load (local.get $s)))
                    (f32.load (i32.add (local.get $s) (local.get $sb))))
                  (f32.load (i32.add (local.get $s) (i32.shl (local.get $sb) (i32.const 1)))))
                (f32.load (i32.add (local.get $s) (i32.mul (local.get $sb) (i32.const 3))))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowLoop4)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $sb))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $colsDone1
          (loop $colLoop1
            (br_if $colsDone1 (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $d) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $db)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; pixels[i] = the 8-bit value of data[i]*scale + shift, as wsq-decoder.ts toBytes (NBIS
  ;; conv_img_2_uchar): round by adding 0.5 in float32, truncate, clamp to 0..255 (NaN to 0). `count` is
  ;; rounded up to a multiple of 16; the caller leaves room for it.
  (func (export "toBytes") (param $data i32) (param $pixels i32) (param $count i32) (param $scale f32) (param $shift f32)
    (local $i i32) (local $p i32) (local $vs v128) (local $vh v128) (local $half v128)
    (local.set $vs (f32x4.splat (local.get $scale)))
    (local.set $vh (f32x4.splat (local.get $shift)))
    (local.set $half (f32x4.splat (f32.const 0.5)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $p (i32.add (local.get $data) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (i32.add (local.get $pixels) (local.get $i))
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s
              (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (f32x4.mul (v128.load (local.get $p)) (local.get $vs)) (local.get $vh)) (local.get $half)))
              (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $vs)) (local.get $vh)) (local.get $half))))
            (i16x8.narrow_i32x4_s
              (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (f32x4.mul (v128.load offset=32 (local.get $p)) (local.get $vs)) (local.get $vh)) (local.get $half)))
              (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.add (f32x4.mul (v128.load offset=48 (local.get $p)) (local.get $vs)) (local.get $vh)) (local.get $half))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $chunks))))
)
