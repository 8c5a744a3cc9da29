#!/bin/sh
# Run one test program and record its outcome for tools/test-summary.sh.
# Usage: run-test.sh [--single] LOG COMMAND...
# LOG gets the program's output, LOG.count gets "passed failed": the
# cmocka totals it printed, or "0 1" when it crashed or printed none.
# With --single the program is one test (a fuzz run): its exit status
# alone decides.
single=0
[ "$1" = --single ] && { single=1; shift; }
log=$1
shift
"$@" >"$log" 2>&1
rc=$?
passed=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
passed=${passed:-0}
failed=${failed:-0}
if [ $single = 1 ]; then
    passed=0
    failed=0
    if [ "$rc" = 0 ]; then passed=1; fi
fi
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
    # Crashed, sanitizer abort, or timeout: the program counts as one failure.
    echo "run-test: $* exited with status $rc" >>"$log"
    failed=1
fi
echo "$passed $failed" >"$log.count"
if [ "$failed" != 0 ]; then
    echo "FAIL $(basename "$log" .log) ($failed failed; see $log)"
    grep -E '^\[  (ERROR|FAILED|LINE) ' "$log" | head -n 20
    grep -E 'ERROR: (Address|Undefined|Leak)Sanitizer|runtime error|run-test:' "$log" | head -n 5
else
    echo "ok   $(basename "$log" .log) ($passed passed)"
fi
exit 0
