// Element count 2^64: overflows int64.
func.func @element_count_overflow(%x: tensor<4294967296x4294967296xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<4294967296x4294967296xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<4294967296x4294967296xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  // expected-error @+1 {{input shape [4294967296, 4294967296]: dim 0 must be at most 2147483647}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4294967296x4294967296xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x?xsi8>
  return
}
