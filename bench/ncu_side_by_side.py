#!/usr/bin/env python3
"""Two Nsight Compute detail pages (ncu --page details --print-units base),
one kernel each, as one table of the kept metrics (KEEP) either reports:
name, unit, value A, value B ('-' where a page lacks it). Used by
bench/ncu_vs_inductor.sh."""
import re
import sys

# Metrics worth reading first when two memory-bound kernels differ.
KEEP = re.compile(
    r"Duration|DRAM Throughput|Memory Throughput|L1/TEX Hit|L2 Hit|Mem Busy|"
    r"Max Bandwidth|Grid Size|Block Size|Registers Per Thread|Waves Per SM|"
    r"Achieved Occupancy|Theoretical Occupancy|Achieved Active Warps|"
    r"Block Limit|Issue Slots Busy|Issued Warp Per Scheduler|No Eligible|"
    r"Active Warps Per Scheduler|Eligible Warps Per Scheduler|"
    r"Warp Cycles Per Issued Instruction|Executed Ipc|Elapsed Cycles|"
    r"Shared Memory Configuration Size|Dynamic Shared Memory|Static Shared Memory|"
    r"Threads|Uses Green Context|SM Frequency|DRAM Frequency")


def read(path):
    """(kernel name, {metric: (unit, value)}) of the first kernel in `path`."""
    name, metrics = None, {}
    for line in open(path, errors="replace"):
        if name is None and re.match(r"^  \S.*\(\d+, \d+, \d+\)x\(\d+, \d+, \d+\)", line):
            name = line.strip()
            continue
        # "    Metric Name     unit value": the name ends at two spaces; the
        # unit is left out for plain counts.
        m = re.match(r"^\s{4}(\S.*?)\s{2,}(\S.*?)\s*$", line)
        if not (name and m and KEEP.search(m.group(1))):
            continue
        fields = m.group(2).split()
        if 1 <= len(fields) <= 2:
            unit, value = (fields[0], fields[1]) if len(fields) == 2 else ("", fields[0])
            key = m.group(1)
            if key in metrics and metrics[key][0] != unit:
                key = f"{key} [{unit}]"  # e.g. Memory Throughput, in % and in byte/s
            metrics.setdefault(key, (unit, value))
    return name, metrics


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ncu_side_by_side.py A.txt B.txt")
    (name_a, a), (name_b, b) = read(sys.argv[1]), read(sys.argv[2])
    print(f"A: {name_a}\nB: {name_b}")
    print("| metric | unit | A | B |\n|---|---|---|---|")
    for key in list(a) + [k for k in b if k not in a]:
        unit = (a.get(key) or b.get(key))[0]
        print(f"| {key} | {unit} | {a.get(key, ('', '-'))[1]} | {b.get(key, ('', '-'))[1]} |")


if __name__ == "__main__":
    main()
