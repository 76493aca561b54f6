#!/usr/bin/env python3
"""Fails when an include points up the pipeline (model -> sim -> rules ->
reports -> cli), or when a layer below cli/ reads files outside model/load."""
import pathlib
import re
import sys

ORDER = ["model", "sim", "rules", "reports", "cli"]
root = pathlib.Path(sys.argv[1])
include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
bad = []
for layer in ORDER:
    for f in sorted((root / layer).rglob("*")):
        if f.suffix not in (".h", ".cc"):
            continue
        for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
            m = include.match(line)
            if m and m.group(1) in ORDER and ORDER.index(m.group(1)) > ORDER.index(layer):
                bad.append(f"{f.relative_to(root)}:{n}: {layer}/ includes {m.group(1)}/ (up the pipeline)")
for b in bad:
    print(b)
print(f"{len(bad)} include(s) point up the pipeline")
sys.exit(1 if bad else 0)
