#!/usr/bin/env python3
"""Checks that the SQL of docs/scale.md reproduces `star aggregate` exactly.

The SQL is read from docs/scale.md itself, so the page and the check cannot drift apart. Every ```sql
block there starts with a comment line naming it:

    -- tables (DuckDB and PostgreSQL)        CREATE TABLE records, points, questions
    -- load CSV (DuckDB)                      COPY ... FROM 'export/....csv'
    -- load NDJSON (DuckDB)                   INSERT ... FROM read_ndjson_auto('export/....ndjson')
    -- Wilson interval (DuckDB)               the wilson_low / wilson_high macros
    -- selection (DuckDB and PostgreSQL)      the view `counted`
    -- star aggregate --by country,point      a query reproducing that command (any number of these)

The script exports the repository with `star export` (CSV and NDJSON) into a temporary directory, loads
each format into an in-memory DuckDB database with those blocks, runs every `star aggregate` block, runs
the star command it names with `--format json`, and compares the rows: the same keys, equal counts, rates
and interval bounds within 1e-9. With --postgres it does the same in PostgreSQL through `psql`, with the
blocks `Wilson interval (PostgreSQL)` and `load CSV (psql)`, in a schema it creates and drops.

    pip install duckdb                     # for this check only; star never needs it
    python3 scripts/check_scale_sql.py --star .build/debug/star --root examples [--postgres 'dbname=x']

It builds nothing: give it a star binary. Exit status 0 when every comparison matched, 1 otherwise,
2 when it could not run (no DuckDB, a missing block, star failing).
"""
import argparse
import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

TOLERANCE = 1e-9
largest_difference = 0.0
LEVELS = ("cluster", "point", "question")
DIMENSIONS = ("country", "industry", "year") + LEVELS

DUCKDB_SETUP = ["tables (DuckDB and PostgreSQL)", "Wilson interval (DuckDB)", "selection (DuckDB and PostgreSQL)"]
DUCKDB_LOADS = {"csv": "load CSV (DuckDB)", "ndjson": "load NDJSON (DuckDB)"}
POSTGRES_SETUP = ["tables (DuckDB and PostgreSQL)", "Wilson interval (PostgreSQL)", "load CSV (psql)",
                  "selection (DuckDB and PostgreSQL)"]


def sql_blocks(doc_path):
    """The ```sql blocks of the page, by the name on their first line ('-- name')."""
    with open(doc_path, encoding="utf-8") as f:
        text = f.read()
    blocks = {}
    for body in re.findall(r"^```sql\n(.*?)^```", text, re.S | re.M):
        first = body.split("\n", 1)[0]
        if not first.startswith("-- "):
            continue
        name = first[3:].strip()
        if name in blocks:
            raise SystemExit(f"error: two SQL blocks named '{name}' in {doc_path}")
        blocks[name] = body
    return blocks


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(f"error: {shlex.join(command)} failed ({result.returncode}):\n{result.stderr}")
        sys.exit(2)
    return result.stdout


def dimensions_of(arguments):
    """The key columns of a `star aggregate` command's rows: its --by dimensions, cluster by default."""
    by = []
    for i, argument in enumerate(arguments):
        values = None
        if argument == "--by" and i + 1 < len(arguments):
            values = arguments[i + 1]
        elif argument.startswith("--by="):
            values = argument[len("--by="):]
        if values:
            by += [v.strip() for v in values.split(",") if v.strip()]
    if not any(d in LEVELS for d in by):
        by.append("cluster")
    return [d for d in dict.fromkeys(by)]


def same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    try:
        difference = abs(float(a) - float(b))
    except (TypeError, ValueError):
        return False
    global largest_difference
    largest_difference = max(largest_difference, difference)
    return difference <= TOLERANCE


def compare(star_rows, sql_rows, keys):
    """Problems found comparing star's JSON rows with the SQL rows (empty when they agree)."""
    problems = []
    star_columns = set().union(*(row.keys() for row in star_rows)) - {"title"} if star_rows else set()
    sql_columns = set(sql_rows[0].keys()) if sql_rows else set()
    if star_rows and sql_rows and star_columns != sql_columns:
        problems.append(f"columns differ: star has {sorted(star_columns - sql_columns)} that SQL lacks, "
                        f"SQL has {sorted(sql_columns - star_columns)} that star lacks")
        return problems

    def index(rows, origin):
        table = {}
        for row in rows:
            key = tuple(row.get(k) for k in keys)
            if key in table:
                problems.append(f"{origin} has two rows for {key}")
            table[key] = row
        return table

    star, sql = index(star_rows, "star"), index(sql_rows, "SQL")
    for key in sorted(set(star) - set(sql), key=str):
        problems.append(f"row {key} only in star")
    for key in sorted(set(sql) - set(star), key=str):
        problems.append(f"row {key} only in SQL")
    for key in sorted(set(star) & set(sql), key=str):
        for column in sorted(star_columns - set(keys)):
            expected, actual = star[key].get(column), sql[key].get(column)
            if not same_number(expected, actual):
                problems.append(f"row {key} {column}: star {expected!r}, SQL {actual!r}")
    return problems


class DuckDB:
    def __init__(self, blocks, load, directory):
        import duckdb  # imported here so that --help works without it
        self.connection = duckdb.connect()
        previous = os.getcwd()
        os.chdir(directory)  # the blocks read 'export/...' relative to the working directory
        try:
            for name in DUCKDB_SETUP[:1] + [DUCKDB_LOADS[load]] + DUCKDB_SETUP[1:]:
                self.connection.execute(blocks[name])
        finally:
            os.chdir(previous)

    def query(self, sql):
        cursor = self.connection.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, (plain(v) for v in row))) for row in cursor.fetchall()]


