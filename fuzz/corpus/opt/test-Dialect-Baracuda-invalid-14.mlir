func.func @q_max_below_q_min(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{q_max (-1) must be greater than or equal to q_min (0)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [0, -1] -> tensor<4x8xsi8>
  return
}
