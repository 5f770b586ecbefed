// Every bad option value of the pipelines fails the command (non-zero exit)
// with a message naming the option and the value.
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=chips=foo' 2>&1 | FileCheck %s --check-prefix=CHIPS
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90,sm_x' 2>&1 | FileCheck %s --check-prefix=CHIPS2
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=format=bogus' 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=vectors-per-thread=512' 2>&1 | FileCheck %s --check-prefix=VPT
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=vectors-per-thread=-1' 2>&1 | FileCheck %s --check-prefix=VPT0
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=opt-level=4' 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=min-blocks-per-multiprocessor=33' 2>&1 | FileCheck %s --check-prefix=MINB
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=threads-per-block=2048' 2>&1 | FileCheck %s --check-prefix=TPB
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=threads-per-block=16' 2>&1 | FileCheck %s --check-prefix=TPB16
// RUN: not baracuda-opt %s '--baracuda-to-nvvm=vectors-per-thread=x' 2>&1 | FileCheck %s --check-prefix=PARSE
// RUN: not baracuda-opt %s '--baracuda-to-llvm=runtime-verification=maybe' 2>&1 | FileCheck %s --check-prefix=PARSE-LLVM
// RUN: not baracuda-opt %s '--baracuda-to-llvm=no-such-option=1' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// The bounds themselves are accepted.
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90a format=isa vectors-per-thread=16 min-blocks-per-multiprocessor=32 opt-level=0' | FileCheck %s --check-prefix=OK
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa threads-per-block=32' | FileCheck %s --check-prefix=OK
// RUN: baracuda-opt %s '--baracuda-to-nvvm=chips=sm_90 format=isa threads-per-block=1024' | FileCheck %s --check-prefix=OK

// CHIPS: error: baracuda-to-nvvm: chips: 'foo' is not a chip name: expected sm_<number>, e.g. sm_80, sm_90a
// CHIPS2: error: baracuda-to-nvvm: chips: 'sm_x' is not a chip name
// FORMAT: error: baracuda-to-nvvm: format: 'bogus' is not one of fatbin, bin, isa, llvm
// VPT: error: baracuda-to-nvvm: vectors-per-thread (512) must be 0 or in [1, 16]
// VPT0: error: baracuda-to-nvvm: vectors-per-thread (-1) must be 0 or in [1, 16]
// OPT: error: baracuda-to-nvvm: opt-level (4) must be in [0, 3]
// MINB: error: baracuda-to-nvvm: min-blocks-per-multiprocessor (33) must be in [0, 32]
// TPB: error: baracuda-to-nvvm: threads-per-block (2048) must be 0 or a multiple of 32 in [32, 1024]
// TPB16: error: baracuda-to-nvvm: threads-per-block (16) must be 0 or a multiple of 32 in [32, 1024]
// PARSE: error: cannot parse the options of baracuda-to-nvvm: 'vectors-per-thread=x'
// PARSE-LLVM: error: cannot parse the options of baracuda-to-llvm: 'runtime-verification=maybe'
// UNKNOWN: error: cannot parse the options of baracuda-to-llvm: 'no-such-option=1'
// OK: gpu.binary @baracuda_kernels

func.func @f(%x: tensor<?x256xf32>, %s: tensor<?x2xf32>, %zp: tensor<?x2xi32>) -> tensor<?x256xsi8> {
  %q_c0 = arith.constant 0 : index
  %q_d0 = tensor.dim %x, %q_c0 : tensor<?x256xf32>
  %q_init = tensor.empty(%q_d0) : tensor<?x256xsi8>
  %q = baracuda.quantize ins(%x, %s, %zp : tensor<?x256xf32>, tensor<?x2xf32>, tensor<?x2xi32>)
         outs(%q_init : tensor<?x256xsi8>) layout = #baracuda.per_group<size = 128> range = [-128, 127] -> tensor<?x256xsi8>
  return %q : tensor<?x256xsi8>
}
