// The input is dynamic; the output type pins axis_size, so the rule applies.
func.func @axis_not_multiple_pinned_by_output(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_init = tensor.empty() : tensor<4x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (32)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<4x100xsi8>) layout = #baracuda.per_group<size = 32> range = [-128, 127] -> tensor<4x100xsi8>
  return
}
