"""Run every benchmark (``make bench``): each ``benchmarks/bench_*.py`` module's ``main()``.

    python -m benchmarks              all of them, in name order
    python -m benchmarks list import  only those whose name contains one of the words

Each benchmark runs with its default options (see its own ``--help``) and prints its table; the
exit status is 1 when any goal is missed.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def benchmark_names(words: list[str]) -> list[str]:
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    return [name for name in names if not words or any(word in name for word in words)]


def run_one(name: str) -> int:
    saved = sys.argv
    sys.argv = [f"benchmarks.{name}"]  # each main() parses its own (default) options
    try:
        module = importlib.import_module(f"benchmarks.{name}")
        return int(module.main() or 0)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        sys.argv = saved


def main(words: list[str]) -> int:
    names = benchmark_names(words)
    if not names:
        print(f"No benchmark matches {' '.join(words)}", file=sys.stderr)
        return 2
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        if run_one(name) != 0:
            failed.append(name)
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    print(f"\n{len(names) - len(failed)}/{len(names)} benchmarks meet their goals", end="")
    print(f"; missed: {', '.join(failed)}" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
