#!/usr/bin/env bash
# Shipped demos at 80x24, 120x34 and 200x60: no text over a border (every
# box line ends on the screen's right border), no name cut where the row
# still has room (an ellipsis followed by blank columns), and the selected
# row reversed across its whole box.
. "$(dirname "$0")/lib.bash"
check() { # SIZE: the screen's boxes
	local s
	s=$(screen)
	echo "$s" | sed -n '2,/^ /p' | grep -E '^[│┌└]' | grep -vE '[│┐┘]$' &&
		fail "$1: a box line does not end on its border"
	echo "$s" | grep -E '…  ' && fail "$1: a name cut while its row has room"
	return 0
}
selected_whole() { # SIZE: the focused panel's selected row is one reversed run, wider than its text
	T capture-pane -e -p -t t | grep -qE $'\e\\[([0-9;]*;)?7m(\e\\[[0-9;]*m)*[^\e]{40,}' ||
		fail "$1: no selected row reversed across its box"
}
for size in 80x24 120x34 200x60; do
	T kill-server 2>/dev/null
	shell "${size%x*}" "${size#*x}"
	for demo in default daemonset-rolling-update cronjob-history job-backoff; do
		run --paused "demos/$demo.yaml"
		wait_for "1 Nodes"
		keys . . . .
		sleep 0.5
		check "$size $demo"
		keys 2
		sleep 0.3
		selected_whole "$size $demo"
		keys q
		finished 0
	done
done
