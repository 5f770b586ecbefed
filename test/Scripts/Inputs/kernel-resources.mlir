// An op-level module for kernel-resources.test: one op, so three kernels
// (the generic one and, the static block 256 fitting their widths, the
// narrow and the wide vectorized one).
func.func @dequantize_per_token(%q: memref<?x256xsi8>, %s: memref<?xf32>, %zp: memref<?xi32>, %y: memref<?x256xf32>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x256xsi8>, memref<?xf32>, memref<?xi32>)
    outs(%y : memref<?x256xf32>) layout = #baracuda.per_token
  return
}
