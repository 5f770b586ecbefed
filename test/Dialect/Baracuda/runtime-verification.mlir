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

// -----

// Static axis: no divisibility check; only the dynamic rows are compared.
// CHECK-LABEL: func @dynamic_rows(
// CHECK-NOT: arith.remui
// CHECK: cf.assert %{{.*}}, "{{.*}}output shape [?, 8] must equal input shape [?, 8]
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [3, 2] must be
// CHECK: cf.assert %{{.*}}, "{{.*}}zero_point shape [?, 2] must be
// CHECK: baracuda.quantize ins
func.func @dynamic_rows(%x: memref<?x8xf32>, %s: memref<3x2xf32>, %zp: memref<?x2xi32>, %o: memref<?x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x8xf32>, memref<3x2xf32>, memref<?x2xi32>)
    outs(%o : memref<?x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

// Everything static: the verifier checked it all.
// CHECK-NOT: llvm.func @printf
// CHECK-LABEL: func @all_static(
// CHECK-NOT: cf.assert
// CHECK-NOT: llvm.call
// CHECK: baracuda.quantize ins
func.func @all_static(%x: memref<3x8xf32>, %s: memref<3x2xf32>, %zp: memref<3x2xi32>, %o: memref<3x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<3x8xf32>, memref<3x2xf32>, memref<3x2xi32>)
    outs(%o : memref<3x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

// Per channel: the parameters have the channel axis's size; the other data
// operands the data's shape.
// CHECK-LABEL: func @per_channel(
// CHECK: cf.assert %{{.*}}, "{{.*}}dequantize (per_channel<axis = 1>): output shape [2, ?, 3] must equal input shape [?, ?, 3]
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [?] must be [dim 1 of input]
// CHECK-NOT: cf.assert %{{.*}}, "{{.*}}zero_point shape
// CHECK: baracuda.dequantize ins
func.func @per_channel(%q: memref<?x?x3xsi8>, %s: memref<?xf32>, %zp: memref<16xi32>, %y: memref<2x?x3xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x?x3xsi8>, memref<?xf32>, memref<16xi32>)
    outs(%y : memref<2x?x3xf32>) layout = #baracuda.per_channel<axis = 1>
  return
}

// -----

// Per tensor: the parameters are scalars; only the data shapes are compared.
// CHECK-LABEL: func @per_tensor(
// CHECK: cf.assert %{{.*}}, "{{.*}}quantize_backward (per_tensor): input shape [?] must equal grad_output shape [?]
// CHECK: cf.assert %{{.*}}, "{{.*}}grad_input shape [?] must equal grad_output shape [?]
// CHECK-NOT: cf.assert
// CHECK: baracuda.quantize_backward ins
func.func @per_tensor(%dy: memref<?xf16>, %x: memref<?xf16>, %s: f32, %zp: i32, %dx: memref<?xf16>) {
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<?xf16>, memref<?xf16>, f32, i32)
    outs(%dx : memref<?xf16>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

// The tensor form: the destination tensor's dims are checked like a
// buffer's.
// CHECK-LABEL: func @tensor_op(
// CHECK: tensor.dim
// CHECK: cf.assert %{{.*}}, "{{.*}}output shape [5, ?] must equal input shape [?, ?]
// CHECK: cf.assert %{{.*}}, "{{.*}}dim 1 of input must be a multiple of group_size (4)
// CHECK: cf.assert %{{.*}}, "{{.*}}scale shape [?, ?] must be
// CHECK: cf.assert %{{.*}}, "{{.*}}zero_point shape [?, ?] must be
// CHECK: baracuda.quantize ins
func.func @tensor_op(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>,
                     %init: tensor<5x?xsi8>) -> tensor<5x?xsi8> {
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%init : tensor<5x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
         -> tensor<5x?xsi8>
  return %q : tensor<5x?xsi8>
}
