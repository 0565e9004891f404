#!/usr/bin/env bash
# A field Kubernetes does not have, read the three ways kubectl's --validate
# reads it: strict (the default) refuses the file, exit 2 with FILE:LINE:COL
# and the hint, in ksim check, ksim run and --exec 'apply -f'; warn accepts it
# with a warning on stderr; false says nothing. A mode kubectl does not have is
# refused in kubectl's words. Run by tests/run with KSIM set; exit 0 = pass.
set -u
ksim=${KSIM:-build/ksim}
bad=tests/bad/unknown-field.yaml
where="$bad:7:3: spec.replcas"
strict="$where: strict decoding error: unknown field \"spec.replcas\" (did you mean \"replicas\"?)"
warned="$where: unknown field (did you mean \"replicas\"?)"
fails=0

# expect WHAT STATUS STDERR -- ARGS...: ksim ARGS exits STATUS with exactly STDERR.
expect() {
	local what=$1 want_rc=$2 want_err=$3 got rc
	shift 4
	got=$("$ksim" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -ne "$want_rc" ] || [ "$got" != "$want_err" ]; then
		echo "FAIL $what: ksim $*: exit $rc"
		echo "  want: $want_err"
		echo "  got:  $got"
		fails=$((fails + 1))
	fi
}

expect "check, strict by default" 2 "$strict" -- check "$bad"
expect "check --validate=strict" 2 "$strict" -- check --validate=strict "$bad"
expect "check --validate=warn" 0 "$warned" -- check --validate=warn "$bad"
expect "check --validate false" 0 "" -- check "$bad" --validate false
expect "run, strict by default" 2 "$strict" -- run "$bad" --until 1s
expect "run --validate=warn" 0 "$warned" -- run "$bad" --until 1s --validate=warn
expect "run --validate=ignore" 0 "" -- run "$bad" --until 1s --validate=ignore
expect "a mode kubectl lacks" 2 "ksim check: invalid - validate option \"maybe\"; must be one of: strict (or true), warn, ignore (or false)
Run 'ksim check --help' for usage." -- check --validate=maybe "$bad"
expect "apply -f, strict by default" 0 "error: $strict" -- run --until 1s --exec "apply -f $bad"
expect "apply -f --validate=warn" 0 "Warning: $warned" -- run --until 1s --exec "apply -f $bad --validate=warn"
expect "create -f --validate=false" 0 "" -- run --until 1s --exec "create -f $bad --validate=false"

# warn and false still run the object: one replica, the typo ignored
out=$("$ksim" run "$bad" --until 1s --validate=false --get rs 2>/dev/null)
case $out in *"web    1         1"*) ;; *) echo "FAIL --validate=false did not run the ReplicaSet: $out"; fails=$((fails + 1)) ;; esac
[ "$fails" -eq 0 ]
