"""Time `kb check` on N generated entries: cold (no .cache/kb) and warm, each a fresh process.

    .venv/bin/python bench/check.py 2000 10000            # sizes; 3 runs of each by default
    options: --runs N, --keep DIR (reuse generated projects there)

Wall, CPU (user + system, children included) and peak memory come from wait4() on the process,
as in bench/run.py. Prints the range over the runs; the machine's load average beside it, since
the machine is shared and wall times follow the load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from run import REPO, _run  # noqa: E402


def _check(project: Path, cold: bool) -> tuple[float, float, float]:
    if cold:
        shutil.rmtree(project / ".cache/kb", ignore_errors=True)
    wall, cpu, peak, code = _run([sys.executable, "-m", "kb_builder", "check"], project)
    if code:
        raise SystemExit(f"kb check failed (exit {code}) on {project}")
    return wall, cpu, peak


def _span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.2f}" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}-{high:.2f}"


def main() -> None:
    os.environ["PYTHONPATH"] = str(REPO)  # the checkout this script is in, not an installed kb_builder
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-check-bench-"))
    print("| entries | cache | wall s | CPU s | peak MB | load average |")
    print("|---|---|---|---|---|---|")
    for count in args.sizes:
        project = work / f"kb-{count}"
        if not (project / "mkdocs.yml").exists():
            generate(count, project)
        for cold in (True, False):
            if not cold:
                _check(project, cold=False)  # make the cache
            runs = [_check(project, cold) for _ in range(args.runs)]
            load = os.getloadavg()[0]
            print(f"| {count} | {'cold' if cold else 'warm'} | {_span([r[0] for r in runs])} | "
                  f"{_span([r[1] for r in runs])} | {max(r[2] for r in runs):.0f} | {load:.1f} |", flush=True)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
