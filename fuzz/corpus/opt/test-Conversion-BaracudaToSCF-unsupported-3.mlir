func.func @tensor_form(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %q_init = tensor.empty() : tensor<2x8xsi8>
  // expected-error @+1 {{'baracuda.quantize' op must be bufferized before convert-baracuda-to-scf (run --baracuda-bufferize first)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}
