"""Start-up time: ``pea-desktop --smoke-test`` on 20,000 activities against a bare PySide6 window.

Both are started as new processes, alternately, with ``QT_QPA_PLATFORM=offscreen``; each shows
its main window and quits as soon as the event loop is idle. The bare script only imports
PySide6, so the ratios show what PEA Desktop adds: its own imports, reading the first list and
opening the database. Goals, both against the bare window being shown: the main window shown
in at most 1.5x, and its first list (groupes de parole) filled in at most 3x. The time until
the whole window is filled (database open the normal way) and the process exits is shown too,
without a goal.

When the goal is missed (or with ``--imports``), ``python -X importtime`` lists the modules the
application imports at start-up that the bare window does not, heaviest first.

    .venv/bin/python -m benchmarks.bench_startup [--activities 20000] [--runs 5] [--imports]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Result, demo_database, print_table

MAX_SHOWN_RATIO = 1.5
MAX_FIRST_LIST_RATIO = 3.0

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("PEA Desktop")
window.resize(1100, 700)
window.show()
print(f"startup shown {time.time():.6f}", file=sys.stderr, flush=True)
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


@dataclass
class Run:
    total: float  # process start to exit (window shown, filled, event loop idle)
    shown: float  # process start to window.show()
    first_list: float | None  # process start to the first list filled (application only)
    ready: float | None  # process start to the whole window filled (application only)


def app_command(db: Path) -> list[str]:
    """The installed ``pea-desktop`` script (what users start), run by this interpreter."""
    script = Path(sys.executable).with_name("pea-desktop")
    entry = [str(script)] if script.exists() else ["-m", "pea_desktop"]
    return [sys.executable, *entry, "--db", str(db), "--smoke-test"]


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PEA_DESKTOP_HOME=str(home),
        PEA_DESKTOP_TRACE_STARTUP="1",
    )
    return env


def run_once(command: list[str], env: dict[str, str]) -> Run:
    launched = time.time()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    total = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    steps = dict(re.findall(r"^startup (\w+) ([\d.]+)$", done.stderr, re.MULTILINE))
    if "shown" not in steps:
        raise SystemExit(f"{command[1]}: no start-up trace (PEA_DESKTOP_TRACE_STARTUP)")

    def step(name: str) -> float | None:
        return float(steps[name]) - launched if name in steps else None

    return Run(total, float(steps["shown"]) - launched, step("first_list"), step("ready"))


def median(values: list[float]) -> float:
    return statistics.median(values)


def import_costs(command: list[str], env: dict[str, str]) -> dict[str, tuple[int, int, str]]:
    """Module -> (self µs, cumulative µs, phase) from ``python -X importtime``.

    The start-up trace goes to the same stream, so each import is known to come before the
    window was shown ("before shown") or while it was being filled ("after shown").
    """
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    costs = {}
    phase = "before shown"
    for line in done.stderr.splitlines():
        if line.startswith("startup shown"):
            phase = "after shown"
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if match:
            costs[match.group(3)] = (int(match.group(1)), int(match.group(2)), phase)
    return costs


def report_imports(app: list[str], bare: list[str], env: dict[str, str], top: int = 25) -> None:
    app_costs, bare_costs = import_costs(app, env), import_costs(bare, env)
    extra = {name: cost for name, cost in app_costs.items() if name not in bare_costs}
    print("\nImports the bare window does not need (python -X importtime, self times summed):")
    for phase in ("before shown", "after shown"):
        modules = {name: cost for name, cost in extra.items() if cost[2] == phase}
        total = sum(own for own, _, _ in modules.values())
        print(f"  {phase}: {len(modules)} modules, {total / 1000:.0f} ms")
        by_package: dict[str, int] = defaultdict(int)
        for name, (own, _cumulative, _phase) in modules.items():
            by_package[name.split(".")[0]] += own
        for package, own in sorted(by_package.items(), key=lambda item: -item[1])[:8]:
            print(f"    {package:<28} {own / 1000:7.1f} ms")
    print(f"  heaviest modules (cumulative, top {top}):")
    heaviest = sorted(extra.items(), key=lambda item: -item[1][1])[:top]
    for name, (own, cumulative, phase) in heaviest:
        print(f"    {name:<48} {cumulative / 1000:7.1f} ms  (self {own / 1000:5.1f} ms, {phase})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", action="store_true", help="always list extra imports")
    args = parser.parse_args(argv)
    cached = demo_database(args.activities, antennas=10, years=5)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "pea.sqlite3"
        shutil.copy2(cached, db)  # backups and locks land in the temporary folder
        env = environment(work / "home")
        app, bare = app_command(db), bare_command()
        for command in (app, bare):  # warm the disk cache
            run_once(command, env)
        app_runs, bare_runs = [], []
        for _ in range(args.runs):  # alternate, so that load from elsewhere hits both alike
            bare_runs.append(run_once(bare, env))
            app_runs.append(run_once(app, env))
        bare_shown = median([r.shown for r in bare_runs])
        first_list = [r.first_list for r in app_runs if r.first_list is not None]
        ready = [r.ready for r in app_runs if r.ready is not None]
        if len(first_list) < len(app_runs) or len(ready) < len(app_runs):
            raise SystemExit("pea-desktop: start-up trace without first_list or ready")
        results = [
            Result(
                "start → main window shown",
                median([r.shown for r in app_runs]),
                bare_shown,
                MAX_SHOWN_RATIO,
            ),
            Result(
                "start → first list filled",
                median(first_list),
                bare_shown,
                MAX_FIRST_LIST_RATIO,
            ),
            Result("start → whole window filled (database open)", median(ready), bare_shown),
            Result(
                "start → window filled, idle, exit",
                median([r.total for r in app_runs]),
                median([r.total for r in bare_runs]),
            ),
        ]
        ok = print_table(
            f"Start-up with {args.activities:,} activities (median of {args.runs} runs; "
            "baseline = bare PySide6 QMainWindow shown, or exiting for the last line)",
            results,
        )
        if args.imports or not ok:
            report_imports(app, bare, env)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