def plain(value):
    """DuckDB's Decimal and HUGEINT results as Python int or float."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    try:
        number = float(value)
        return int(value) if number.is_integer() and "." not in str(value) else number
    except (TypeError, ValueError):
        return value


class Postgres:
    """psql in a scratch schema; every statement runs with ON_ERROR_STOP."""

    def __init__(self, blocks, conninfo, directory):
        self.conninfo, self.directory = conninfo, directory
        self.schema = f"star_scale_check_{os.getpid()}"
        self.psql(f"CREATE SCHEMA {self.schema};")
        try:
            self.psql("\n".join(blocks[name] for name in POSTGRES_SETUP))
        except SystemExit:
            self.close()
            raise

    def psql(self, script, csv_output=False):
        command = ["psql", self.conninfo, "-X", "-q", "-v", "ON_ERROR_STOP=1"] + (["--csv"] if csv_output else [])
        text = f"SET search_path TO {self.schema};\n{script}\n"
        result = subprocess.run(command, input=text, capture_output=True, text=True, cwd=self.directory)
        if result.returncode != 0:
            sys.stderr.write(f"error: psql failed:\n{result.stderr}")
            raise SystemExit(2)
        return result.stdout

    def query(self, sql):
        output = self.psql(sql, csv_output=True)
        rows = list(csv.reader(io.StringIO(output)))
        header, body = rows[0], rows[1:]
        return [dict(zip(header, (parse(v) for v in row))) for row in body]

    def close(self):
        subprocess.run(["psql", self.conninfo, "-X", "-q", "-c", f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"],
                       capture_output=True, text=True)


def parse(text):
    if text == "":
        return None
    if text in ("t", "f"):
        return text == "t"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--star", required=True, help="the star binary to check against")
    parser.add_argument("--root", default="examples", help="the data repository (default: examples)")
    parser.add_argument("--doc", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "scale.md"),
                        help="the page holding the SQL (default: docs/scale.md)")
    parser.add_argument("--postgres", metavar="CONNINFO", help="also check in PostgreSQL, through psql")
    parser.add_argument("--keep", metavar="DIR", help="export into this (new) directory and keep it")
    arguments = parser.parse_args()

    star = os.path.abspath(arguments.star)
    root = os.path.abspath(arguments.root)
    blocks = sql_blocks(arguments.doc)
    needed = DUCKDB_SETUP + list(DUCKDB_LOADS.values()) + (POSTGRES_SETUP if arguments.postgres else [])
    missing = [name for name in needed if name not in blocks]
    if missing:
        sys.stderr.write(f"error: {arguments.doc} has no SQL block named {', '.join(repr(m) for m in missing)}\n")
        return 2
    checks = [(name, shlex.split(name)[1:]) for name in blocks if name.startswith("star aggregate")]
    if not checks:
        sys.stderr.write(f"error: {arguments.doc} has no '-- star aggregate ...' SQL block\n")
        return 2
    try:
        import duckdb  # noqa: F401
    except ImportError:
        sys.stderr.write("error: the Python package duckdb is needed for this check: pip install duckdb\n")
        return 2

    directory = os.path.abspath(arguments.keep) if arguments.keep else tempfile.mkdtemp(prefix="star-scale-check-")
    os.makedirs(directory, exist_ok=True)
    try:
        export = os.path.join(directory, "export")
        for file_format in ("csv", "ndjson"):
            run([star, "export", "--root", root, "--format", file_format, "--out", export])
        counts = {}
        for table in ("records", "points", "questions"):
            with open(os.path.join(export, f"{table}.csv"), encoding="utf-8") as f:
                counts[table] = sum(1 for _ in f) - 1
        print(f"export of {arguments.root}: {counts['records']} records, {counts['points']} point rows, "
              f"{counts['questions']} question rows (CSV and NDJSON)")

        expected = {}
        for name, star_arguments in checks:
            output = run([star] + star_arguments + ["--format", "json", "--root", root])
            expected[name] = json.loads(output)

        engines = [(f"duckdb {load}", lambda load=load: DuckDB(blocks, load, directory)) for load in DUCKDB_LOADS]
        if arguments.postgres:
            engines.append(("postgresql csv", lambda: Postgres(blocks, arguments.postgres, directory)))

        failures = total = 0
        for label, connect in engines:
            engine = connect()
            try:
                for name, star_arguments in checks:
                    total += 1
                    keys = dimensions_of(star_arguments)
                    try:
                        rows = engine.query(blocks[name])
                        problems = compare(expected[name], rows, keys)
                    except Exception as error:  # a query that fails is a mismatch, reported as such
                        problems = [f"the query failed: {error}"]
                    if problems:
                        failures += 1
                        print(f"MISMATCH [{label}] {name}")
                        for problem in problems[:20]:
                            print(f"    {problem}")
                        if len(problems) > 20:
                            print(f"    ... and {len(problems) - 20} more")
                    else:
                        print(f"ok       [{label}] {name}: {len(rows)} rows")
            finally:
                if isinstance(engine, Postgres):
                    engine.close()
        if failures:
            print(f"{failures} of {total} comparisons differ")
            return 1
        print(f"all {total} comparisons matched (tolerance {TOLERANCE:g}; largest difference {largest_difference:.3g})")
        return 0
    finally:
        if not arguments.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
