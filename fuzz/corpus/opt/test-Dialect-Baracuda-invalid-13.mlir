// The input's outer size is dynamic; the output type pins it, and the scale
// disagrees.
func.func @scale_rows_pinned_by_output(%x: tensor<?x8xf32>, %s: tensor<5x2xf32>, %zp: tensor<?x?xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale shape [5, 2] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x8xf32>, tensor<5x2xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
