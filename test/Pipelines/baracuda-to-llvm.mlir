// RUN: baracuda-opt %s --baracuda-to-llvm | FileCheck %s
// RUN: baracuda-opt %s --baracuda-to-llvm | FileCheck %s --check-prefix=ONLY-LLVM
// RUN: baracuda-opt %s --baracuda-to-llvm | baracuda-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// The CPU path ends in the llvm dialect only. (A prefix of its own with
// only NOT lines: they cover the whole output.)
// ONLY-LLVM-NOT: baracuda.
// ONLY-LLVM-NOT: memref.
// ONLY-LLVM-NOT: scf.
// ONLY-LLVM-NOT: {{[^.]}}vector.
// ONLY-LLVM-NOT: arith.
// ONLY-LLVM-NOT: math.
// ONLY-LLVM-NOT: func.func
// ONLY-LLVM-NOT: unrealized_conversion_cast
// CHECK-LABEL: llvm.func @quantize(
// CHECK: llvm.call @baracuda_cpu_quantize_f16_u8(
// CHECK-LABEL: llvm.func @baracuda_cpu_quantize_f16_u8(
// CHECK: llvm.fdiv {{.*}} : f32
// CHECK: llvm.intr.roundeven
// CHECK: llvm.fptosi
// CHECK-LABEL: llvm.func @_mlir_ciface_baracuda_cpu_quantize_f16_u8(

// LLVMIR: define void @_mlir_ciface_baracuda_cpu_quantize_f16_u8(ptr %0, ptr %1, ptr %2, ptr %3, i64 %4, i64 %5, i64 %6, i32 %7, i32 %8, i32 %9, i32 %10)
func.func @quantize(%x: tensor<?x?xf16>, %s: tensor<?x?xf16>, %zp: tensor<?x?xi32>) -> tensor<?x?xui8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x?xf16>
  %q_c1 = arith.constant 1 : index
  %q_d1 = tensor.dim %x, %q_c1 : tensor<?x?xf16>
  %q_init = tensor.empty(%q_d0, %q_d1) : tensor<?x?xui8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x?xf16>, tensor<?x?xf16>, tensor<?x?xi32>)
         outs(%q_init : tensor<?x?xui8>) layout = #baracuda.per_group<size = 16> range = [0, 255] -> tensor<?x?xui8>
  return %q : tensor<?x?xui8>
}
