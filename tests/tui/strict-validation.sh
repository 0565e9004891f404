#!/usr/bin/env bash
# A field Kubernetes does not have (spec.replcas): the dashboard refuses the
# file before the screen changes, exit 2 with FILE:LINE:COL and the hint, as
# kubectl's strict validation would; --validate=warn opens it and says so on
# the status line at once (not only after quitting); `:apply -f` refuses it
# the same way from inside.
. "$(dirname "$0")/lib.bash"
shell 80 24
run tests/bad/unknown-field.yaml
finished 2
wait_for 'tests/bad/unknown-field.yaml:7:3: spec.replcas: strict decoding error'
screen | grep -qF 'did you mean "replicas"' || fail "the hint is gone"
run --paused --validate=warn tests/bad/unknown-field.yaml
wait_for "? help"
wait_for 'Warning: tests/bad/unknown-field.yaml:7:3: spec.replcas: unknown field'
keys : 'apply -f tests/bad/unknown-field.yaml' Enter
wait_for 'error: tests/bad/unknown-field.yaml:7:3: spec.replcas: strict decoding error'
keys Escape q
finished 0
