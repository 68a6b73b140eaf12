#!/usr/bin/env python3
"""Prints the median of every criterion benchmark under target/criterion as a Markdown table."""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = []
for est in sorted(root.glob("**/new/estimates.json")):
    name = str(est.parent.parent.relative_to(root))
    median_ns = json.loads(est.read_text())["median"]["point_estimate"]
    rows.append((name, median_ns))
print("| benchmark | median |")
print("|---|---:|")
for name, ns in rows:
    value = f"{ns / 1e9:.3f} s" if ns >= 1e8 else f"{ns / 1e6:.2f} ms"
    print(f"| {name} | {value} |")
