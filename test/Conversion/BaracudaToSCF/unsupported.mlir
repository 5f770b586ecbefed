// RUN: baracuda-opt %s --convert-baracuda-to-scf -split-input-file -verify-diagnostics

// What convert-baracuda-to-scf cannot lower is rejected with a message,
// never left in its output.

// A user function with a generated kernel's name is not taken for the kernel.
// expected-error @+1 {{'func.func' op defines symbol '@baracuda_cpu_quantize_f32_s8', which convert-baracuda-to-scf generates (the runtime looks kernels up by this name); rename it}}
func.func @baracuda_cpu_quantize_f32_s8(%x: memref<?xf32>, %s: memref<?xf32>, %zp: memref<?xi32>, %o: memref<?xi8>, %n: i64, %g: i64, %lo: i32, %hi: i32) {
  return
}
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
  return
}

// -----

// expected-error @+1 {{defines symbol '@_mlir_ciface_baracuda_cpu_quantize_f32_u8'}}
func.func private @_mlir_ciface_baracuda_cpu_quantize_f32_u8()
func.func @user(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xui8>) {
  baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
      outs(%o : memref<2x8xui8>) layout = #baracuda.per_group<size = 4> range = [0, 255]
  return
}

// -----

module {
  builtin.module @inner {
    func.func @nested(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8>) {
      // expected-error @+1 {{op inside a nested builtin.module is not lowered by convert-baracuda-to-scf}}
      baracuda.quantize ins(%x, %s, %zp : memref<2x8xf32>, memref<2x2xf32>, memref<2x2xi32>)
          outs(%o : memref<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127]
      return
    }
  }
}

// -----

func.func @tensor_form(%x: tensor<2x8xf32>, %s: tensor<2x2xf32>, %zp: tensor<2x2xi32>) -> tensor<2x8xsi8> {
  %q_init = tensor.empty() : tensor<2x8xsi8>
  // expected-error @+1 {{'baracuda.quantize' op must be bufferized before convert-baracuda-to-scf (run --baracuda-bufferize first)}}
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi32>)
         outs(%q_init : tensor<2x8xsi8>) layout = #baracuda.per_group<size = 4> range = [-128, 127] -> tensor<2x8xsi8>
  return %q : tensor<2x8xsi8>
}
