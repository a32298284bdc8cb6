"""Fixtures of the chainlens Python tests: the repository, the shared real data, the
``chainlens`` binary the results are compared with, and a helper that runs it."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
#: Relative tolerance of float comparisons with the CLI's CSV files.
REL = 1e-12


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; the tests fail when it is missing."""
    assert (SHARED_DATA / "hs-concordance").is_dir(), (
        f"the tests read real data from {SHARED_DATA} (../shared/data beside the "
        "repository), which is missing"
    )
    return SHARED_DATA


@pytest.fixture(scope="session")
def cli(shared_data: Path):
    """Runs the ``chainlens`` binary (``$CHAINLENS_BIN``) with ``CHAINLENS_DATA`` set to
    the shared data; returns the completed process, failing on a non-zero exit."""
    binary = os.environ.get("CHAINLENS_BIN")
    assert binary and Path(binary).is_file(), (
        "set CHAINLENS_BIN to the chainlens binary (python/run-tests.sh builds it)"
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, CHAINLENS_DATA=str(shared_data))
        done = subprocess.run(
            [binary, *args], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done

    return run


def assert_same_as_csv(table, csv: Path) -> None:
    """``table`` (a pyarrow Table) equals the CLI's CSV file: the same columns and rows,
    text, integers and booleans exactly, floats to ``REL``."""
    expected = pd.read_csv(csv, dtype=str, keep_default_na=False)
    got = table.to_pandas()
    assert list(got.columns) == list(expected.columns), csv.name
    assert len(got) == len(expected), csv.name
    for name in expected.columns:
        for i, (g, e) in enumerate(zip(got[name].tolist(), expected[name].tolist())):
            where = f"{csv.name} row {i} column {name}"
            if e == "":
                assert g is None or (isinstance(g, float) and math.isnan(g)) or g == "", where
            elif isinstance(g, bool):
                assert str(g).lower() == e, where
            elif isinstance(g, float):
                assert math.isclose(g, float(e), rel_tol=REL, abs_tol=1e-300), (where, g, e)
            else:
                assert str(g) == e, (where, g, e)
