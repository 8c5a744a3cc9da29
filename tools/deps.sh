#!/bin/sh
# Check that every Debian package in tools/deps.list (or the list given as
# the argument, e.g. tools/deps-debug.list for `make debug`) is installed.
# As root, install the missing ones with apt-get; otherwise print the exact
# command and fail, so a fresh Debian 12 machine needs nothing by hand.
set -eu
list="${1:-$(dirname "$0")/deps.list}"
missing=""
for pkg in $(sed -e 's/#.*//' "$list"); do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
    exit 0
fi
echo "deps: missing Debian packages:$missing" >&2
echo "deps: run:  sudo apt-get install -y --no-install-recommends$missing" >&2
exit 1
