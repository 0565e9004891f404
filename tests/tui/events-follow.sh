#!/usr/bin/env bash
# Events keeps the newest in view whatever happens to its box: grown by a
# resize it fills with older events (no blank rows under the last), and a /
# filter typed and cleared leaves it following.
. "$(dirname "$0")/lib.bash"
start 80 24 --speed 20
wait_for "Started"
sleep 1
keys Space
wait_for "paused"
T resize-window -t t -x 120 -y 34
wait_for "7 Detail"
# the Events box: from its title to its bottom border, left column
box=$(screen | cut -c1-66 | sed -n '/6 Events/,/^└/p' | sed '1d;$d')
echo "$box" | grep -q '^│ *│$' && fail "blank rows in a grown Events box: $box"
keys 6 / 'Scheduled'
wait_for "/Scheduled"
keys Escape
wait_gone "/Scheduled"
screen | grep -q "End: follow" && fail "clearing a filter stopped Events following"
last=$(screen | cut -c1-66 | sed -n '/6 Events/,/^└/p' | grep '^│[0-9][0-9]:' | tail -1 | cut -c2-9)
keys Space
sleep 1
keys Space
wait_for "paused"
now=$(screen | cut -c1-66 | sed -n '/6 Events/,/^└/p' | grep '^│[0-9][0-9]:' | tail -1 | cut -c2-9)
[[ "$now" > "$last" ]] || [[ "$now" == "$last" ]] || fail "Events went back from $last to $now"
keys q
finished 0
