// RUN: baracuda-opt %s --convert-baracuda-to-gpu -split-input-file -verify-diagnostics

// What convert-baracuda-to-gpu cannot lower is rejected with a message.

// A user symbol named like the generated kernel module.
// expected-error @+1 {{'gpu.module' op defines symbol '@baracuda_kernels', which convert-baracuda-to-gpu generates}}
gpu.module @baracuda_kernels {
}
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}
