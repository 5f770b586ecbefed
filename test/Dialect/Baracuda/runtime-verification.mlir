// RUN: baracuda-opt %s -generate-runtime-verification -split-input-file | FileCheck %s

// RuntimeVerifiableOpInterface: a cf.assert for each shape rule that
// involves a dynamic size, naming the rule; none for what the verifier
// checked statically.

// When a check fails, one line with the actual sizes is printed first (the
// assert messages are constants).
// CHECK: llvm.func @printf(!llvm.ptr, ...) -> i32
// CHECK: llvm.mlir.global internal constant @baracuda_runtime_sizes_format("quantize_per_group: sizes at run time: input [%lld, %lld], scale [%lld, %lld], zero_point [%lld, %lld], output [%lld, %lld], group_size %lld\0A\00")
// CHECK-LABEL: func @all_dynamic(
// CHECK-SAME: %[[X:.*]]: memref<?x?xf32>, %[[S:.*]]: memref<?x?xf32>, %[[ZP:.*]]: memref<?x?xi32>, %[[O:.*]]: memref<?x?xsi8>
// CHECK-DAG: %[[OUTER:.*]] = memref.dim %[[X]], %c0
// CHECK-DAG: %[[AXIS:.*]] = memref.dim %[[X]], %c1
// CHECK: %[[REM:.*]] = arith.remui %[[AXIS]], %[[G:.*]] : index
// CHECK: %[[DIVIDES:.*]] = arith.cmpi eq, %[[REM]], %{{.*}}
// CHECK: %[[GROUPS:.*]] = arith.divui %[[AXIS]], %[[G]]
// CHECK: %[[S1:.*]] = memref.dim %[[S]], %c1
// CHECK: %[[OUT_OK:.*]] = arith.andi
// CHECK: arith.cmpi eq, %[[S1]], %[[GROUPS]]
// CHECK: %[[SCALE_OK:.*]] = arith.andi
// CHECK: %[[ZP_OK:.*]] = arith.andi
// CHECK: %[[ALL:.*]] = arith.andi %{{.*}}, %[[ZP_OK]]
// CHECK: %[[FAILS:.*]] = arith.xori %[[ALL]], %true
// CHECK: scf.if %[[FAILS]] {
// CHECK: llvm.call @printf(
// CHECK: }
// CHECK: cf.assert %[[DIVIDES]], "{{.*}}quantize_per_group: axis_size (dim 1 of input) must be a multiple of group_size (4)
// CHECK: cf.assert %[[OUT_OK]], "{{.*}}quantize_per_group: output shape [?, ?] must be [outer_size, axis_size] = [dim 0 of input, dim 1 of input]
// CHECK: cf.assert %[[SCALE_OK]], "{{.*}}quantize_per_group: scale shape [?, ?] must be [outer_size, axis_size / group_size] = [dim 0 of input, dim 1 of input / 4]
// CHECK: cf.assert %[[ZP_OK]], "{{.*}}quantize_per_group: zero_point shape [?, ?] must be [outer_size, axis_size / group_size] = [dim 0 of input, dim 1 of input / 4]
// CHECK: baracuda.quantize_per_group_into
func.func @all_dynamic(%x: memref<?x?xf32>, %s: memref<?x?xf32>, %zp: memref<?x?xi32>, %o: memref<?x?xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<?x?xf32>, memref<?x?xf32>, memref<?x?xi32>, memref<?x?xsi8>
  return
}

// -----

// Static axis: no divisibility check; only the dynamic rows are compared.
// CHECK-LABEL: func @dynamic_rows(
// CHECK-NOT: arith.remui
// CHECK: cf.assert %{{.*}}, "{{.*}}output shape [?, 8] must be
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [3, 2] must be
// CHECK-NOT: zero_point shape
// CHECK: baracuda.quantize_per_group_into
func.func @dynamic_rows(%x: memref<?x8xf32>, %s: memref<3x2xf32>, %zp: memref<?x2xi32>, %o: memref<?x8xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<?x8xf32>, memref<3x2xf32>, memref<?x2xi32>, memref<?x8xsi8>
  return
}

// -----

// Everything static: the verifier checked it all.
// CHECK-NOT: llvm.func @printf
// CHECK-LABEL: func @all_static(
// CHECK-NOT: cf.assert
// CHECK-NOT: llvm.call
// CHECK: baracuda.quantize_per_group_into
func.func @all_static(%x: memref<3x8xf32>, %s: memref<3x2xf32>, %zp: memref<3x2xi32>, %o: memref<3x8xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<3x8xf32>, memref<3x2xf32>, memref<3x2xi32>, memref<3x8xsi8>
  return
}

// -----

// The tensor op: its dynamic result dims are the input's (nothing to
// check); a static result dim is compared with the input's.
// CHECK-LABEL: func @tensor_op(
// CHECK: tensor.dim
// CHECK: cf.assert %{{.*}}, "{{.*}}axis_size (dim 1 of input) must be a multiple of group_size (4)
// CHECK: cf.assert %{{.*}}, "{{.*}}output shape [5, ?] must be [outer_size, axis_size] = [dim 0 of input, dim 1 of input]
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [?, ?] must be
// CHECK: cf.assert %{{.*}}, "{{.*}}zero_point shape [?, ?] must be
// CHECK: baracuda.quantize_per_group
func.func @tensor_op(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) -> tensor<5x?xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32> -> tensor<5x?xsi8>
  return %q : tensor<5x?xsi8>
}

// -----

// The tensor op's dynamic result dims are the input's by construction: an
// assert on them could never fail, so there is none (here the input is
// static, so nothing is left to check).
// CHECK-LABEL: func @tensor_op_dynamic_result(
// CHECK-NOT: cf.assert
// CHECK: baracuda.quantize_per_group
func.func @tensor_op_dynamic_result(%x: tensor<3x8xf32>, %s: tensor<3x2xf32>, %zp: tensor<3x2xi32>) -> tensor<?x?xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<3x8xf32>, tensor<3x2xf32>, tensor<3x2xi32> -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}
