func.func @axis_not_multiple_dynamic_outer(%x: tensor<?x100xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x100xf32>
  %q_init = tensor.empty(%q_d0) : tensor<?x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (64)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x100xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x100xsi8>) layout = #baracuda.per_group<size = 64> range = [-128, 127] -> tensor<?x100xsi8>
  return
}
