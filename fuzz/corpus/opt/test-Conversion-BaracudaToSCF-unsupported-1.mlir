// expected-error @+1 {{defines symbol '@_mlir_ciface_baracuda_cpu_quantize_per_group_f32_u8'}}
func.func private @_mlir_ciface_baracuda_cpu_quantize_per_group_f32_u8()
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xui8>) layout = #baracuda.per_group<size = 4> range = [0, 255]
  return
}
