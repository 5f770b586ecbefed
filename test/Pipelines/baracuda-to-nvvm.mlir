// REQUIRES: ptxas
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit" | FileCheck %s --check-prefix=BIN
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit format=isa" | baracuda-translate --baracuda-extract-gpu-object --gpu-object-chip=sm_90 | FileCheck %s --check-prefix=PTX
// RUN: baracuda-opt %s --baracuda-to-nvvm="toolkit=%cuda_toolkit format=bin chips=sm_80" | FileCheck %s --check-prefix=CUBIN

// The whole GPU path: tensors -> bufferization -> gpu kernel -> NVVM ->
// one gpu.binary with an object per chip; host code in the llvm dialect.

// BIN: module attributes {gpu.container_module}
// BIN-LABEL: llvm.func @quantize(
// BIN: gpu.launch_func @baracuda_kernels::@quantize_per_group_f32_s8
// BIN: gpu.binary @baracuda_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {{.*}}, "{{.*}}">, #gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
// BIN-NOT: baracuda.

// PTX: .version 8.0
// PTX: .target sm_90
// Correctly rounded division (no approximate div.full); the fast path's
// rounding saturating conversion to 32 bits (round half to even) and 32-bit
// clamp; the exact path's rounding and 64-bit conversion and clamp.
// PTX: .visible .entry quantize_per_group_f32_s8(
// PTX-DAG: div.rn.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-DAG: max.s32
// PTX-DAG: cvt.rni.f32.f32
// PTX-DAG: cvt.rzi.s64.f32
// PTX-DAG: max.s64
// PTX-DAG: st.global.b8
// PTX-NOT: div.full
// The vectorized kernel: 16-byte loads.
// PTX: .visible .entry quantize_per_group_f32_s8_v4(
// PTX-DAG: ld.global.v4.b32
// PTX-DAG: div.rn.f32
// PTX-DAG: cvt.rni.s32.f32
// PTX-NOT: div.full

// CUBIN: gpu.binary @baracuda_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">, properties = {{.*}}, bin = "{{.}}7FELF{{.*}}">]
func.func @quantize(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 128 range = [-128, 127]
       : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32> -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}
