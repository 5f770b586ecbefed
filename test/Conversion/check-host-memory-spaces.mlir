// RUN: baracuda-opt %s -split-input-file -verify-diagnostics --baracuda-check-host-memory-spaces | FileCheck %s

// Host memrefs must be in no memory space or an integer one: the LLVM type
// converter maps nothing else to an address space, and upstream's
// convert-func-to-llvm reports that as an error yet succeeds, leaving a
// half-lowered module (a fuzz finding of baracuda-fuzz-opt). One error per
// op, for the first such type.

// expected-error @+1 {{baracuda-check-host-memory-spaces: host code uses 'memref<2x8xi8, #gpu.address_space<global>>', in memory space #gpu.address_space<global>, which the LLVM lowering cannot place (it takes no memory space or an integer one)}}
func.func @argument(%o: memref<2x8xi8, #gpu.address_space<global>>) {
  return
}

// -----

func.func @result() {
  // expected-error @+1 {{host code uses 'memref<4xf32, #gpu.address_space<workgroup>>', in memory space #gpu.address_space<workgroup>}}
  %a = memref.alloc() : memref<4xf32, #gpu.address_space<workgroup>>
  return
}

// -----

// expected-error @+1 {{host code uses 'memref<*xf32, "host">', in memory space "host"}}
func.func private @declaration(memref<*xf32, "host">)

// -----

// The accepted side: no memory space, an integer one, and device code,
// which keeps its own address spaces.
// CHECK-LABEL: func @integer_spaces(
func.func @integer_spaces(%a: memref<4xf32>, %b: memref<4xf32, 1>) {
  return
}

// -----

// CHECK: gpu.module @kernels
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%a: memref<4xf32, #gpu.address_space<global>>) kernel {
      gpu.return
    }
  }
}
