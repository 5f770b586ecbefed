func.func @into_axis_not_multiple(%x: memref<2x6xf32>, %s: memref<2x1xf32>, %zp: memref<2x1xi32>, %o: memref<2x6xsi8>) {
  baracuda.quantize_per_group_into %x, %s, %zp, %o group_size = 4 range = [-128, 127]
       : memref<2x6xf32>, memref<2x1xf32>, memref<2x1xi32>, memref<2x6xsi8>
  return
}
