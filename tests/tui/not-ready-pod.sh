#!/usr/bin/env bash
# A pod that runs but is not Ready (here: its node went NotReady) is drawn
# apart from a ready one in the node boxes: its own glyph (◐ against ●) and
# its own look, underlined (pod-not-ready; pending pods are not), in colour
# and with NO_COLOR=1 alike.
. "$(dirname "$0")/lib.bash"
for env in "" "NO_COLOR=1"; do
	shell 80 24 $env
	run play demos/node-failure.yaml --paused
	wait_for "k8s-node1"
	for _ in $(seq 12); do
		screen | grep -q "◐" && break
		keys '>'
		sleep 0.3
	done
	wait_for "◐"
	# the not-ready cell is underlined (SGR 4), which no ready pod is
	screen -e | grep -aqE $'\e\\[4m(\e\\[[0-9;]*m)*◐' ||
		fail "${env:-colour}: the not-ready pod is not underlined: $(screen -e | grep -a '◐' | head -1 | cat -v)"
	keys q
	finished 0
	T kill-server
done
echo ok
