#!/usr/bin/env bash
# `:edit` runs $EDITOR on the UI thread with curses suspended: the editor
# has the terminal to itself (its output shows, Enter goes to it), then the
# saved file is applied and the dashboard comes back whole.
. "$(dirname "$0")/lib.bash"
cat >"$WORK/editor" <<'EOS'
#!/bin/sh
echo "EDITING $(basename "$1" | cut -c1-13)"
read answer
echo "editor read: $answer"
sed -i 's/replicas: 3/replicas: 1/' "$1"
EOS
chmod +x "$WORK/editor"
shell 100 30 EDITOR="$WORK/editor"
run tests/demos/manifests/rs-and-pod.yaml --paused
wait_for "? help"
keys : 'edit rs replica1' Enter
wait_for "EDITING kubectl-edit-"
screen | grep -qF "? help" && fail "the dashboard is drawn over the editor"
keys 'yes' Enter
wait_for "replicaset.apps/replica1 edited"
wait_for "$ kubectl edit rs replica1"
wait_for "? help"
screen | grep -qF "EDITING" && fail "the editor's text is left on the dashboard"
keys : 'get rs' Enter
wait_for "replica1   1         1"
keys Escape q
finished 0
