func.func @into_output_space(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8, #gpu.address_space<global>>) {
  // expected-error @+1 {{output type 'memref<2x8xsi8, #gpu.address_space<global>>' is in a memory space}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8, #gpu.address_space<global>>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
