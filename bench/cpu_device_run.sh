#!/usr/bin/env bash
# The CPU measurements of issue 11 on the device host. Copy this file and
# bench/cpu_torch_compare.py and bench/quantize_formula.py into a runtime bundle (scripts/device_bundle.sh)
# and run it from there; results land in $OUT (or /tmp).
cd "$(dirname "$0")"
o=${OUT:-/tmp}
{ date -u; nproc; lscpu | grep -E "Model name|Socket|Core|Thread|NUMA node|L3|MHz"; grep -o 'avx512[a-z_]*\|f16c\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo;
  cat /sys/fs/cgroup/cpu.max 2>/dev/null; python3 -c "import torch;print('torch', torch.__version__)"; which g++ gcc cc; } > $o/env.txt 2>&1
timeout 45 bin/baracuda-cpu-bench --threads 16 > $o/bench.txt 2>&1
timeout 170 python3 cpu_torch_compare.py --lib lib/libbaracuda_runtime.so --threads 16,32 > $o/torch.txt 2>&1
{ timeout 40 bin/baracuda-cpu-bench --threads 32 | tail -9
  timeout 30 bin/baracuda-cpu-bench --threads 1 | tail -9
  BARACUDA_CPU_KERNEL_SET=x86-64-v3 timeout 30 bin/baracuda-cpu-bench --threads 1 --pairs f32_s8,f64_s8,f16_s8,bf16_s8 | tail -5
  timeout 25 bin/baracuda-cpu-bench --small-sweep --threads 16 --rows 1024 --cols 4096 --pairs f32_s8 | tail -13; } >> $o/bench.txt 2>&1
cat $o/env.txt $o/bench.txt $o/torch.txt
