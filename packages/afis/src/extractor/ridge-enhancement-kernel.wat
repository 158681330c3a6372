;; WebAssembly (with SIMD) kernel of the ridge enhancement's oriented filters (ridge-enhancement.ts
;; applyTaps), driven by ridge-enhancement-wasm.ts. Compiled into ridge-enhancement-kernel.gen.ts by
;; `npx tsx scripts/build-wasm.ts` (checked by a test).
;;
;; Each pixel's sum is JavaScript's `sum = Math.fround(sum + weight * input)`: the product of two
;; float32 values is exact in float64, the sum is rounded to float64 and then to float32. Two pixels a
;; vector in float64 lanes, rounded to float32 and back after every tap, give the same bits.
(module
  (memory (export "memory") 1)

  ;; For each of `runCount` runs (five int32 each: from, to, shift, weightBase, offsetBase), and each
  ;; pixel index i in [from, to): output[i + shift] = Σ_k weights[weightBase + k] · input[i +
  ;; offsets[offsetBase + k]] over k < taps, in order. Indices count floats; `weights` are float64.
  (func (export "applyRuns")
    (param $input i32) (param $output i32) (param $runs i32) (param $runCount i32)
    (param $weights i32) (param $offsets i32) (param $taps i32)
    (local $r i32) (local $i i32) (local $to i32) (local $shift i32) (local $wb i32) (local $ob i32)
    (local $k i32) (local $p i32) (local $w v128) (local $x v128) (local $y v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f64) (local $ws f64)
    (block $runsDone
      (loop $runLoop
        (br_if $runsDone (i32.ge_u (local.get $r) (local.get $runCount)))
        (local.set $i (i32.load (local.get $runs)))
        (local.set $to (i32.load offset=4 (local.get $runs)))
        (local.set $shift (i32.load offset=8 (local.get $runs)))
        (local.set $wb (i32.add (local.get $weights) (i32.shl (i32.load offset=12 (local.get $runs)) (i32.const 3))))
        (local.set $ob (i32.add (local.get $offsets) (i32.shl (i32.load offset=16 (local.get $runs)) (i32.const 2))))
        ;; Eight pixels at a time.
        (block $done8
          (loop $pixels8
            (br_if $done8 (i32.gt_s (i32.add (local.get $i) (i32.const 8)) (local.get $to)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $tapsDone8
              (loop $taps8
                (br_if $tapsDone8 (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $w (f64x2.splat (f64.load (i32.add (local.get $wb) (i32.shl (local.get $k) (i32.const 3))))))
                (local.set $p (i32.add (local.get $input) (i32.shl
                  (i32.add (local.get $i) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $k) (i32.const 2)))))
                  (i32.const 2))))
                (local.set $x (v128.load (local.get $p)))
                (local.set $y (v128.load offset=16 (local.get $p)))
                (local.set $a0 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
                  (f64x2.add (local.get $a0) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (local.get $w))))))
                (local.set $a1 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
                  (f64x2.add (local.get $a1) (f64x2.mul (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (local.get $w))))))
                (local.set $a2 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
                  (f64x2.add (local.get $a2) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $y)) (local.get $w))))))
                (local.set $a3 (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
                  (f64x2.add (local.get $a3) (f64x2.mul (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))) (local.get $w))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $taps8)))
            (local.set $p (i32.add (local.get $output) (i32.shl (i32.add (local.get $i) (local.get $shift)) (i32.const 2))))
            (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (local.get $a0)) (f32x4.demote_f64x2_zero (local.get $a1))))
            (v128.store offset=16 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (local.get $a2)) (f32x4.demote_f64x2_zero (local.get $a3))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $pixels8)))
        ;; Then one at a time.
        (block $done1
          (loop $pixels1
            (br_if $done1 (i32.ge_s (local.get $i) (local.get $to)))
            (local.set $s (f64.const 0))
            (local.set $k (i32.const 0))
            (block $tapsDone1
              (loop $taps1
                (br_if $tapsDone1 (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $ws (f64.load (i32.add (local.get $wb) (i32.shl (local.get $k) (i32.const 3)))))
                (local.set $p (i32.add (local.get $input) (i32.shl
                  (i32.add (local.get $i) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $k) (i32.const 2)))))
                  (i32.const 2))))
                (local.set $s (f64.promote_f32 (f32.demote_f64
                  (f64.add (local.get $s) (f64.mul (f64.promote_f32 (f32.load (local.get $p))) (local.get $ws))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $taps1)))
            (f32.store (i32.add (local.get $output) (i32.shl (i32.add (local.get $i) (local.get $shift)) (i32.const 2)))
              (f32.demote_f64 (local.get $s)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $pixels1)))
        (local.set $runs (i32.add (local.get $runs) (i32.const 20)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $runLoop))))
)
