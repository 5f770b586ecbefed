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
