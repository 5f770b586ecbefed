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
