#!/usr/bin/env bash
# `make test` / `make test-all`: the import-layer contract, nbval on the notebooks and pytest on
# tests/, with the two machines' worth of work overlapped.
#
# nbval executes the notebook templates in order; they write the shipped export's build into
# build/scratch (their default out_dir), holding build/scratch.lock while they run. Meanwhile
# pytest runs tests/ on JOBS workers, a test file per worker; a test that needs the shipped
# build (the `shipped` fixture) waits for that lock and then reuses what nbval built.
#
# The import-layer contract (lint-imports) runs beside them too. Each side's output is printed
# when it is done.
#
# usage: tools/run_tests.sh VENV JOBS [pytest arguments...]
set -euo pipefail
venv=$1 jobs=$2
shift 2
rm -rf build/scratch
mkdir -p build
"$venv/bin/lint-imports" > build/lint.log 2>&1 &
lint=$!
# The lock is taken here, before any test starts; nbval inherits it (file descriptor 9) and
# holds it until it exits; this shell lets go of its copy at once.
exec 9> build/scratch.lock
flock 9
"$venv/bin/python" -m pytest notebooks --nbval \
  --nbval-sanitize-with tests/nbval_sanitize.cfg > build/nbval.log 2>&1 &
nbval=$!
exec 9>&-
status=0
# Files in the order tests/conftest.py gives them (those that read nbval's build last), not
# xdist's (most tests first), which would start both workers waiting for nbval.
"$venv/bin/python" -m pytest tests -p no:nbval -n "$jobs" --dist loadfile --no-loadscope-reorder \
  "$@" || status=$?
for job in lint:$lint nbval:$nbval; do
  job_status=0
  wait "${job#*:}" || job_status=$?
  echo "--- ${job%%:*} (build/${job%%:*}.log)"
  cat "build/${job%%:*}.log"
  [ "$job_status" -eq 0 ] || status=$job_status
done
exit "$status"
