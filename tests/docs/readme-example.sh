#!/usr/bin/env bash
# The README's first example is what the command prints today: its first
# ``` block is "$ COMMAND" (a line ending in \ goes on) and then the exact
# output, which this runs and compares.
set -u
KSIM=${KSIM:-build/ksim}
KSIM=$(cd "$(dirname "$KSIM")" && pwd)/$(basename "$KSIM")
cd "$(dirname "$0")/../.." || exit 2
cmd='' want='' more=1
while IFS= read -r line; do
	if [ "$more" = 1 ]; then
		cmd+=${line%\\}
		[ "${line%\\}" != "$line" ] || more=0
	else
		want+=$line$'\n'
	fi
done < <(awk '/^```/ { n++; next } n == 1' README.md)
case $cmd in '$ ksim '*) ;; *) echo "README's first example does not start with \$ ksim: $cmd"; exit 1 ;; esac
got=$(KSIM="$KSIM" bash -c "ksim() { \"\$KSIM\" \"\$@\"; }; ${cmd#\$ }" 2>&1)
diff -u <(printf '%s' "$want") <(printf '%s\n' "$got") || { echo "README's first example: $cmd"; exit 1; }
