#!/usr/bin/env bash
# scripts/deps, behind make run and make test: the README's promise that they
# install the Debian packages they lack (as root, or with sudo -n), say which,
# and print the exact apt-get line only where they cannot. dpkg-query,
# apt-get, id and sudo are stand-ins that log what they were asked.
set -u
cd "$(dirname "$0")/../.." || exit 2
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
stub() { printf '#!/bin/sh\n%s\n' "$2" >"$fake/$1"; chmod +x "$fake/$1"; }
stub dpkg-query 'case "$*" in *libfoo-dev*) exit 1;; esac; printf installed'
stub apt-get 'echo "apt-get $*" >>"'"$fake"'/log"'
deps() { PATH="$fake:$PATH" scripts/deps "$@" 2>"$fake/err"; }
fail() { echo "FAIL: $*"; sed 's/^/    /' "$fake/err" "$fake/log" 2>/dev/null; exit 1; }

# as root: installs what lacks, says so, nothing for what is there
stub id 'echo 0'
deps --install libbar-dev libfoo-dev || fail "root install failed"
[ "$(cat "$fake/err")" = "ksim: installing the missing Debian packages: libfoo-dev" ] || fail "root: message"
grep -q "^apt-get install -y -qq libfoo-dev$" "$fake/log" || fail "root: apt-get not asked for libfoo-dev alone"
# plain make: names the line, installs nothing
rm -f "$fake/log"
deps libfoo-dev && fail "without --install it did not fail"
[ "$(cat "$fake/err")" = "ksim needs the Debian packages libfoo-dev; install them with: apt-get install -y libfoo-dev" ] ||
	fail "root, no install: message"
[ ! -e "$fake/log" ] || fail "without --install apt-get ran"
# not root, sudo needing a password: the exact line, with sudo
stub id 'echo 1000'
stub sudo 'exit 1'
deps --install libfoo-dev && fail "without sudo it did not fail"
[ "$(cat "$fake/err")" = "ksim needs the Debian packages libfoo-dev; install them with: sudo apt-get install -y libfoo-dev" ] ||
	fail "no sudo: message"
[ ! -e "$fake/log" ] || fail "no sudo: apt-get ran"
# not root, sudo -n allowed: through sudo
stub sudo '[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; exec "$@"'
deps --install libfoo-dev || fail "sudo -n install failed"
grep -q "^apt-get install -y -qq libfoo-dev$" "$fake/log" || fail "sudo: apt-get not run"
# everything there: silent
deps --install libbar-dev || fail "nothing to install failed"
[ ! -s "$fake/err" ] || fail "nothing to install: said something"
exit 0
