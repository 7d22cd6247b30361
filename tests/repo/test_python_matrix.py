"""One supported Python is enough: ``.ci/find-python`` and ``.ci/matrix`` choose and say so.

Each test runs the scripts with a PATH that holds only links to the
interpreters it names (no pyenv, no other Python), as a machine with only
that Python has; the scripts use shell built-ins only, so nothing else is
needed on PATH.  The interpreters are this machine's own, found by
``.ci/find-python`` on the normal PATH; a version the machine lacks is
skipped.  The virtualenvs of the ``report`` tests are real ones (``python -m
venv --without-pip``) holding stand-in ``django`` and ``wagtail`` packages
that only carry a version.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIND_PYTHON = ROOT / ".ci" / "find-python"
MATRIX = ROOT / ".ci" / "matrix"
VERSIONS = ("3.11", "3.12", "3.13")
HIGH = "high end (Python 3.13, Django 6.1, Wagtail 8)"
LOW = "low end (Python 3.11, Django 5.2, Wagtail 7.4)"


@functools.cache
def interpreter(version: str) -> Path | None:
    """This machine's Python ``version`` (its real executable), or None."""
    done = subprocess.run(
        [FIND_PYTHON, version], capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        return None
    real = subprocess.run(
        [done.stdout.strip(), "-c", "import sys; print(sys.executable)"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return Path(real.stdout.strip())


def need(version: str) -> Path:
    found = interpreter(version)
    if found is None:
        pytest.skip(f"Python {version} is not on this machine")
    return found


def only(tmp_path: Path, ci: bool = False, **links: Path) -> tuple[dict[str, str], Path]:
    """An environment whose PATH holds only ``links`` (name -> interpreter), and that folder."""
    folder = tmp_path / "only-bin"
    folder.mkdir(parents=True)
    for name, target in links.items():
        (folder / name).symlink_to(target)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYENV", "MAKE", "MFLAGS", "VIRTUAL_ENV", "PYTHON")) and key != "CI"
    }
    env["PATH"] = str(folder)
    if ci:
        env["CI"] = "true"
    return env, folder


def run(*argv: object, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


# -- .ci/find-python --------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_find_python_with_one_interpreter(tmp_path: Path, version: str) -> None:
    env, folder = only(tmp_path, **{f"python{version}": need(version)})
    link = str(folder / f"python{version}")
    assert run(FIND_PYTHON, env=env).stdout.strip() == link  # the newest there is
    assert run(FIND_PYTHON, version, env=env).stdout.strip() == link
    assert run(FIND_PYTHON, "3.11 3.12 3.13", env=env).stdout.strip() == link  # the oldest
    for other in set(VERSIONS) - {version}:
        done = run(FIND_PYTHON, other, env=env)
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr == f"find-python: no Python {other} found; install one and try again\n"


@pytest.mark.parametrize("version", VERSIONS)
def test_find_python_takes_python3_of_the_right_version(tmp_path: Path, version: str) -> None:
    env, folder = only(tmp_path, python3=need(version))
    assert run(FIND_PYTHON, env=env).stdout.strip() == str(folder / "python3")
    assert run(FIND_PYTHON, version, env=env).stdout.strip() == str(folder / "python3")
    other = "3.13" if version != "3.13" else "3.11"
    assert run(FIND_PYTHON, other, env=env).returncode == 1


def test_find_python_without_any(tmp_path: Path) -> None:
    env, _ = only(tmp_path)
    done = run(FIND_PYTHON, env=env)
    assert done.returncode == 1
    assert "no Python 3.11 or newer found" in done.stderr


# -- .ci/matrix: which Python each end uses -----------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_plan_with_one_interpreter(tmp_path: Path, version: str) -> None:
    env, folder = only(tmp_path, **{f"python{version}": need(version)})
    link = folder / f"python{version}"
    for end in ("high", "low"):
        assert run(MATRIX, "python", end, env=env).stdout.strip() == str(link)
    done = run(MATRIX, "plan", env=env)
    assert done.returncode == 0, done.stderr
    high, low = done.stdout.splitlines()
    if version == "3.13":
        assert high == f"matrix: {HIGH} on {link}"
    else:
        assert high.startswith(
            f"matrix: {HIGH}: python3.13 not found; it uses Python {version} ({link}): "
        )
    if version == "3.11":
        assert low == f"matrix: {LOW} on {link}"
        assert high.endswith("pip will install Django 5.2: the high end will not run")
    else:
        assert low == (
            f"matrix: {LOW}: python3.11 not found; it uses Python {version} ({link}): "
            "Django 5.2 and Wagtail 7.4 run on it instead"
        )


@pytest.mark.parametrize("version", VERSIONS)
def test_plan_under_ci_needs_both_ends(tmp_path: Path, version: str) -> None:
    env, folder = only(tmp_path, ci=True, **{f"python{version}": need(version)})
    done = run(MATRIX, "plan", env=env)
    assert done.returncode == 1
    missing = [v for v in ("3.13", "3.11") if v != version]
    for v in missing:
        assert (
            f"python{v} not found, and CI=true requires both ends on their own Python "
            f"(found Python {version}: {folder / f'python{version}'}); install Python {v}"
        ) in done.stderr
    assert len(done.stderr.splitlines()) == len(missing)
    # The interpreter of each end is still chosen: `make run` works under CI=true.
    assert run(MATRIX, "python", "low", env=env).returncode == 0


def test_plan_under_ci_with_both_ends(tmp_path: Path) -> None:
    links = {"python3.11": need("3.11"), "python3.13": need("3.13")}
    env, folder = only(tmp_path, ci=True, **links)
    done = run(MATRIX, "plan", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"matrix: {HIGH} on {folder / 'python3.13'}",
        f"matrix: {LOW} on {folder / 'python3.11'}",
    ]


# -- .ci/matrix: what each end ran ---------------------------------------------------


def fake_venv(tmp_path: Path, name: str, version: str, django: str, wagtail: str) -> Path:
    """A real virtualenv of Python ``version`` whose django and wagtail only carry a version."""
    venv = tmp_path / name
    subprocess.run([need(version), "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run(
        [venv / "bin" / "python", "-c", where],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    for package, full in (("django", django), ("wagtail", wagtail)):
        numbers = tuple(int(n) for n in full.split("."))
        (Path(purelib) / package).mkdir()
        (Path(purelib) / package / "__init__.py").write_text(
            textwrap.dedent(
                f"""\
                VERSION = {(*numbers, "final", 0)!r}
                __version__ = {full!r}
                """
            ),
            encoding="utf-8",
        )
    return venv


def python_version(venv: Path) -> str:
    return subprocess.run(
        [venv / "bin" / "python", "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def test_report_as_intended(tmp_path: Path) -> None:
    high = fake_venv(tmp_path, "high", "3.13", "6.1.3", "8.0.1")
    low = fake_venv(tmp_path, "low", "3.11", "5.2.19", "7.4.4")
    for ci in (False, True):
        env, _ = only(tmp_path / str(ci), ci=ci)
        done = run(MATRIX, "report", "high", high, "low", low, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            f"matrix: high end ran as intended: Python {python_version(high)}, "
            f"Django 6.1.3, Wagtail 8.0.1 ({high})",
            f"matrix: low end ran as intended: Python {python_version(low)}, "
            f"Django 5.2.19, Wagtail 7.4.4 ({low})",
        ]


def test_report_with_python_3_12_alone(tmp_path: Path) -> None:
    """Both ends on 3.12: Django and Wagtail of each end ran, not on their own Python."""
    high = fake_venv(tmp_path, "high", "3.12", "6.1.3", "8.0.1")
    low = fake_venv(tmp_path, "low", "3.12", "5.2.19", "7.4.4")
    env, _ = only(tmp_path, **{"python3.12": need("3.12")})
    done = run(MATRIX, "report", "high", high, "low", low, env=env)
    assert done.returncode == 0, done.stderr
    v = python_version(high)
    assert done.stdout.splitlines() == [
        f"matrix: high end ran on Python {v}, not its intended Python 3.13 "
        f"(python3.13 not found): Python {v}, Django 6.1.3, Wagtail 8.0.1 ({high})",
        f"matrix: low end ran on Python {v}, not its intended Python 3.11 "
        f"(python3.11 not found): Python {v}, Django 5.2.19, Wagtail 7.4.4 ({low})",
    ]
    env["CI"] = "true"
    done = run(MATRIX, "report", "high", high, "low", low, env=env)
    assert done.returncode == 1
    assert done.stderr == "matrix: CI=true requires both ends of the support matrix, as intended\n"


def test_report_with_python_3_11_alone(tmp_path: Path) -> None:
    """With 3.11 alone pip gives .venv Django 5.2: the high end did not run at all."""
    high = fake_venv(tmp_path, "high", "3.11", "5.2.19", "8.0.1")
    env, _ = only(tmp_path, **{"python3.11": need("3.11")})
    done = run(MATRIX, "report", "high", high, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"matrix: {HIGH} NOT RUN: python3.13 not found; {high} ran "
        f"Python {python_version(high)}, Django 5.2.19, Wagtail 8.0.1 instead\n"
    )


def test_report_of_a_venv_made_before_its_python_was_there(tmp_path: Path) -> None:
    low = fake_venv(tmp_path, "low", "3.12", "5.2.19", "7.4.4")
    env, _ = only(tmp_path, **{"python3.11": need("3.11"), "python3.12": need("3.12")})
    done = run(MATRIX, "report", "low", low, env=env)
    assert (
        f"(python3.11 is there, but {low} was made with Python 3.12: remove {low} to remake it)"
    ) in done.stdout


def test_report_of_a_missing_venv(tmp_path: Path) -> None:
    env, _ = only(tmp_path)
    done = run(MATRIX, "report", "low", tmp_path / "nothing", env=env)
    assert done.returncode == 0
    assert done.stdout == f"matrix: {LOW} NOT RUN: {tmp_path / 'nothing'} does not exist\n"
    env["CI"] = "true"
    assert run(MATRIX, "report", "low", tmp_path / "nothing", env=env).returncode == 1


# -- the Makefile with one Python ------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_make_with_one_python(tmp_path: Path, version: str) -> None:
    """``make -n -B`` (every recipe, as in a fresh clone) with one Python on PATH.

    The low end's virtualenv is made with that Python, and its stamp names it.
    """
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    env, folder = only(tmp_path, make=Path(make), **{f"python{version}": need(version)})
    done = run("make", "-n", "-B", "test-low", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ".ci/matrix plan low"
    assert f"{folder / f'python{version}'} -m venv .venv-low" in lines
    assert f"touch .venv-low/.installed-python{version}" in lines
    done = run("make", "-n", "-B", "test", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [".ci/matrix plan high", ".ci/matrix plan low"]
    assert lines[-1] == ".ci/matrix report high .venv low .venv-low"
