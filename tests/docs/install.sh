#!/usr/bin/env bash
# make install puts ksim and ksim(1) under PREFIX; make uninstall takes them away.
set -u
KSIM=${KSIM:-build/ksim}
cd "$(dirname "$0")/../.." || exit 2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
m() { make --no-print-directory -s "$@" BUILD="$(dirname "$KSIM")" DESTDIR="$root" PREFIX=/usr >/dev/null; }
m install || { echo "make install failed"; exit 1; }
for f in bin/ksim share/man/man1/ksim.1; do
	[ -s "$root/usr/$f" ] || { echo "make install did not install $f"; exit 1; }
done
m uninstall || { echo "make uninstall failed"; exit 1; }
left=$(find "$root/usr" -type f)
[ -z "$left" ] || { echo "make uninstall left: $left"; exit 1; }
