#!/usr/bin/env bash
# Shipped demos at 80x24, 120x34 and 200x60: nothing cut while its row has
# room (an ellipsis on a line that still ends in blanks before its border:
# a pod name beside a padded status, a reason, a taint, a node's roles), the
# tab strip whole on its border, and the hint bar's keys whole with help and
# quit always there.
. "$(dirname "$0")/lib.bash"
check() { # WHAT: the screen now
	local s
	s=$(screen)
	echo "$s" | grep -E '…[^│]*   │' && fail "$1: cut while the row has room"
	echo "$s" | grep -E '┌─ [0-9· A-Za-z&|]*…' && fail "$1: the tab strip cut"
	return 0
}
hints() { # WHAT: the status line lists whole keys
	local last
	last=$(screen | tail -1)
	case $last in *…*) fail "$1: the hint bar cut: $last" ;; esac
	case $last in *"? help"*"q quit"*) ;; *) fail "$1: the hint bar lacks ? help or q quit: $last" ;; esac
}
for size in 80x24 120x34 200x60; do
	T kill-server 2>/dev/null
	shell "${size%x*}" "${size#*x}"
	for demo in deployment-rolling-update job-backoff node-failure cronjob-history taints-tolerations; do
		[ -f "demos/$demo.yaml" ] || demo=tutorial-$demo
		run --paused "demos/$demo.yaml"
		wait_for "1 Nodes"
		hints "$size $demo"
		keys . . . . . . . .
		sleep 0.5
		check "$size $demo"
		for panel in 2 3 4 5 7; do
			keys "$panel"
			sleep 0.2
			check "$size $demo panel $panel"
		done
		keys Escape 1
		sleep 0.3
		hints "$size $demo after"
		keys q
		finished 0
	done
done
# get pods -o wide in Detail at 200x60 keeps its NODE column whole (shared gutters narrowed)
T kill-server 2>/dev/null
shell 200 60
run --paused demos/deployment-rolling-update.yaml
wait_for "1 Nodes"
keys : "get pods -o wide" Enter
wait_for "taken at"
screen | grep -qE 'nginx-deployment-[a-z0-9]+-[a-z0-9]+ +[0-9]/1 .* k8s-node[0-9] ' ||
	fail "get pods -o wide lost its NODE column"
keys q
finished 0
# a caption longer than two lines at 80 columns wraps whole: the bar grows to hold it
T kill-server 2>/dev/null
shell 80 24
run --paused demos/debug-services.yaml
wait_for "1 Nodes"
for _ in $(seq 10); do # one step at a time: a loaded machine may take a while per step
	screen | grep -q "Inside a pod" && break
	keys '>'
	sleep 0.5
done
wait_for "Inside a pod"
wait_for "which answers with its pod name."
keys q
finished 0
