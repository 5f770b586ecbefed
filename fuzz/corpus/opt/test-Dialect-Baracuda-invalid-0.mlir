// RUN: baracuda-opt %s -split-input-file -verify-diagnostics

// Each descriptor rule, broken once. The accepted side of each rule is in
// ops.mlir; the same rule functions back the runtime (unittests/rules).

func.func @input_element_f8(%x: tensor<4x8xf8E4M3FN>, %s: tensor<4x2xf8E4M3FN>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{input element type 'f8E4M3FN' must be one of f32, f64, f16, bf16}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf8E4M3FN>, tensor<4x2xf8E4M3FN>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
