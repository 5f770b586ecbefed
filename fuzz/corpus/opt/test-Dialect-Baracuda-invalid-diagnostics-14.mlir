// The literal does not fit the signed 32-bit attribute: rejected where it
// is written, not wrapped to -1.
func.func @group_size_wraps(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+3 {{integer value too large}}
  // expected-error @+2 {{failed to parse Baracuda_PerGroupAttr parameter 'size' which is to be a `int32_t`}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4294967295> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
