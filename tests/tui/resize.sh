#!/usr/bin/env bash
# The layout follows the terminal at once: 80x24 shows three panels (the
# work slot's top border naming the panels it takes turns showing),
# 160x48 all seven; below 80x24 a clear message, never garbage; a storm
# of 50 resizes in about a second leaves a working dashboard.
. "$(dirname "$0")/lib.bash"
start 80 24
wait_for "6 Events"
screen | grep -q "┌─ 7 Detail" && fail "Detail at 80x24"
screen | grep -qE "· 7 Detail (─|·)" || fail "no tab naming Detail at 80x24"
T resize-window -t t -x 160 -y 48
wait_for "7 Detail"
wait_for "3 Jobs"
wait_for "kube-proxy-"
T resize-window -t t -x 20 -y 5
wait_for "too small"
wait_for "need 80x24"
T resize-window -t t -x 79 -y 30
wait_for "now 79x30"
T resize-window -t t -x 200 -y 60
wait_for "7 Detail"
for i in $(seq 50); do
	T resize-window -t t -x $((60 + i * 3)) -y $((15 + i % 40))
	sleep 0.02
done
T resize-window -t t -x 80 -y 24
wait_for "6 Events"
wait_gone "too small"
kill -0 "$(ksim_pid)" || fail "ksim died in the resize storm"
keys Space
wait_for "paused"
keys q
finished 0
