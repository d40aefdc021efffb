"""The benchmarks: each module measures one thing, prints its figures and, with --json FILE,
writes them as rows; `run_all` gathers them into docs/performance.md (`make bench`). Run
them from the repository root as modules, e.g. `.venv/bin/python -m bench.engine`."""
