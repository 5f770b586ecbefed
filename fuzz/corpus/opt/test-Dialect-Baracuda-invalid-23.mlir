// The bufferized op shares the verifier.
func.func @into_axis_not_multiple(%x: memref<2x6xf32>, %s: memref<2x1xf32>, %zp: memref<2x1xi32>, %o: memref<2x6xsi8>) {
  // expected-error @+1 {{dim 1 of the data (6) must be a multiple of group_size (4)}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x6xf32>, memref<2x1xf32>, memref<2x1xi32>)
      outs(%o : memref<2x6xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
