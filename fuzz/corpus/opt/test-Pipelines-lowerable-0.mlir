// Valid IR that once failed deep in lowering (issue 9) lowers through both
// pipelines to llvm-dialect code with no baracuda op left.
// RUN: baracuda-opt %s --baracuda-to-llvm -split-input-file | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa' -split-input-file | FileCheck %s --check-prefixes=CHECK,GPU

// An empty problem with a dynamic axis (memref.collapse_shape of 0x? once
// failed to verify). No launch: the grid would be empty.
// CHECK-LABEL: llvm.func @empty_rows(
// CPU: llvm.call @baracuda_cpu_quantize_per_group_f32_s8
// GPU-NOT: gpu.launch_func
// CHECK-NOT: baracuda.quantize ins
func.func @empty_rows(%x: tensor<0x?xf32>, %s: tensor<0x?xf32>, %zp: tensor<0x?xi32>) -> tensor<0x?xsi8> {
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<0x?xf32>
  %q_init = tensor.empty(%q_d1) : tensor<0x?xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<0x?xf32>, tensor<0x?xf32>, tensor<0x?xi32>)
         outs(%q_init : tensor<0x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<0x?xsi8>
  return %q : tensor<0x?xsi8>
}
