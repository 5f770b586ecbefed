// 4 rows of scale against 5 of zero point, with input and output leaving
// the rows dynamic.
func.func @scale_zero_point_rows(%x: tensor<?x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<5x2xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x8xf32>
  %q_init = tensor.empty(%q_d0) : tensor<?x8xsi8>
  // expected-error @+1 {{zero_point shape [5, 2] must equal scale shape [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x8xf32>, tensor<4x2xf32>, tensor<5x2xi32>)
         outs(%q_init : tensor<?x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x8xsi8>
  return
}
