;; WebAssembly (with SIMD) kernel of the ridge enhancement's oriented filters (ridge-enhancement.ts
;; applyTaps), driven by ridge-enhancement-wasm.ts. Compiled into ridge-enhancement-kernel.gen.ts by
;; `npx tsx scripts/build-wasm.ts` (checked by a test).
;;
;; For each of `runCount` runs (five int32 each: from, to, shift, weightBase, offsetBase), and each pixel
;; index i in [from, to): output[i + shift] = Σ_k weights[weightBase + k] · input[i + offsets[offsetBase
;; + k]] over k < taps, in order, every product and sum rounded to float32 (f32x4 has no fused
;; multiply-add), as applyTaps computes it. Indices count floats.
(module
  (memory (export "memory") 1)
  (func (export "applyRuns")
    (param $input i32) (param $output i32) (param $runs i32) (param $runCount i32)
    (param $weights i32) (param $offsets i32) (param $taps i32)
    (local $r i32) (local $i i32) (local $to i32) (local $shift i32) (local $wb i32) (local $ob i32)
    (local $k i32) (local $p i32) (local $w v128) (local $a0 v128) (local $a1 v128) (local $s f32)
    (block $runsDone
      (loop $runLoop
        (br_if $runsDone (i32.ge_u (local.get $r) (local.get $runCount)))
        (local.set $i (i32.load (local.get $runs)))
        (local.set $to (i32.load offset=4 (local.get $runs)))
        (local.set $shift (i32.load offset=8 (local.get $runs)))
        (local.set $wb (i32.add (local.get $weights) (i32.shl (i32.load offset=12 (local.get $runs)) (i32.const 2))))
        (local.set $ob (i32.add (local.get $offsets) (i32.shl (i32.load offset=16 (local.get $runs)) (i32.const 2))))
        (block $done8
          (loop $pixels8
            (br_if $done8 (i32.gt_s (i32.add (local.get $i) (i32.const 8)) (local.get $to)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $tapsDone8
              (loop $taps8
                (br_if $tapsDone8 (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $w (v128.load32_splat (i32.add (local.get $wb) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $p (i32.add (local.get $input) (i32.shl
                  (i32.add (local.get $i) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $k) (i32.const 2)))))
                  (i32.const 2))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $p)) (local.get $w))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $w))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $taps8)))
            (local.set $p (i32.add (local.get $output) (i32.shl (i32.add (local.get $i) (local.get $shift)) (i32.const 2))))
            (v128.store (local.get $p) (local.get $a0))
            (v128.store offset=16 (local.get $p) (local.get $a1))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $pixels8)))
        (block $done4
          (loop $pixels4
            (br_if $done4 (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $to)))
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $tapsDone4
              (loop $taps4
                (br_if $tapsDone4 (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
                  (v128.load (i32.add (local.get $input) (i32.shl
                    (i32.add (local.get $i) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $k) (i32.const 2)))))
                    (i32.const 2))))
                  (v128.load32_splat (i32.add (local.get $wb) (i32.shl (local.get $k) (i32.const 2)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $taps4)))
            (v128.store (i32.add (local.get $output) (i32.shl (i32.add (local.get $i) (local.get $shift)) (i32.const 2))) (local.get $a0))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $pixels4)))
        (block $done1
          (loop $pixels1
            (br_if $done1 (i32.ge_s (local.get $i) (local.get $to)))
            (local.set $s (f32.const 0))
            (local.set $k (i32.const 0))
            (block $tapsDone1
              (loop $taps1
                (br_if $tapsDone1 (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $s (f32.add (local.get $s) (f32.mul
                  (f32.load (i32.add (local.get $input) (i32.shl
                    (i32.add (local.get $i) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $k) (i32.const 2)))))
                    (i32.const 2))))
                  (f32.load (i32.add (local.get $wb) (i32.shl (local.get $k) (i32.const 2)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $taps1)))
            (f32.store (i32.add (local.get $output) (i32.shl (i32.add (local.get $i) (local.get $shift)) (i32.const 2))) (local.get $s))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $pixels1)))
        (local.set $runs (i32.add (local.get $runs) (i32.const 20)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $runLoop))))
)
