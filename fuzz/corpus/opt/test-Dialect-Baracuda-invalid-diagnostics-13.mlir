func.func @into_zero_point_element(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xsi32>, %o: memref<2x8xsi8>) {
  // expected-error @+1 {{zero_point element type 'si32' must be i32}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xsi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
