// RUN: baracuda-opt %s --baracuda-bufferize -split-input-file | FileCheck %s

// A strided operand (from tensor.extract_slice) is copied into a contiguous
// buffer, which the kernels need, by a loop nest (memref.copy of a strided
// buffer would lower to a call of the C runner utilities' memrefCopy), and
// the copy is freed after the op.
// CHECK-LABEL: func @sliced_input(
// CHECK: %[[SLICE:.*]] = memref.subview {{.*}} to memref<2x8xf32, strided<[16, 1], offset: 20>>
// CHECK: %[[COPY:.*]] = memref.alloc() {{.*}} : memref<2x8xf32>
// CHECK: scf.for %[[I:.*]] = %c0 to %c2
// CHECK: scf.for %[[J:.*]] = %c0 to %c8
// CHECK: %[[E:.*]] = memref.load %[[SLICE]][%[[I]], %[[J]]]
// CHECK: memref.store %[[E]], %[[COPY]][%[[I]], %[[J]]]
// CHECK-NOT: memref.copy
// CHECK: baracuda.quantize ins(%[[COPY]],
// CHECK-NEXT: memref.dealloc %[[COPY]]
func.func @sliced_input(%x: tensor<4x16xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %xs = tensor.extract_slice %x[1, 4] [2, 8] [1, 1] : tensor<4x16xf32> to tensor<2x8xf32>
  %init = tensor.empty() : tensor<2x8xsi8>
  %q = baracuda.quantize ins(%xs, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
         -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}
