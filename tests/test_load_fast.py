"""The fast CSV path (Arrow) gives exactly the table of the row-by-row reader, or stands aside.

`read_csv_table` parses a plainly regular file with Arrow and any other file with Python's
csv module, which names the line of each problem. For every file both accept, the two must
give the same frame (values, dtypes, line numbers); for every irregular file the fast path must
decline, so the problems are reported exactly as before.
"""

from __future__ import annotations

import pandas as pd
import pytest

from aleppo_map import readers
from aleppo_map.model import CLAIM_COLUMNS, SOURCE_COLUMNS, Collector
from tests.conftest import REPO, TESTVILLE

HEADER = ",".join(CLAIM_COLUMNS)
ROW = (
    'c{n},north_bank,2020-03-0{n},day,"On {n} March, 2020",government,chronicle,'
    '"He said ""yes"".",high,named,true,'
)


def rows(*numbers: int) -> list[str]:
    return [ROW.format(n=n) for n in numbers]


def slow_read(path, columns):
    problems = Collector()
    original = readers.read_regular_csv
    readers.read_regular_csv = lambda raw, columns: None
    try:
        return readers.read_csv_table(path, path.name, columns, problems), problems.problems
    finally:
        readers.read_regular_csv = original


def fast_read(path, columns):
    problems = Collector()
    return readers.read_csv_table(path, path.name, columns, problems), problems.problems


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        (REPO / "control_changes.csv", CLAIM_COLUMNS),
        (REPO / "sources.csv", SOURCE_COLUMNS),
        (TESTVILLE / "control_changes.csv", CLAIM_COLUMNS),
        (TESTVILLE / "sources.csv", SOURCE_COLUMNS),
    ],
)
def test_fast_path_reads_the_real_files_like_the_row_by_row_reader(path, columns):
    assert readers.read_regular_csv(path.read_bytes(), columns) is not None, "fast path declined"
    fast, fast_problems = fast_read(path, columns)
    slow, slow_problems = slow_read(path, columns)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_problems == slow_problems == []


REGULAR = {
    "plain": [HEADER, *rows(1, 2, 3)],
    "crlf line ends": "\r\n".join([HEADER, *rows(1, 2)]) + "\r\n",
    "no final line break": "\n".join([HEADER, *rows(1, 2)]),
    "blank lines between records": [HEADER, rows(1)[0], "", "", rows(2)[0], "", ""],
    "record of blank fields is skipped": [HEADER, rows(1)[0], " ,,, ,,,,,,,,\u00a0", rows(2)[0]],
    "header with spaces and an extra column": [
        " " + HEADER.replace(",note", ", note ,extra"),
        ROW.format(n=1) + ",x",
    ],
    "quoted empty and doubled quotes": [
        HEADER,
        'c1,north_bank,2020-03-01,day,"""",'
        'government,chronicle,"""quoted"" ""twice""",high,named,true,""',
    ],
    "arabic and spaces kept": [
        HEADER,
        "c1, north_bank ,2020-03-01,day,في 1 آذار,government,chronicle,  نص  ,high,named,TRUE,",
    ],
}
IRREGULAR = {
    "field with a line break": [HEADER, ROW.format(n=1).replace("He said", "He\nsaid")],
    "quote inside a bare field": [HEADER, ROW.format(n=1).replace(",high,", ',hi"gh,')],
    "text after a closing quote": [HEADER, ROW.format(n=1).replace('"".",', '""."x,')],
    "quote never closed": [HEADER, *rows(1), 'c2,north_bank,"2020-03-02'],
    "too many fields": [HEADER, ROW.format(n=1) + ",extra"],
    "too few fields": [HEADER, ROW.format(n=1).rsplit(",", 2)[0]],
    "blank first line": ["", HEADER, *rows(1)],
    "duplicated column": [HEADER + ",note", ROW.format(n=1) + ","],
    "missing column": [HEADER.replace(",confidence", ""), ROW.format(n=1).replace(",high", "")],
    "lone carriage return": [HEADER, rows(1)[0] + "\r" + rows(2)[0]],
    "invalid utf-8": None,
}


def write(path, lines) -> None:
    if lines is None:
        path.write_bytes((HEADER + "\n" + ROW.format(n=1) + "\n").encode() + b"\xff\xfe,\n")
    elif isinstance(lines, str):
        path.write_bytes(lines.encode("utf-8"))
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")


@pytest.mark.parametrize("case", sorted(REGULAR))
def test_regular_files_read_the_same_both_ways(case, tmp_path):
    path = tmp_path / "control_changes.csv"
    write(path, REGULAR[case])
    assert readers.read_regular_csv(path.read_bytes(), CLAIM_COLUMNS) is not None
    fast, fast_problems = fast_read(path, CLAIM_COLUMNS)
    slow, slow_problems = slow_read(path, CLAIM_COLUMNS)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast_problems == slow_problems


@pytest.mark.parametrize("case", sorted(IRREGULAR))
def test_irregular_files_are_left_to_the_row_by_row_reader(case, tmp_path):
    path = tmp_path / "control_changes.csv"
    write(path, IRREGULAR[case])
    assert readers.read_regular_csv(path.read_bytes(), CLAIM_COLUMNS) is None
    fast, fast_problems = fast_read(path, CLAIM_COLUMNS)
    slow, slow_problems = slow_read(path, CLAIM_COLUMNS)
    assert fast_problems == slow_problems
    if slow is None:
        assert fast is None
    else:
        pd.testing.assert_frame_equal(fast, slow)
