#!/usr/bin/env python3
"""Where a kernel's warps wait, instruction by instruction.

Reads the SASS page of an Nsight Compute report exported as CSV
(`ncu -i R.ncu-rep --page source --csv --print-source sass`, a report taken
with the SourceCounters section, which samples warp program counters) and
prints the instructions with the most stall samples, each with its share of
the kernel's samples and its largest stall reasons, then the samples by
opcode. The export's column names differ between Nsight Compute versions, so
columns are found by what their names contain.

  python3 bench/ncu_sass_stalls.py R.sass.csv [--top 30]
"""

import argparse
import collections
import csv
import re
import sys


def number(text):
    text = (text or "").replace(",", "").strip()
    try:
        return float(text)
    except ValueError:
        return 0.0


def find_column(header, *needles, exclude=()):
    for name in header:
        lower = name.lower()
        if all(n in lower for n in needles) and not any(
                e in lower for e in exclude):
            return name
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    with open(args.csv, newline="") as f:
        lines = f.read().splitlines()
    # The export may start with ==PROF== lines or a kernel title: the header
    # is the first line naming the source column.
    start = next((i for i, line in enumerate(lines)
                  if '"Source"' in line or line.startswith("Source")), None)
    if start is None:
        sys.exit(f"{args.csv}: no 'Source' column in the export")
    reader = csv.DictReader(lines[start:])
    header = list(reader.fieldnames or [])
    rows = list(reader)
    source = "Source"
    address = find_column(header, "address")
    samples = find_column(header, "warp stall sampling", "all")
    not_issued = find_column(header, "warp stall sampling", "not")
    executed = find_column(header, "instructions executed",
                           exclude=("thread", "predicated"))
    if samples is None:
        sys.exit(f"{args.csv}: no stall-sampling column; columns: {header}")
    # Per-reason sample columns, where the export has them ("stall_long_sb";
    # their "(Not Issued)" twins are left to the not-issued column).
    reasons = [c for c in header
               if c.lower().startswith("stall_") and "not issued" not in c.lower()]

    total = sum(number(r[samples]) for r in rows) or 1.0
    print(f"{args.csv}: {len(rows)} instructions, {total:.0f} stall samples"
          + (f", {sum(number(r[executed]) for r in rows):.0f} warp "
             "instructions executed" if executed else ""))
    ranked = sorted(rows, key=lambda r: number(r[samples]), reverse=True)
    print(f"| address | instruction | samples % | not issued % | largest "
          "reasons |")
    print("|---|---|---|---|---|")
    for r in ranked[:args.top]:
        share = 100.0 * number(r[samples]) / total
        quiet = (100.0 * number(r[not_issued]) / total) if not_issued else 0
        top = sorted(((number(r[c]), c) for c in reasons), reverse=True)[:3]
        top_text = ", ".join(f"{c} {v:.0f}" for v, c in top if v > 0)
        text = re.sub(r"\s+", " ", r[source]).strip()
        print(f"| {r.get(address, '')} | `{text}` | {share:.1f} | "
              f"{quiet:.1f} | {top_text} |")

    by_opcode = collections.Counter()
    for r in rows:
        text = re.sub(r"^@!?U?P\w+\s+", "", r[source].strip())
        opcode = text.split(" ")[0].split(".")[0] if text else "?"
        by_opcode[opcode] += number(r[samples])
    print("\nsamples by opcode: " + ", ".join(
        f"{op} {100.0 * n / total:.1f}%"
        for op, n in by_opcode.most_common(15)))


if __name__ == "__main__":
    main()
