// An op-level module for kernel-resources.test: 16-bit dequantize from s8
// and from u8, whose staged wide kernels are compiled for different
// occupancies (KernelAbi.h's familyStagedMinThreadsPerMultiprocessor).
func.func @dequantize_s8(%q: memref<?x256xsi8>, %s: memref<?xf16>, %zp: memref<?xi32>, %y: memref<?x256xf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x256xsi8>, memref<?xf16>, memref<?xi32>)
    outs(%y : memref<?x256xf16>) layout = #baracuda.per_token
  return
}

func.func @dequantize_u8(%q: memref<?x256xui8>, %s: memref<?xf16>, %zp: memref<?xi32>, %y: memref<?x256xf16>) {
  baracuda.dequantize ins(%q, %s, %zp : memref<?x256xui8>, memref<?xf16>, memref<?xi32>)
    outs(%y : memref<?x256xf16>) layout = #baracuda.per_token
  return
}
