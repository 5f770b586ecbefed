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

// -----

func.func @input_element_integer(%x: tensor<4x8xi32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{input element type 'i32' must be one of f32, f64, f16, bf16}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xi32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @output_signless(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xi8>
  // expected-error @+1 {{output element type 'i8' must be si8 (s8) or ui8 (u8); signless i8 does not say which}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xi8>
  return
}

// -----

func.func @output_wide(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi16>
  // expected-error @+1 {{output element type 'si16' must be si8 (s8) or ui8 (u8)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi16>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi16>
  return
}

// -----

// i32 is an element kind the rules know (the zero point's), but not an
// output: the verifier's own message, not the rules' one for a descriptor.
func.func @output_i32(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xi32>
  // expected-error @+1 {{output element type 'i32' must be si8 (s8) or ui8 (u8)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xi32>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xi32>
  return
}

// -----

func.func @scale_element_mismatch(%x: tensor<4x8xf32>, %s: tensor<4x2xf16>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale element type 'f16' must match input element type 'f32'}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf16>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @zero_point_i64(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi64>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{zero_point element type 'i64' must be i32}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi64>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @rank3(%x: tensor<2x4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{output shape [4, 8] must equal input shape [2, 4, 8]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @group_size_zero(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{group_size (0) must be positive}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 0> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

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

// -----

func.func @axis_not_multiple(%x: tensor<4x100xf32>, %s: tensor<4x3xf32>, %zp: tensor<4x3xi32>) {
  %q_init = tensor.empty() : tensor<4x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (32)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x100xf32>, tensor<4x3xf32>, tensor<4x3xi32>)
         outs(%q_init : tensor<4x100xsi8>) layout = #baracuda.per_group<size = 32> range = [-128, 127] -> tensor<4x100xsi8>
  return
}

// -----

func.func @axis_not_multiple_dynamic_outer(%x: tensor<?x100xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x100xf32>
  %q_init = tensor.empty(%q_d0) : tensor<?x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (64)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x100xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x100xsi8>) layout = #baracuda.per_group<size = 64> range = [-128, 127] -> tensor<?x100xsi8>
  return
}

// -----

// The input is dynamic; the output type pins axis_size, so the rule applies.
func.func @axis_not_multiple_pinned_by_output(%x: tensor<?x?xf32>, %s: tensor<?x?xf32>, %zp: tensor<?x?xi32>) {
  %q_init = tensor.empty() : tensor<4x100xsi8>
  // expected-error @+1 {{dim 1 of the data (100) must be a multiple of group_size (32)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<4x100xsi8>) layout = #baracuda.per_group<size = 32> range = [-128, 127] -> tensor<4x100xsi8>
  return
}

// -----

// The input's outer size is dynamic; the output type pins it, and the scale
// disagrees.
func.func @scale_rows_pinned_by_output(%x: tensor<?x8xf32>, %s: tensor<5x2xf32>, %zp: tensor<?x?xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale shape [5, 2] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x8xf32>, tensor<5x2xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @q_max_below_q_min(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{q_max (-1) must be greater than or equal to q_min (0)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [0, -1] -> tensor<4x8xsi8>
  return
}

// -----

func.func @q_min_below_s8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{q_min (-129) must lie in the s8 range [-128, 127]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-129, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @q_max_above_s8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{q_max (128) must lie in the s8 range [-128, 127]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 128] -> tensor<4x8xsi8>
  return
}

// -----

func.func @q_min_below_u8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xui8>
  // expected-error @+1 {{q_min (-1) must lie in the u8 range [0, 255]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xui8>) layout = #baracuda.per_group<size = 4> range = [-1, 255] -> tensor<4x8xui8>
  return
}

// -----

func.func @q_max_above_u8(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xui8>
  // expected-error @+1 {{q_max (256) must lie in the u8 range [0, 255]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xui8>) layout = #baracuda.per_group<size = 4> range = [0, 256] -> tensor<4x8xui8>
  return
}

// -----

func.func @scale_groups(%x: tensor<4x8xf32>, %s: tensor<4x3xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale shape [4, 3] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x3xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @scale_rows(%x: tensor<4x8xf32>, %s: tensor<5x?xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale shape [5, ?] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<5x?xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @zero_point_shape(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x4xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{zero_point shape [4, 4] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x4xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @output_shape(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x16xsi8>
  // expected-error @+1 {{output shape [4, 16] must equal input shape [4, 8]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x16xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x16xsi8>
  return
}

// -----

// The bufferized op shares the verifier.
func.func @into_axis_not_multiple(%x: memref<2x6xf32>, %s: memref<2x1xf32>, %zp: memref<2x1xi32>, %o: memref<2x6xsi8>) {
  // expected-error @+1 {{dim 1 of the data (6) must be a multiple of group_size (4)}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x6xf32>, memref<2x1xf32>, memref<2x1xi32>)
      outs(%o : memref<2x6xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
