func.func @strided(%x: memref<4x8xf32, strided<[16, 1]>>, %s: memref<4x2xf32>, %zp: memref<4x2xi32>, %o: memref<4x8xsi8>) {
  // expected-error @+1 {{baracuda kernels need contiguous row-major (identity layout) buffers; got 'memref<4x8xf32, strided<[16, 1]>>'}}
  baracuda.quantize ins(%x, %s, %zp : memref<4x8xf32, strided<[16, 1]>>, memref<4x2xf32>, memref<4x2xi32>)
      outs(%o : memref<4x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
