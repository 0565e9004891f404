#!/usr/bin/env bash
# Warnings show whole in Detail, before the result, as kubectl prints them:
# the files' warnings under --validate=warn (the did-you-mean at the end of
# the line included, wrapped), and a command's own `Warning:` lines
# (`apply --validate=warn`, a forced delete) above what it did.
. "$(dirname "$0")/lib.bash"
shell 120 34
run --paused --validate=warn tests/bad/unknown-field.yaml
detail() { screen | sed -n '/7 Detail/,$p' | sed -n 's/.*││\(.*\)│$/\1/p'; }
# whole() TEXT: Detail shows TEXT, maybe wrapped (a continuation row is indented by two)
whole() { detail | sed 's/^  //' | tr -d '\n' | grep -qF "$1"; }
wait_for "the files' warnings"
detail | head -1 | grep -q '^Warning: tests/bad/unknown-field.yaml:7:3' || fail "no warning in Detail"
whole 'did you mean "replicas"?' || fail "the files' warning is cut"
keys : 'apply -f tests/bad/unknown-field.yaml --validate=warn' Enter
wait_for 'replicaset.apps/web unchanged'
detail | head -1 | grep -q '^Warning: tests/bad/unknown-field.yaml:7:3' || fail "the warning is not first: $(detail | head -3)"
whole 'did you mean "replicas"?' || fail "the warning's hint is cut"
keys : 'delete pod --all --grace-period=0 --force' Enter
wait_for 'force deleted'
detail | head -1 | grep -q '^Warning: Immediate deletion does not wait' || fail "delete's warning is not first"
detail | grep -qF 'indefinitely' || fail "delete's warning is cut"
keys q
finished 0
