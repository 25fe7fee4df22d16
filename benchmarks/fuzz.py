"""Fuzzing ``pipeline extract`` with mutated PDFs, by the thousand.

The mutations of ``tests/test_fuzz.py`` (byte flips, truncations, deleted objects, bad
page boxes and rotations, recursive page trees, inflating streams, thousands of
words…), made from the corpus sample with a fixed seed, each run through the CLI's
entry point in this process. Prints the count per exit code (only 0, 1 and 2 are
documented), the inputs outside them or with a traceback, and the slowest inputs.

    python benchmarks/fuzz.py [--n 10000] [--seed S] [--slowest 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_fuzz import DOCUMENTED, SEED, looks_like_a_traceback, mutants, run_cli  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of mutated PDFs")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--slowest", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="folder where to keep the failing inputs")
    parser.add_argument("--every", type=int, default=100, help="progress every N inputs")
    parser.add_argument(
        "--report-slower", type=float, default=10.0, help="name inputs slower than S seconds"
    )
    args = parser.parse_args()

    codes: Counter[int] = Counter()
    times: list[tuple[float, str, int]] = []
    bad: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pipeline-fuzz-") as folder:
        for name, data in mutants(args.n, seed=args.seed):
            path = Path(folder) / name
            path.write_bytes(data)
            started = time.perf_counter()
            code, stderr = run_cli(["extract", str(path)])
            elapsed = time.perf_counter() - started
            if elapsed > args.report_slower:  # seen as it happens, not only at the end
                print(f"  lent : {elapsed:.1f} s  code {code}  {name}", file=sys.stderr)
            codes[code] += 1
            if len(times) % args.every == args.every - 1:
                print(f"  {len(times) + 1} / {args.n} …", file=sys.stderr, flush=True)
            times.append((elapsed, name, code))
            outside = code not in DOCUMENTED or looks_like_a_traceback(stderr)
            noisy = (code == 2 and stderr.count("\n") != 1) or (code != 2 and stderr)
            if outside or noisy:
                bad.append(f"{name} : code {code} : {stderr.strip()[:200]}")
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / name).write_bytes(data)
            path.unlink()
    total = sum(t for t, _, _ in times)
    print(f"{args.n} PDF en {total:.0f} s (graine {args.seed})")
    for code in sorted(codes):
        print(f"  code {code} : {codes[code]}")
    print(f"hors des codes documentés ou bavards : {len(bad)}")
    for line in bad[:50]:
        print("  " + line)
    print("les plus lents :")
    for elapsed, name, code in sorted(times, reverse=True)[: args.slowest]:
        print(f"  {elapsed:7.2f} s  code {code}  {name}")


if __name__ == "__main__":
    main()
