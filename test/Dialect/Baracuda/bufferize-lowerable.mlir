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
// CHECK: baracuda.quantize_per_group_into %[[COPY]],
// CHECK-NEXT: memref.dealloc %[[COPY]]
func.func @sliced_input(%x: tensor<4x16xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %xs = tensor.extract_slice %x[1, 4] [2, 8] [1, 1] : tensor<4x16xf32> to tensor<2x8xf32>
  %q = baracuda.quantize_per_group %xs, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32> -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}

// -----

// Dynamic sizes of the copy are the slice's (folded to its sizes).
// CHECK-LABEL: func @sliced_dynamic(
// CHECK-SAME: %[[R:[a-z0-9]+]]: index, %[[C:[a-z0-9]+]]: index)
// CHECK: %[[SLICE:.*]] = memref.subview
// CHECK: %[[COPY:.*]] = memref.alloc(%[[R]], %[[C]]) {{.*}} : memref<?x?xf32>
// CHECK: scf.for {{.*}} to %[[R]]
// CHECK: scf.for {{.*}} to %[[C]]
// CHECK: baracuda.quantize_per_group_into %[[COPY]],
// CHECK-NEXT: memref.dealloc %[[COPY]]
func.func @sliced_dynamic(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>, %r: index, %c: index) -> tensor<?x?xsi8> {
  %xs = tensor.extract_slice %x[1, 0] [%r, %c] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
  %q = baracuda.quantize_per_group %xs, %s, %zp group_size = 4 range = [-128, 127]
       : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32> -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}

// -----

// Inside scf.for with the result yielded: a fresh buffer per iteration.
// CHECK-LABEL: func @in_loop(
// CHECK: scf.for {{.*}} iter_args(
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<2x8xsi8>
// CHECK: baracuda.quantize_per_group_into {{.*}}, %[[OUT]]
// CHECK: scf.yield
func.func @in_loop(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>, %init: tensor<2x8xsi8>, %n: index) -> tensor<2x8xsi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<2x8xsi8> {
    %q = baracuda.quantize_per_group %x, %s, %zp group_size = 4 range = [-128, 127]
         : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32> -> tensor<2x8xsi8>
    scf.yield %q : tensor<2x8xsi8>
  }
  return %r : tensor<2x8xsi8>
}
