"""Peak memory of ``conflictevents validate`` on a large JSON Lines file.

Generates a JSON Lines file of about 1 GB (the reference article's claims, repeated with
fresh ids, and one malformed line in every 100 000) in a temporary directory, validates
it with the installed console script in a subprocess, and prints the file size, the
time, the records per second and the child's peak RSS. The target is a peak RSS under
200 MB: validation streams, so memory must not grow with the file. The file is deleted
afterwards.

Run:  .venv/bin/python benchmarks/validate_memory.py [--size-mb 1024]
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import conflictevents
from conflictevents.examples import first_week_2022

SCRIPT = Path(sys.executable).with_name("conflictevents")
_ID = re.compile(r'"id":"[^"]+"')
BAD_EVERY = 100_000


def generate(path: Path, size: int) -> tuple[int, int]:
    """Write about ``size`` bytes of JSON Lines; return (records, invalid records)."""
    lines = [conflictevents.dumps(claim) for claim in first_week_2022()]
    records = bad = written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            chunk = []
            for line in lines:
                records += 1
                if records % BAD_EVERY == 0:
                    text = line[: len(line) // 2]  # truncated: malformed JSON
                    bad += 1
                else:
                    text = _ID.sub(f'"id":"claim-{records:020x}"', line, count=1)
                chunk.append(text)
            block = "\n".join(chunk) + "\n"
            out.write(block)
            written += len(block.encode())
    return records, bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="file size (default 1024)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.jsonl"
        started = time.perf_counter()
        records, bad = generate(path, args.size_mb * 1024 * 1024)
        size = path.stat().st_size
        print(
            f"generated {size / 1e6:,.0f} MB, {records:,} records ({bad:,} malformed) "
            f"in {time.perf_counter() - started:,.0f} s"
        )
        started = time.perf_counter()
        result = subprocess.run(
            [str(SCRIPT), "validate", str(path)], capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "?"
        reported = sum(1 for line in result.stdout.splitlines() if ":" in line.split(" ")[0])
        print(f"validate: exit {result.returncode}, {summary!r}")
        print(f"problem lines reported: {reported:,} (expected {bad:,})")
        print(
            f"time {elapsed:,.1f} s, {records / elapsed:,.0f} records/s, "
            f"{size / 1e6 / elapsed:,.1f} MB/s"
        )
        print(f"peak RSS of the validate process: {peak_mb:,.1f} MB (target < 200 MB)")
        if result.stderr.strip():
            print("stderr:", result.stderr.strip()[:500])
    print("temporary file deleted")


if __name__ == "__main__":
    main()
