// RUN: baracuda-opt %s -split-input-file -verify-diagnostics --baracuda-to-llvm -o /dev/null
// RUN: baracuda-opt %s -split-input-file -verify-diagnostics '--baracuda-to-nvvm=format=isa' -o /dev/null

// Both pipelines fail, with the check's error, on a host memref in a
// memory space the LLVM lowering cannot place, instead of succeeding with
// upstream's error and a half-lowered module.

// expected-error @+1 {{baracuda-check-host-memory-spaces: host code uses 'memref<2x8xsi8, #gpu.address_space<global>>'}}
func.func @output_in_global(%x: memref<2x8xf32>, %s: memref<2x2xf32>, %zp: memref<2x2xi32>, %o: memref<2x8xsi8, #gpu.address_space<global>>) {
  return
}
