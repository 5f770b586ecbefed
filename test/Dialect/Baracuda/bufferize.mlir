// RUN: baracuda-opt %s --baracuda-bufferize -split-input-file | FileCheck %s

// One-shot bufferization allocates the result and writes it with
// quantize_per_group_into; function boundaries get identity layouts.

// CHECK-LABEL: func @dynamic(
// CHECK-SAME: %[[X:.*]]: memref<?x4096xf16>, %[[S:.*]]: memref<?x32xf16>, %[[ZP:.*]]: memref<?x32xi32>) -> memref<?x4096xsi8>
// CHECK: %[[D0:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x4096xf16>
// CHECK: %[[OUT:.*]] = memref.alloc(%[[D0]]) {{.*}} : memref<?x4096xsi8>
// CHECK: baracuda.quantize_per_group_into %[[X]], %[[S]], %[[ZP]], %[[OUT]] group_size = 128 range = [-128, 127]
// CHECK: return %[[OUT]]
func.func @dynamic(%x: tensor<?x4096xf16>, %s: tensor<?x32xf16>, %zp: tensor<?x32xi32>) -> tensor<?x4096xsi8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 128 range = [-128, 127]
       : tensor<?x4096xf16>, tensor<?x32xf16>, tensor<?x32xi32> -> tensor<?x4096xsi8>
  return %q : tensor<?x4096xsi8>
}

// -----

// CHECK-LABEL: func @static(
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<2x8xui8>
// CHECK: baracuda.quantize_per_group_into {{.*}}, %[[OUT]] group_size = 8 range = [0, 255] : memref<2x8xf64>, memref<2x1xf64>, memref<2x1xi32>, memref<2x8xui8>
func.func @static(%x: tensor<2x8xf64>, %s: tensor<2x1xf64>, %zp: tensor<2x1xi32>) -> tensor<2x8xui8> {
  %q = baracuda.quantize_per_group %x, %s, %zp group_size = 8 range = [0, 255]
       : tensor<2x8xf64>, tensor<2x1xf64>, tensor<2x1xi32> -> tensor<2x8xui8>
  return %q : tensor<2x8xui8>
}
