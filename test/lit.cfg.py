# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "BARACUDA"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.baracuda_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%cuda_toolkit", config.cuda_toolkit_dir))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# ptxas serializes cubin; without a toolkit only PTX tests can run.
if os.path.exists(os.path.join(config.cuda_toolkit_dir, "bin", "ptxas")):
    config.available_features.add("ptxas")

tool_dirs = [config.baracuda_tools_dir, config.llvm_tools_dir]
tools = ["baracuda-opt", "baracuda-translate", "llc", "not"]

# End-to-end tests compile lowered host code into a small C harness.
if os.path.exists(os.path.join(config.llvm_tools_dir, "clang")):
    config.available_features.add("clang")
    tools.append("clang")

# baracuda-run with kernel modules for both backends (built with the runtime
# and its tests).
sm80_fatbin = os.path.join(config.baracuda_kernels_dir, "kernel_library.sm_80.fatbin")
cpu_kernels_so = os.path.join(config.baracuda_lib_dir, "libBaracudaTestCpuKernels.so")
if all(
    os.path.exists(path)
    for path in (
        os.path.join(config.baracuda_tools_dir, "baracuda-run"),
        sm80_fatbin,
        cpu_kernels_so,
    )
):
    config.available_features.add("baracuda-run")
    tools.append("baracuda-run")
    config.substitutions.append(("%sm80_fatbin", sm80_fatbin))
    config.substitutions.append(("%cpu_kernels_so", cpu_kernels_so))

llvm_config.add_tool_substitutions(tools, tool_dirs)
