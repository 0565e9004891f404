#!/usr/bin/env bash
# get pods -o wide at 80x24, wider than Detail even with its gutters narrowed:
# the bottom border names the columns out of view (→ NODE, ...), and
# right/left scroll a column at a time with NAME kept in place, so NODE is
# read beside the pod's whole name without z.
. "$(dirname "$0")/lib.bash"
shell 80 24
run --paused demos/deployment-rolling-update.yaml
wait_for "1 Nodes"
keys : "get pods -o wide" Enter
wait_for "taken at"
screen | grep -qE '└─ taken at [0-9:]+ ─ → NODE, NOMINATED NODE, READINESS GATES' ||
	fail "the columns out of view are not named on the border"
keys Right Right
wait_for "← READY, STATUS"
screen | grep -qE '│NAME +RESTARTS +AGE +IP +NODE ' || fail "NAME not kept beside NODE"
screen | grep -qE '│nginx-deployment-[a-z0-9]+-[a-z0-9]{5} +[0-9]+ .* k8s-node[0-9] ' ||
	fail "a pod's whole name and its node not on one line"
keys Right Right Right Right Right Right # as far as it goes: the last column whole
wait_for "│NAME                               NODE       NOMINATED NODE  READINESS GATES │"
keys Left Left Left Left Left Left Left Left
wait_for "│NAME                               READY  STATUS"
keys q
finished 0
