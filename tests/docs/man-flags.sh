#!/usr/bin/env bash
# ksim(1) names every command `ksim --help` lists and every flag each
# command's --help names. Exits 0 when it does; says what is missing.
set -u
KSIM=${KSIM:-build/ksim}
man=$(dirname "$0")/../../man/ksim.1
missing=0
cmds=$("$KSIM" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
[ -n "$cmds" ] || { echo "ksim --help lists no commands"; exit 1; }
for c in "" $cmds; do
	[ -z "$c" ] || grep -q "^\.B $c\$" "$man" || { echo "ksim(1) has no section for ksim $c"; missing=1; }
	for f in $("$KSIM" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -qF -- "\\-\\-${f#--}" "$man" || { echo "ksim(1) does not name $f (ksim $c --help does)"; missing=1; }
	done
done
exit "$missing"
