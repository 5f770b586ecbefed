// REQUIRES: ptxas
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit" | FileCheck %s --check-prefix=BIN --implicit-check-not=baracuda.
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit format=isa" | baracuda-translate --baracuda-extract-gpu-object --gpu-object-chip=sm_90 > %t.ptx
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t.ptx
// RUN: FileCheck %s --check-prefix=PTX-ALL --input-file=%t.ptx
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit format=bin chips=sm_80" | FileCheck %s --check-prefix=CUBIN

// The whole GPU path: tensors -> bufferization -> gpu kernel -> NVVM ->
// one gpu.binary with an object per chip; host code in the llvm dialect.

// No baracuda op is left anywhere in the output (the implicit check-not
// covers the text before, between and after the matches).
// BIN: module attributes {gpu.container_module}
// BIN-LABEL: llvm.func @quantize(
// BIN: gpu.launch_func @baracuda_kernels::@quantize_f32_s8_v8
// BIN: gpu.launch_func @baracuda_kernels::@quantize_f32_s8_v4
// BIN: gpu.launch_func @baracuda_kernels::@quantize_f32_s8 blocks
// BIN: gpu.binary @baracuda_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {{.*}}, "{{.*}}">, #gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">

// Correctly rounded division everywhere: no approximate div.full or
// div.approx in any kernel (a prefix with only NOT lines covers the whole
// PTX; check-nots among PTX-DAG lines would miss the text the DAGs span).
// PTX-ALL-NOT: div.full
// PTX-ALL-NOT: div.approx
// Each kernel's checks are bounded by its PTX-LABEL, so one kernel's
// instructions cannot satisfy another's.
// PTX: .version 8.0
// PTX: .target sm_90
// The generic kernel: the fast path's quotient from the group's correctly
// rounded reciprocal, a product and two Markstein corrections (two fmas
// each), its rounding saturating conversion to 32 bits (round half to even)
// and 32-bit clamp; the exact path's division, rounding, f32 saturation at
// 2^62, 64-bit conversion and clamp; one byte stored.
// PTX-LABEL: .visible .entry quantize_f32_s8(
// PTX-DAG: rcp.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: max.s32
// PTX-DAG: min.s32
// PTX-DAG: cvt.rni.f32.f32
// PTX-DAG: max.NaN.f32 {{.*}}, 0fDE800000;
// PTX-DAG: min.NaN.f32 {{.*}}, 0f5E800000;
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: max.s64
// PTX-DAG: min.s64
// PTX-DAG: st.global.b8
// PTX: }
// The wide vectorized kernel (8 f32 per thread): two 16-byte loads, one
// reciprocal; per element a product and four fmas on the fast path, a
// division on the exact one, and one conversion on each; the clamps, an
// 8-byte store. (A repeated PTX-DAG line matches one more instruction.)
// PTX-LABEL: .visible .entry quantize_f32_s8_v8(
// PTX-DAG: ld.global.v4.b32 {{.*}}+16];
// PTX-DAG: ld.global.v4.b32 {{.*}}];
// PTX-DAG: rcp.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: max.s32
// PTX-DAG: min.s32
// PTX-DAG: cvt.rni.f32.f32
// PTX-DAG: max.s64
// PTX-DAG: min.s64
// PTX-DAG: st.global.v2.b32
// PTX: }
// The narrow vectorized kernel (4 f32): one 16-byte load, a 4-byte store.
// PTX-LABEL: .visible .entry quantize_f32_s8_v4(
// PTX-DAG: ld.global.v4.b32
// PTX-DAG: rcp.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: mul.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: fma.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: div.rn.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: max.s32
// PTX-DAG: min.s32
// PTX-DAG: cvt.rni.f32.f32
// PTX-DAG: max.s64
// PTX-DAG: min.s64
// PTX-DAG: st.global.b32
// PTX: }

// CUBIN: gpu.binary @baracuda_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {{.*}}, bin = "{{.}}7FELF{{.*}}">]
func.func @quantize(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xsi8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127] -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}
