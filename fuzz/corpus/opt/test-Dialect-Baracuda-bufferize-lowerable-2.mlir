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
