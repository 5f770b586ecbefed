//===- Passes.td - baracuda conversion passes --------------*- tablegen -*-===//

#ifndef BARACUDA_CONVERSION_PASSES_TD
#define BARACUDA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertBaracudaToGPUPass : Pass<"convert-baracuda-to-gpu", "ModuleOp"> {
  let summary = "Lower bufferized baracuda ops to GPU kernel launches";
  let description = [{
    Replaces each bufferized op of the quantization family (quantize,
    dequantize, their backward ops, fake_quantize and its backward, under
    every parameter layout) by a `gpu.launch_func` of a shape-generic kernel
    in the `gpu.module @baracuda_kernels`, creating the kernel on first use
    (one per op, element types and per-tensor or memory parameters:
    `<op>[_per_tensor]_<T>[_<q>]`). The kernel takes flattened 1-D buffers
    (per-tensor parameters by value), the element count, `block`, `period`
    and `q_min`/`q_max` as run-time arguments
    (include/baracuda/Support/KernelAbi.h): element i uses parameter
    (i / block) % period, so the same kernel serves every shape and every
    layout; the runtime launches these kernels by name from the
    ahead-of-time kernel library.

    The kernel body is one skeleton for every op (a grid-stride loop over
    the elements, arith/math/memref/scf ops) around the op's element
    function (lib/Conversion/QuantizeCommon/FamilyElement.cpp); upstream
    `convert-gpu-to-nvvm` and `gpu-module-to-binary` take it to PTX and
    cubin. When the block allows (a power of two and a multiple of the
    width; any block for per-tensor kernels), vectorized kernels (`_v<W>`:
    W elements per vector, read in 16-byte accesses) are emitted too: a
    narrow one (one 16-byte load per vector for f16/bf16/f32, f64: two) and
    a wide one with twice the width, whose threads compute their
    parameters once for twice the elements. Each thread handles
    several vectors per loop step, all loaded before any is computed: as
    many as KernelAbi.h's familyVectorsPerThread gives the kernel (one; for
    the parameter-vector kernels of 16-bit dequantize and
    dequantize_backward four), or `vectors-per-thread` for every kernel when
    that is set. The parameter-vector kernels of the ops with a range take
    one vector per step from a ring of asynchronous copies
    (`nvgpu.device_async_copy`) in workgroup memory instead, the next items'
    copies in flight (familyParameterVectorAsyncStages slots), unless
    `vectors-per-thread` is set. The host code launches the wide kernel for problems that fill
    a wave of its threads, else the narrow one, each only for buffers
    aligned to its accesses, and the scalar kernel otherwise (the runtime's
    plan picks the same way).
  }];
  let options = [
    Option<"vectorsPerThread", "vectors-per-thread", "int",
           /*default=*/"0",
           "Vectors each thread of a vectorized kernel loads per loop step, 1 to 16, "
           "for every kernel; 0 (default): KernelAbi.h's per-kernel rule, which the "
           "runtime sizes its grids for">,
    Option<"threadsPerBlock", "threads-per-block", "int", /*default=*/"0",
           "Threads per block of every kernel, a multiple of 32 from 32 to "
           "1024; 0 (default): each op's (QuantizeFamily.def), the block the "
           "runtime's catalog launches and checks at module load">,
    Option<"minBlocksPerMultiprocessor", "min-blocks-per-multiprocessor",
           "int", /*default=*/"::baracuda::kQuantizeMinBlocksPerMultiprocessor",
           "Blocks a vectorized kernel must fit per multiprocessor "
           "(nvvm.minctasm: caps registers per thread; 0 leaves it to ptxas)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def ConvertBaracudaToSCFPass : Pass<"convert-baracuda-to-scf", "ModuleOp"> {
  let summary = "Lower bufferized baracuda ops to calls of host loop kernels";
  let description = [{
    Replaces each bufferized op of the quantization family by a `func.call`
    of a shape-generic host kernel `@baracuda_cpu_<op>[_per_tensor]_<T>[_<q>]`
    created on first use: an `scf.for` over the ceil(n / block) blocks of
    elements that share a parameter (parameters loaded once per block, the
    fast or exact path chosen once per block) around loops over 16- and
    8-element vectors and a scalar loop over the block's last elements.
    The kernel carries `llvm.emit_c_interface`, so after the upstream LLVM
    lowering the runtime can call `_mlir_ciface_<name>` with memref
    descriptors. Signature and semantics are those of the GPU kernels.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CheckHostMemorySpacesPass
    : Pass<"baracuda-check-host-memory-spaces", "ModuleOp"> {
  let summary = "Reject host memrefs that the LLVM lowering cannot place in "
                "an address space";
  let description = [{
    Fails, with an error naming the value and its type, on any memref in
    host code (outside `gpu.module`s) whose memory space is neither absent
    nor an integer, e.g. `#gpu.address_space<global>`. Upstream's
    `convert-func-to-llvm` reports such a type as an error but still
    succeeds, leaving a half-lowered module; both pipelines run this check
    first, so they fail instead.
  }];
}

#endif // BARACUDA_CONVERSION_PASSES_TD
