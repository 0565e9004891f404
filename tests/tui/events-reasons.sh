#!/usr/bin/env bash
# The Events panel shows a reason whole, up to kubectl's longest the simulation
# emits (InvalidEnvironmentVariableNames, 31 characters), at 80x24 and at
# 200x60 where Events is one of two columns of ~98; objects too.
. "$(dirname "$0")/lib.bash"
for size in 80x24 200x60; do
	T kill-server 2>/dev/null
	shell "${size%x*}" "${size#*x}"
	run --speed 10 tests/tui/files/env-invalid.yaml
	wait_for "? help"
	wait_for "InvalidEnvironmentVariable"
	keys Space
	screen | grep -qE '(W|Warning) +InvalidEnvironmentVariableNames +(pod/app )?' ||
		fail "$size: the reason cut"
	screen | grep -E 'InvalidEnvironmentVariable' | grep -qF 'pod/app ' || fail "$size: the object cut"
	keys q
	finished 0
done
