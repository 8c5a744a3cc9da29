#!/bin/sh
# Run a kernel image that tests itself (QEMU, serial on stdout) and turn its
# output into a result count for test-summary.sh. Each case, in the kernel
# or in user level, prints "selftest NAME: ok|FAIL"; the kernel prints
# "selftest: done" when nothing is left to run and powers off. A panic, a
# hang (the timeout) or a missing end marker is one more failure.
# Usage: run-kernel-test.sh LOG CMD...
log=$1
shift
"$@" >"$log" 2>&1 </dev/null
rc=$?
p=$(grep -ac '^selftest [^:]*: ok' "$log")
f=$(grep -ac '^selftest [^:]*: FAIL' "$log")
grep -aq '^PANIC' "$log" && f=$((f + 1))
if ! grep -aq '^selftest: done' "$log"; then
    f=$((f + 1))
    [ "$rc" = 124 ] && echo "kernel selftest: timed out" >>"$log"
    echo "kernel selftest: no end marker (exit status $rc)" >>"$log"
fi
echo "$p $f" >"${log%.log}.count"
name=$(basename "${log%.log}")
if [ "$f" = 0 ]; then
    echo "ok   kernel $name ($p passed)"
else
    echo "FAIL kernel $name ($p passed, $f failed; see $log)"
    grep -a 'FAIL\|PANIC\|FAULT\|timed out\|end marker' "$log" | head -n 20
fi
exit 0
