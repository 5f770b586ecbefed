// expected-error @+1 {{'func.func' op defines symbol '@baracuda_kernels'}}
func.func private @baracuda_kernels()
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
