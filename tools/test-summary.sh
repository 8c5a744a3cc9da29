#!/bin/sh
# Sum the results of every test tier under build/results and print the
# one line CI reads: "N passed, N failed". A tier that was expected but
# left no results (its build failed) counts as one failure.
# Usage: test-summary.sh RESULTS_DIR TIER...
dir=$1
shift
total_p=0
total_f=0
for tier in "$@"; do
    p=0
    f=0
    if ls "$dir/$tier"/*.count >/dev/null 2>&1; then
        for c in "$dir/$tier"/*.count; do
            read -r cp cf <"$c"
            p=$((p + cp))
            f=$((f + cf))
        done
    else
        echo "tier $tier: no results (its build failed?)"
        f=1
    fi
    [ -f "$dir/$tier.build-failed" ] && { echo "tier $tier: build failed"; f=$((f + 1)); }
    printf 'tier %-6s %5d passed, %d failed\n' "$tier" "$p" "$f"
    total_p=$((total_p + p))
    total_f=$((total_f + f))
done
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
