// RUN: baracuda-opt %s -split-input-file -verify-diagnostics

// Issue 9's diagnostics and verifier gaps, each broken once; the accepted
// side of each is in limits.mlir. Messages name the operand and its type.

func.func @zero_point_rank1(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<8xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{zero_point shape [8] must be [dim 0 of the data, dim 1 of the data / 4] = [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<8xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @output_i32(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xi32>
  // expected-error-re @+1 {{output element type 'i32' must be si8 (s8) or ui8 (u8){{$}}}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xi32>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xi32>
  return
}

// -----

func.func @output_float(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xf32>
  // expected-error-re @+1 {{output element type 'f32' must be si8 (s8) or ui8 (u8){{$}}}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xf32>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xf32>
  return
}

// -----

func.func @scale_element_f64(%x: tensor<4x8xf16>, %s: tensor<4x2xf64>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{scale element type 'f64' must match input element type 'f16'}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf16>, tensor<4x2xf64>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x8xsi8>
  return
}

// -----

// 4 rows of scale against 5 of zero point, with input and output leaving
// the rows dynamic.
func.func @scale_zero_point_rows(%x: tensor<?x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<5x2xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x8xf32>
  %q_init = tensor.empty(%q_d0) : tensor<?x8xsi8>
  // expected-error @+1 {{zero_point shape [5, 2] must equal scale shape [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x8xf32>, tensor<4x2xf32>, tensor<5x2xi32>)
         outs(%q_init : tensor<?x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x8xsi8>
  return
}

// -----

func.func @scale_zero_point_groups(%x: tensor<4x?xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x3xi32>) {
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<4x?xf32>
  %q_init = tensor.empty(%q_d1) : tensor<4x?xsi8>
  // expected-error @+1 {{zero_point shape [4, 3] must equal scale shape [4, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x?xf32>, tensor<4x2xf32>, tensor<4x3xi32>)
         outs(%q_init : tensor<4x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x?xsi8>
  return
}

// -----

// The output pins the axis the input leaves dynamic.
func.func @output_pins_axis(%x: tensor<4x?xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x6xsi8>
  // expected-error @+1 {{dim 1 of the data (6) must be a multiple of group_size (4)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x?xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x6xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<4x6xsi8>
  return
}

// -----

func.func @output_pins_rows(%x: tensor<?x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<3x8xsi8>
  // expected-error @+1 {{scale shape [4, 2] must be [dim 0 of the data, dim 1 of the data / 4] = [3, 2]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<3x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<3x8xsi8>
  return
}

// -----

func.func @outer_beyond_32_bits(%x: tensor<2147483648x8xf32>, %s: tensor<2147483648x2xf32>, %zp: tensor<2147483648x2xi32>) {
  %q_init = tensor.empty() : tensor<2147483648x8xsi8>
  // expected-error @+1 {{input shape [2147483648, 8]: dim 0 must be at most 2147483647 (the runtime's descriptors are 32-bit)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2147483648x8xf32>, tensor<2147483648x2xf32>, tensor<2147483648x2xi32>)
         outs(%q_init : tensor<2147483648x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2147483648x8xsi8>
  return
}

// -----

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

// -----

// Only the scale is static, and beyond the limit.
func.func @scale_beyond_32_bits(%x: tensor<?x?xf32>, %s: tensor<?x4294967296xf32>, %zp: tensor<?x?xi32>) {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf32>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf32>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xsi8>
  // expected-error @+1 {{scale shape [?, 4294967296]: dim 1 must be at most 2147483647}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf32>, tensor<?x4294967296xf32>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<?x?xsi8>
  return
}

// -----

func.func @into_memory_space(%x: memref<2x8xf32, 1>, %s: memref<2x2xf32, 1>, %zp: memref<2x2xi32, 1>, %o: memref<2x8xsi8, 1>) {
  // expected-error @+1 {{input type 'memref<2x8xf32, 1>' is in a memory space; only the default memory space is supported}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32, 1>, memref<2x2xf32, 1>, memref<2x2xi32, 1>)
      outs(%o : memref<2x8xsi8, 1>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

func.func @into_output_space(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8, #gpu.address_space<global>>) {
  // expected-error @+1 {{output type 'memref<2x8xsi8, #gpu.address_space<global>>' is in a memory space}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8, #gpu.address_space<global>>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

func.func @into_zero_point_element(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xsi32>, %o: memref<2x8xsi8>) {
  // expected-error @+1 {{zero_point element type 'si32' must be i32}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xsi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

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

// -----

func.func @q_min_wraps(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+2 {{integer constant out of range for attribute}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [4294967168, 127] -> tensor<4x8xsi8>
  return
}

// -----

// The extreme literals that fit are reported as written.
func.func @q_min_extreme(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{q_min (-2147483648) must lie in the s8 range [-128, 127]}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-2147483648, 127] -> tensor<4x8xsi8>
  return
}

// -----

func.func @group_size_extreme(%x: tensor<4x8xf32>, %s: tensor<4x2xf32>, %zp: tensor<4x2xi32>) {
  %q_init = tensor.empty() : tensor<4x8xsi8>
  // expected-error @+1 {{dim 1 of the data (8) must be a multiple of group_size (2147483647)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32>)
         outs(%q_init : tensor<4x8xsi8>) layout = #baracuda.per_group<size = 2147483647> range = [-128, 127] -> tensor<4x8xsi8>
  return
}
