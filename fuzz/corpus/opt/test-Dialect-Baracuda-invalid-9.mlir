func.func @group_size_negative(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  // expected-error @+1 {{group_size (-32) must be positive}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = -32> range = [-128, 127] -> tensor<?x?xsi8>
  return
}
