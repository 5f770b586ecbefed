// Both pipelines check dynamic sizes at run time by default (cf.assert in
// the host code: puts the message, abort); runtime-verification=false
// turns it off.
// RUN: baracuda-opt %s --baracuda-to-llvm | FileCheck %s
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa' | FileCheck %s
// RUN: baracuda-opt %s '--baracuda-to-llvm=runtime-verification=false' | FileCheck %s --check-prefix=OFF
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa runtime-verification=false' | FileCheck %s --check-prefix=OFF

// CHECK-DAG: llvm.mlir.global private constant @assert_msg
// CHECK-DAG: llvm.func @abort()
// CHECK-LABEL: llvm.func @f(
// CHECK: llvm.call @puts
// CHECK: llvm.call @abort

// OFF-NOT: assert_msg
// OFF-NOT: @abort
// OFF-LABEL: llvm.func @f(
// OFF-NOT: @abort

func.func @f(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<?x?xsi8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127] -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}
