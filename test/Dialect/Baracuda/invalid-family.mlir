// RUN: baracuda-opt %s -split-input-file -verify-diagnostics

// The family's rules beyond quantize per group, each broken once; the
// accepted side of each is in family-limits.mlir.

func.func @per_tensor_tensor_scale(%x: tensor<8xf32>, %s: tensor<1xf32>, %zp: i32, %o: tensor<8xsi8>) {
  // expected-error @+1 {{scale must be a scalar under #baracuda.per_tensor (one value for the whole tensor), got 'tensor<1xf32>'}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<8xf32>, tensor<1xf32>, i32) outs(%o : tensor<8xsi8>)
         layout = #baracuda.per_tensor range = [-128, 127] -> tensor<8xsi8>
  return
}

// -----

func.func @per_channel_scalar_scale(%x: tensor<2x8xf32>, %s: f32, %zp: tensor<8xi32>, %o: tensor<2x8xsi8>) {
  // expected-error @+1 {{scale must be a ranked tensor (the op has a result), got 'f32'}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, f32, tensor<8xi32>) outs(%o : tensor<2x8xsi8>)
         layout = #baracuda.per_channel<axis = 1> range = [-128, 127] -> tensor<2x8xsi8>
  return
}

// -----

func.func @per_tensor_scale_not_compute_type(%x: memref<8xf16>, %s: f16, %zp: i32, %o: memref<8xsi8>) {
  // expected-error @+1 {{scale type 'f16' must be f32 under #baracuda.per_tensor (the compute type of 'f16' data)}}
  baracuda.quantize ins(%x, %s, %zp : memref<8xf16>, f16, i32) outs(%o : memref<8xsi8>)
    layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

func.func @per_tensor_zero_point_i64(%x: memref<8xf64>, %s: f64, %zp: i64, %o: memref<8xsi8>) {
  // expected-error @+1 {{zero_point type 'i64' must be i32}}
  baracuda.quantize ins(%x, %s, %zp : memref<8xf64>, f64, i64) outs(%o : memref<8xsi8>)
    layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

func.func @per_channel_axis_past_rank(%q: memref<2x3x4xsi8>, %s: memref<4xf32>, %zp: memref<4xi32>, %y: memref<2x3x4xf32>) {
  // expected-error @+1 {{per_channel<axis = 3>: axis (3) must lie in [0, rank) = [0, 3)}}
  baracuda.dequantize ins(%q, %s, %zp : memref<2x3x4xsi8>, memref<4xf32>, memref<4xi32>) outs(%y : memref<2x3x4xf32>)
    layout = #baracuda.per_channel<axis = 3>
  return
}

// -----

func.func @per_channel_negative_axis(%q: memref<2x3x4xsi8>, %s: memref<4xf32>, %zp: memref<4xi32>, %y: memref<2x3x4xf32>) {
  // expected-error @+1 {{per_channel<axis = -1>: axis (-1) must lie in [0, rank) = [0, 3)}}
  baracuda.dequantize ins(%q, %s, %zp : memref<2x3x4xsi8>, memref<4xf32>, memref<4xi32>) outs(%y : memref<2x3x4xf32>)
    layout = #baracuda.per_channel<axis = -1>
  return
}

// -----

func.func @per_channel_wrong_parameter_size(%q: memref<2x3x4xsi8>, %s: memref<4xf32>, %zp: memref<4xi32>, %y: memref<2x3x4xf32>) {
  // expected-error @+1 {{scale shape [4] must be [dim 1 of the data] = [3]}}
  baracuda.dequantize ins(%q, %s, %zp : memref<2x3x4xsi8>, memref<4xf32>, memref<4xi32>) outs(%y : memref<2x3x4xf32>)
    layout = #baracuda.per_channel<axis = 1>
  return
}

// -----

func.func @per_token_rank3(%x: memref<2x3x4xbf16>, %s: memref<2xbf16>, %zp: memref<2xi32>, %o: memref<2x3x4xui8>) {
  // expected-error @+1 {{per_token: the data must be 2-D ([tokens, features]), got rank 3}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x3x4xbf16>, memref<2xbf16>, memref<2xi32>) outs(%o : memref<2x3x4xui8>)
    layout = #baracuda.per_token range = [0, 255]
  return
}

// -----

func.func @per_token_wrong_parameter_size(%x: memref<5x64xf32>, %s: memref<5xf32>, %zp: memref<4xi32>, %o: memref<5x64xsi8>) {
  // expected-error @+1 {{zero_point shape [4] must be [dim 0 of the data] = [5]}}
  baracuda.quantize ins(%x, %s, %zp : memref<5x64xf32>, memref<5xf32>, memref<4xi32>) outs(%o : memref<5x64xsi8>)
    layout = #baracuda.per_token range = [-128, 127]
  return
}

// -----

func.func @per_group_rank1(%x: memref<64xf32>, %s: memref<2xf32>, %zp: memref<2xi32>, %o: memref<64xsi8>) {
  // expected-error @+1 {{per_group<size = 32>: the data must be 2-D ([outer, axis]), got rank 1}}
  baracuda.quantize ins(%x, %s, %zp : memref<64xf32>, memref<2xf32>, memref<2xi32>) outs(%o : memref<64xsi8>)
    layout = #baracuda.per_group<size = 32> range = [-128, 127]
  return
}

// -----

func.func @dequantize_float_input(%q: memref<8xf32>, %s: f32, %zp: i32, %y: memref<8xf32>) {
  // expected-error @+1 {{input element type 'f32' must be si8 (s8) or ui8 (u8)}}
  baracuda.dequantize ins(%q, %s, %zp : memref<8xf32>, f32, i32) outs(%y : memref<8xf32>)
    layout = #baracuda.per_tensor
  return
}

// -----

func.func @dequantize_integer_output(%q: memref<8xsi8>, %s: f32, %zp: i32, %y: memref<8xsi8>) {
  // expected-error @+1 {{output element type 'si8' must be one of f32, f64, f16, bf16}}
  baracuda.dequantize ins(%q, %s, %zp : memref<8xsi8>, f32, i32) outs(%y : memref<8xsi8>)
    layout = #baracuda.per_tensor
  return
}

// -----

func.func @backward_types_disagree(%dy: memref<8xf32>, %x: memref<8xf16>, %s: f32, %zp: i32, %dx: memref<8xf32>) {
  // expected-error @+1 {{input element type 'f16' must match grad_output element type 'f32'}}
  baracuda.quantize_backward ins(%dy, %x, %s, %zp : memref<8xf32>, memref<8xf16>, f32, i32) outs(%dx : memref<8xf32>)
    layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

func.func @backward_shapes_disagree(%dy: memref<8xf32>, %x: memref<8xf32>, %s: f32, %zp: i32, %dx: memref<9xf32>) {
  // expected-error @+1 {{grad_input shape [9] must equal grad_output shape [8]}}
  baracuda.fake_quantize_backward ins(%dy, %x, %s, %zp : memref<8xf32>, memref<8xf32>, f32, i32) outs(%dx : memref<9xf32>)
    layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

func.func @dequantize_backward_scale_type(%dy: memref<4x8xf32>, %s: memref<8xf16>, %dq: memref<4x8xf32>) {
  // expected-error @+1 {{scale element type 'f16' must match grad_output element type 'f32'}}
  baracuda.dequantize_backward ins(%dy, %s : memref<4x8xf32>, memref<8xf16>) outs(%dq : memref<4x8xf32>)
    layout = #baracuda.per_channel<axis = 1>
  return
}

// -----

func.func @fake_quantize_range_order(%x: memref<8xf32>, %s: f32, %zp: i32, %y: memref<8xf32>) {
  // expected-error @+1 {{q_max (-1) must be greater than or equal to q_min (0)}}
  baracuda.fake_quantize ins(%x, %s, %zp : memref<8xf32>, f32, i32) outs(%y : memref<8xf32>)
    layout = #baracuda.per_tensor range = [0, -1]
  return
}

// -----

func.func @buffers_and_a_tensor(%x: memref<8xf32>, %s: f32, %zp: i32, %y: tensor<8xf32>) {
  // expected-error @+1 {{input must be a ranked tensor (the op has a result), got 'memref<8xf32>'}}
  %r = baracuda.fake_quantize ins(%x, %s, %zp : memref<8xf32>, f32, i32) outs(%y : tensor<8xf32>)
         layout = #baracuda.per_tensor range = [0, 255] -> tensor<8xf32>
  return
}

// -----

func.func @too_many_elements(%x: memref<2147483647x2147483647x2147483647xf32>, %s: f32, %zp: i32,
                             %y: memref<2147483647x2147483647x2147483647xsi8>) {
  // expected-error @+1 {{the data [2147483647, 2147483647, 2147483647] must have at most 2^60 elements}}
  baracuda.quantize ins(%x, %s, %zp : memref<2147483647x2147483647x2147483647xf32>, f32, i32)
    outs(%y : memref<2147483647x2147483647x2147483647xsi8>) layout = #baracuda.per_tensor range = [-128, 127]
  return
}

// -----

// One element past a multiple of the group.
func.func @group_remainder_one(%x: memref<2x9xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %y: memref<2x9xf32>) {
  // expected-error @+1 {{dim 1 of the data (9) must be a multiple of group_size (4)}}
  baracuda.fake_quantize ins(%x, %s, %zp : memref<2x9xf32>, memref<2x2xf32>, memref<2x2xi32>) outs(%y : memref<2x9xf32>)
    layout = #baracuda.per_group<size = 4> range = [-8, 7]
  return
}
