// Valid IR that once failed deep in lowering (issue 9) lowers through both
// pipelines to llvm-dialect code with no baracuda op left.
// RUN: baracuda-opt %s --baracuda-to-llvm -split-input-file | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa' -split-input-file | FileCheck %s --check-prefixes=CHECK,GPU

// An empty problem with a dynamic axis (memref.collapse_shape of 0x? once
// failed to verify). No launch: the grid would be empty.
// CHECK-LABEL: llvm.func @empty_rows(
// CPU: llvm.call @baracuda_cpu_quantize_f32_s8
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

// -----

// An input sliced out of a larger tensor is copied to a contiguous buffer.
// CHECK-LABEL: llvm.func @sliced_input(
// CPU: llvm.call @baracuda_cpu_quantize_f32_s8
// GPU: gpu.launch_func
// CHECK-NOT: baracuda.quantize ins
func.func @sliced_input(%x: tensor<4x16xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %xs = tensor.extract_slice %x[1, 4] [2, 8] [1, 1] : tensor<4x16xf32> to tensor<2x8xf32>
  %q_init = tensor.empty() : tensor<2x8xsi8>
  %q = baracuda.quantize ins(%xs, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}

// -----

// Inside scf.for, the result yielded.
// CHECK-LABEL: llvm.func @in_loop(
// CPU: llvm.call @baracuda_cpu_quantize_f32_s8
// GPU: gpu.launch_func
// CHECK-NOT: baracuda.quantize ins
func.func @in_loop(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>, %init: tensor<2x8xsi8>, %n: index) -> tensor<2x8xsi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<2x8xsi8> {
    %q_init = tensor.empty() : tensor<2x8xsi8>
    %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
           outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
    scf.yield %q : tensor<2x8xsi8>
  }
  return %r : tensor<2x8xsi8>
}
