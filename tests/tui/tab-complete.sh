#!/usr/bin/env bash
# Tab on the : line as bash completes: a unique prefix of a verb completes it,
# an ambiguous one keeps what was typed and lists the candidates.
. "$(dirname "$0")/lib.bash"
bottom() { screen | tail -1 | sed 's/ *$//'; }
start 80 24 --paused
keys : 'desc' Tab
wait_for ":describe"
[ "$(bottom)" = ":describe" ] || fail "a unique prefix completes alone: \"$(bottom)\""
keys 'po' Tab
wait_for ":describe pods"
keys C-u 'de' Tab
wait_for "describe delete"
bottom | grep -q '^:de  ' || fail "an ambiguous prefix must stay on the line: \"$(bottom)\""
keys 'sc' Tab
wait_gone "describe delete"
[ "$(bottom)" = ":describe" ] || fail "typing on to a unique prefix completes: \"$(bottom)\""
keys C-u 'zz' Tab
sleep 0.2
[ "$(bottom)" = ":zz" ] || fail "a prefix nothing matches must stay: \"$(bottom)\""
keys Escape q
finished 0
