// RUN: baracuda-opt %s -generate-runtime-verification -split-input-file | FileCheck %s

// RuntimeVerifiableOpInterface, once for the whole family: a cf.assert for
// each shape rule that involves a dynamic size, naming the rule; none for
// what the verifier checked statically.

// When a check fails, one line with the actual sizes of every operand is
// printed first (the assert messages are constants).
// CHECK: llvm.func @printf(!llvm.ptr, ...) -> i32
// CHECK: llvm.mlir.global internal constant @baracuda_runtime_sizes_format_{{.*}}("quantize: sizes at run time: input [%lld, %lld], scale [%lld, %lld], zero_point [%lld, %lld], output [%lld, %lld]\0A\00")
// CHECK-LABEL: func @all_dynamic(
// CHECK-SAME: %[[X:.*]]: memref<?x?xf32>, %[[S:.*]]: memref<?x?xf32>, %[[ZP:.*]]: memref<?x?xi32>, %[[O:.*]]: memref<?x?xsi8>
// CHECK-DAG: %[[OUTER:.*]] = memref.dim %[[X]], %c0
// CHECK-DAG: %[[AXIS:.*]] = memref.dim %[[X]], %c1
// CHECK: %[[OUT_OK:.*]] = arith.andi
// CHECK: %[[REM:.*]] = arith.remui %[[AXIS]], %[[G:.*]] : index
// CHECK: %[[DIVIDES:.*]] = arith.cmpi eq, %[[REM]], %{{.*}}
// CHECK: %[[GROUPS:.*]] = arith.divui %[[AXIS]], %[[G]]
// CHECK: %[[S1:.*]] = memref.dim %[[S]], %c1
// CHECK: arith.cmpi eq, %[[S1]], %[[GROUPS]]
// CHECK: %[[SCALE_OK:.*]] = arith.andi
// CHECK: %[[ZP_OK:.*]] = arith.andi
// CHECK: %[[ALL:.*]] = arith.andi %{{.*}}, %[[ZP_OK]]
// CHECK: %[[FAILS:.*]] = arith.xori %[[ALL]], %true
// CHECK: scf.if %[[FAILS]] {
// CHECK: llvm.call @printf(
// CHECK: }
// CHECK: cf.assert %[[OUT_OK]], "{{.*}}quantize (per_group<size = 4>): output shape [?, ?] must equal input shape [?, ?]
// CHECK: cf.assert %[[DIVIDES]], "{{.*}}quantize (per_group<size = 4>): dim 1 of input must be a multiple of group_size (4)
// CHECK: cf.assert %[[SCALE_OK]], "{{.*}}scale shape [?, ?] must be [dim 0 of input, dim 1 of input / 4]
// CHECK: cf.assert %[[ZP_OK]], "{{.*}}zero_point shape [?, ?] must be [dim 0 of input, dim 1 of input / 4]
// CHECK: baracuda.quantize ins
func.func @all_dynamic(%x: memref<?x?xf32>, %s: memref<?x?xf32>, %zp: memref<?x?xi32>, %o: memref<?x?xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x?xf32>, memref<?x?xf32>, memref<?x?xi32>)
    outs(%o : memref<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
