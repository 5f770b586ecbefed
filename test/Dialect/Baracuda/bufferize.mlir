// RUN: baracuda-opt %s --baracuda-bufferize -split-input-file | FileCheck %s

// The family is destination-style: one-shot bufferization writes the result
// into the buffer of its `outs` operand (a fresh one for tensor.empty) and
// rebuilds the op on buffers; function boundaries get identity layouts.

// CHECK-LABEL: func @dynamic(
// CHECK-SAME: %[[X:.*]]: memref<?x4096xf16>, %[[S:.*]]: memref<?x32xf16>, %[[ZP:.*]]: memref<?x32xi32>) -> memref<?x4096xsi8>
// CHECK: %[[D0:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x4096xf16>
// CHECK: %[[OUT:.*]] = memref.alloc(%[[D0]]) {{.*}} : memref<?x4096xsi8>
// CHECK: baracuda.quantize ins(%[[X]], %[[S]], %[[ZP]] : {{.*}}) outs(%[[OUT]] : memref<?x4096xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]{{$}}
// CHECK: return %[[OUT]]
func.func @dynamic(%x: tensor<?x4096xf16>, %s: tensor<?x32xf16>, %zp: tensor<?x32xi32>) -> tensor<?x4096xsi8> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4096xf16>
  %init = tensor.empty(%n) : tensor<?x4096xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32>)
         outs(%init : tensor<?x4096xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127]
         -> tensor<?x4096xsi8>
  return %q : tensor<?x4096xsi8>
}

// -----

// The destination is written in place: no allocation, the argument's buffer
// is the result.
// CHECK-LABEL: func @in_place(
// CHECK-SAME: %[[OUTARG:[a-z0-9]+]]: memref<2x8xui8>) -> memref<2x8xui8>
// CHECK-NOT: memref.alloc
// CHECK: baracuda.dequantize_backward ins({{.*}} : memref<2x8xf64>, f64) outs(%{{.*}} : memref<2x8xf64>)
// CHECK: baracuda.quantize ins({{.*}} : memref<2x8xf64>, f64, i32) outs(%[[OUTARG]] : memref<2x8xui8>) layout = #baracuda.per_tensor range = [0, 255]
// CHECK: return %[[OUTARG]]
func.func @in_place(%x: tensor<2x8xf64>, %s: f64, %zp: i32, %dx: tensor<2x8xf64>,
                    %out: tensor<2x8xui8>) -> tensor<2x8xui8> {
  %g = baracuda.dequantize_backward ins(%x, %s : tensor<2x8xf64>, f64)
         outs(%dx : tensor<2x8xf64>) layout = #baracuda.per_tensor -> tensor<2x8xf64>
  %q = baracuda.quantize ins(%g, %s, %zp : tensor<2x8xf64>, f64, i32)
         outs(%out : tensor<2x8xui8>) layout = #baracuda.per_tensor range = [0, 255]
         -> tensor<2x8xui8>
  return %q : tensor<2x8xui8>
}
