#!/usr/bin/env bash
# ksim(1) names every command `ksim --help` lists and every flag each
# command's --help names, and no flag that none names. Exits 0 when it does; says what is missing.
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
# and the other way: every flag the page names is one some --help names
helps=$(for c in "" $cmds; do "$KSIM" $c --help; done)
for f in $(grep -o -- '\\-\\-[a-z][a-z-]*' "$man" | sed 's/\\//g' | sort -u); do
	[ "$f" = --flag ] && continue # "--flag value", the form every option takes
	grep -qF -- "$f" <<<"$helps" || { echo "ksim(1) names $f, which no --help names"; missing=1; }
done
exit "$missing"
