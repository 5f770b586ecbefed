// An op-level module for kernel-resources.test: 16-bit quantize with
// parameters in memory, whose ring variant is compiled for five blocks per
// SM (KernelAbi.h's familyRingMinThreadsPerMultiprocessor).
func.func @quantize_f16(%x: memref<?x256xf16>, %s: memref<?xf16>, %zp: memref<?xi32>, %q: memref<?x256xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x256xf16>, memref<?xf16>, memref<?xi32>)
    outs(%q : memref<?x256xsi8>) layout = #baracuda.per_token range = [-128, 127]
  return
}

func.func @quantize_bf16(%x: memref<?x256xbf16>, %s: memref<?xbf16>, %zp: memref<?xi32>, %q: memref<?x256xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<?x256xbf16>, memref<?xbf16>, memref<?xi32>)
    outs(%q : memref<?x256xui8>) layout = #baracuda.per_token range = [0, 255]
  return
}
