func.func @into_memory_space(%x: memref<2x8xf32, 1>, %s: memref<2x2xf32, 1>, %zp: memref<2x2xi32, 1>, %o: memref<2x8xsi8, 1>) {
  // expected-error @+1 {{input type 'memref<2x8xf32, 1>' is in a memory space; only the default memory space is supported}}
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32, 1>, memref<2x2xf32, 1>, memref<2x2xi32, 1>)
      outs(%o : memref<2x8xsi8, 1>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
