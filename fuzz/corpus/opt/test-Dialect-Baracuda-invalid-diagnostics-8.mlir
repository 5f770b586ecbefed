func.func @outer_beyond_32_bits(%x: tensor<2147483648x8xf32>, %s: tensor<2147483648x2xf32>, %zp: tensor<2147483648x2xi32>) {
  %q_init = tensor.empty() : tensor<2147483648x8xsi8>
  // expected-error @+1 {{input shape [2147483648, 8]: dim 0 must be at most 2147483647 (the runtime's descriptors are 32-bit)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2147483648x8xf32>, tensor<2147483648x2xf32>, tensor<2147483648x2xi32>)
         outs(%q_init : tensor<2147483648x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2147483648x8xsi8>
  return
}
