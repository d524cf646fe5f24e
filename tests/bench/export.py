"""Export of 10,000 articles as CSV through `fahras serve`: time to first byte, total time, server memory.

    .venv/bin/python tests/bench/export.py --index DIR [--query lang=ar]

The index needs at least 10,000 matches for the query (the Arabic dev corpus has 19,721 articles, all
matching `lang=ar`). Prints the time to the first byte (the header), to the first article and to the last, the rows received, and the
server's resident memory before the export, and its peak (VmHWM) after. For comparison in the same
run, the time of one ordinary JSON search page with the same parameters.
"""
from __future__ import annotations

import argparse
import time
import urllib.parse
import urllib.request
from pathlib import Path

from search_latency import served, vm_hwm_kb


def vm_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--query", default="lang=ar&sort=date")
    args = parser.parse_args()
    with served(args.index) as (base_url, pid):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base_url}/api/v1/search?{args.query}", timeout=120) as response:
            response.read()
        page_seconds = time.perf_counter() - started
        before_mb = vm_rss_kb(pid) / 1024
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base_url}/api/v1/search?{args.query}&format=csv", timeout=600) as response:
            first = response.read(1)
            first_byte = time.perf_counter() - started
            first += response.readline() + response.readline()  # the header, then the first article
            first_row = time.perf_counter() - started
            rest = response.read()
        total = time.perf_counter() - started
        rows = (first + rest).count(b"\n") - 1
        print(f"JSON search page: {page_seconds * 1000:.0f} ms")
        print(f"CSV export: {rows} rows, first byte after {first_byte * 1000:.0f} ms, first article after "
              f"{first_row * 1000:.0f} ms ({first_row / page_seconds:.2f} x the JSON page), all after {total:.1f} s, "
              f"{len(first + rest) / 1e6:.1f} MB")
        print(f"server memory: {before_mb:.0f} MB resident before the export, peak (VmHWM) {vm_hwm_kb(pid) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
