"""``make bench`` on several databases, and ``kindness_import``: other processes.

Django is set up once per process, on one database: ``--databases
sqlite,postgres`` runs ``benchmarks.run`` once per database, each in its own
process (PostgreSQL in a throwaway cluster of ``.ci/postgres run --`` unless
``DATABASE_URL`` already names one), each printing its table and writing its
JSON.  ``benchmarks/import_bench.py`` has its own settings (the search index
kept up to date), so it too runs in another process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.report import compare

ROOT = Path(__file__).resolve().parent.parent


def current_database() -> str:
    """``sqlite``, or ``postgres`` when ``DATABASE_URL`` names a PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return "sqlite"
    return "postgres" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else url


def measure_import(sizes: str) -> dict:
    """``benchmarks/import_bench.py`` (its own settings: another process), its table."""
    if sizes in ("", "0", "none") or not (ROOT / "benchmarks" / "import_bench.py").exists():
        return {}
    run = subprocess.run(  # noqa: S603 - this interpreter, a module of the repository
        [sys.executable, "-m", "benchmarks.import_bench", "--sizes", sizes],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    lines = run.stdout.strip().splitlines()
    if run.returncode:
        lines += ["failed:", *run.stderr.strip().splitlines()[-5:]]
    return {"sizes": sizes, "returncode": run.returncode, "output": lines}


def run_passes(args, wanted: list[str], outs: dict[str, Path]) -> int:
    """``benchmarks.run`` once per database in ``wanted``; the worst exit status."""
    current = current_database()
    status = 0
    passed = [
        *("--sizes", args.sizes, "--repeat", str(args.repeat), "--naive-max", str(args.naive_max)),
        *(("--cold-max", str(args.cold_max)) if args.cold_max is not None else ()),
        *("--import-sizes", args.import_sizes, "--parts", args.parts),
    ]
    for name in wanted:
        command = [sys.executable, "-m", "benchmarks.run", *passed, "--out", str(outs[name])]
        env = dict(os.environ)
        if name == "sqlite":
            env.pop("DATABASE_URL", None)
        elif name != current:  # postgres, none named: a throwaway cluster
            command = [str(ROOT / ".ci" / "postgres"), "run", "--", *command]
        print(f"# {name}: {' '.join(command)}", file=sys.stderr, flush=True)
        # S603: this interpreter (or .ci/postgres) running this module, the options parsed
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603
        status = done.returncode or status
        print(flush=True)
    found = {
        name: json.loads(outs[name].read_text("utf-8")) for name in wanted if outs[name].exists()
    }
    if len(found) > 1:
        print(compare(found))
    return status


def out_path(given: str | None, database: str, *, first: bool) -> Path:
    """Where the JSON of ``database``'s pass goes."""
    if given is None:
        suffix = "" if database == "sqlite" else f"-{database}"
        return ROOT / "benchmarks" / "results" / f"latest{suffix}.json"
    path = Path(given)
    return path if first else path.with_name(f"{path.stem}-{database}{path.suffix}")
