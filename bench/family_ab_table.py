#!/usr/bin/env python3
"""The table of a bench/family_ab.sh run: one row per case (op, layout,
type, shape), one column per variant, each cell ours as a fraction of a
same-size copy in every run of that variant ("run 1/run 2"), a "!" after a
run whose output was not bit-exact.

  family_ab_table.py DIR NAME [NAME ...]   (reads DIR/ab-NAME-*.log)
"""
import glob
import os
import sys


def rows(path):
    """(case, of copy, exact) for every case row of a family_bench.py log."""
    for line in open(path):
        if not line.startswith("| ") or line.startswith("| op |"):
            continue
        # op, layout, type, shape, MiB, ours us, copy us, of copy, ...,
        # exact, compile exact, verdict
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 11:
            continue
        yield " ".join(cells[:4]), cells[7], cells[-3] == "yes"


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    directory, names = argv[1], argv[2:]
    cells, cases = {}, []
    for name in names:
        for path in sorted(glob.glob(os.path.join(directory, f"ab-{name}-*.log"))):
            for case, of_copy, exact in rows(path):
                if case not in cases:
                    cases.append(case)
                cells.setdefault((case, name), []).append(of_copy + ("" if exact else "!"))
    print("| op layout type shape | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for case in cases:
        print(f"| {case} | " + " | ".join("/".join(cells.get((case, n), ["-"])) for n in names)
              + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
