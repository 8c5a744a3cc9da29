#!/bin/sh
# Run a kernel image that tests itself (QEMU, serial on stdout) and turn its
# output into a result count for test-summary.sh. The kernel prints
# "selftest NAME: ok|FAIL" per case and "selftest: N passed, M failed" at
# the end, then powers off. A panic, a hang (the timeout) or a missing
# summary line is a failure.
# Usage: run-kernel-test.sh LOG CMD...
log=$1
shift
"$@" >"$log" 2>&1 </dev/null
rc=$?
summary=$(grep -a '^selftest: [0-9]* passed, [0-9]* failed' "$log" | tail -n 1 | tr -d '\r')
if [ -n "$summary" ]; then
    p=$(echo "$summary" | sed 's/^selftest: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/')
    f=$(echo "$summary" | sed 's/^selftest: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/')
else
    p=0
    f=0
fi
grep -aq '^PANIC' "$log" && f=$((f + 1))
[ -z "$summary" ] && f=$((f + 1))
[ "$rc" = 124 ] && echo "kernel selftest: timed out" >>"$log"
echo "$p $f" >"${log%.log}.count"
name=$(basename "${log%.log}")
if [ "$f" = 0 ]; then
    echo "ok   kernel $name ($p passed)"
else
    echo "FAIL kernel $name ($p passed, $f failed; see $log)"
    grep -a 'FAIL\|PANIC\|timed out' "$log" | head -n 20
fi
exit 0
