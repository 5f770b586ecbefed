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

// -----

// Dynamic sizes of the copy are the slice's (folded to its sizes).
// CHECK-LABEL: func @sliced_dynamic(
// CHECK-SAME: %[[R:[a-z0-9]+]]: index, %[[C:[a-z0-9]+]]: index)
// CHECK: %[[SLICE:.*]] = memref.subview
// CHECK: %[[COPY:.*]] = memref.alloc(%[[R]], %[[C]]) {{.*}} : memref<?x?xf32>
// CHECK: scf.for {{.*}} to %[[R]]
// CHECK: scf.for {{.*}} to %[[C]]
// CHECK: baracuda.quantize ins(%[[COPY]],
// CHECK-NEXT: memref.dealloc %[[COPY]]
func.func @sliced_dynamic(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>,
                          %r: index, %c: index) -> tensor<?x?xsi8> {
  %xs = tensor.extract_slice %x[1, 0] [%r, %c] [1, 1] : tensor<?x?xf32> to tensor<?x?xf32>
  %init = tensor.empty(%r, %c) : tensor<?x?xsi8>
  %q = baracuda.quantize ins(%xs, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
         -> tensor<?x?xsi8>
  return %q : tensor<?x?xsi8>
}

// -----

// A strided destination (a tensor.insert_slice into a larger tensor) is
// written through a contiguous buffer, copied into the slice after the op.
// CHECK-LABEL: func @sliced_destination(
// CHECK: %[[DST:.*]] = memref.subview {{.*}} to memref<2x8xf32, strided<[16, 1], offset: 4>>
// CHECK: %[[TMP:.*]] = memref.alloc() {{.*}} : memref<2x8xf32>
// CHECK: baracuda.dequantize ins({{.*}}) outs(%[[TMP]] : memref<2x8xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.load %[[TMP]]
// CHECK: memref.store {{.*}}, %[[DST]]
// CHECK: memref.dealloc %[[TMP]]
func.func @sliced_destination(%q: tensor<2x8xsi8>, %s: tensor<2xf32>, %zp: tensor<2xi32>,
                              %big: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %dst = tensor.extract_slice %big[0, 4] [2, 8] [1, 1] : tensor<2x16xf32> to tensor<2x8xf32>
  %x = baracuda.dequantize ins(%q, %s, %zp : tensor<2x8xsi8>, tensor<2xf32>, tensor<2xi32>)
         outs(%dst : tensor<2x8xf32>) layout = #baracuda.per_token -> tensor<2x8xf32>
  %r = tensor.insert_slice %x into %big[0, 4] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x16xf32>
  return %r : tensor<2x16xf32>
}

// -----

// Inside scf.for with the result yielded: written in place into the loop's
// buffer, which is the function's argument.
// CHECK-LABEL: func @in_loop(
// CHECK-SAME: %[[INIT:[a-z0-9]+]]: memref<2x8xsi8>, %{{.*}}: index)
// CHECK: scf.for
// CHECK: baracuda.quantize ins({{.*}}) outs(%[[INIT]] : memref<2x8xsi8>)
// CHECK: return %[[INIT]]
func.func @in_loop(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>,
                   %init: tensor<2x8xsi8>, %n: index) -> tensor<2x8xsi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<2x8xsi8> {
    %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
           outs(%acc : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
           -> tensor<2x8xsi8>
    scf.yield %q : tensor<2x8xsi8>
  }
  return %r : tensor<2x8xsi8>
}
