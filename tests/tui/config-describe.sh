#!/usr/bin/env bash
# The dashboard's : line describes a ConfigMap and a Secret and prints one as
# YAML through kubectl's own printers: the data in full, a Secret's as sizes
# in describe and base64 in -o yaml.
. "$(dirname "$0")/lib.bash"
start 160 60 --paused tests/demos/manifests/config-objects.yaml
keys : 'describe cm app-config' Enter
wait_for "logo.png: 8 bytes"
wait_for "listen 80;"
keys Escape : C-u 'describe secret db-auth' Enter
wait_for "password:  11 bytes"
keys Escape : C-u 'create secret generic api --from-literal=token=abc' Enter
wait_for "secret/api created"
keys Escape : C-u 'get secret api -o yaml' Enter
wait_for "token: YWJj"
keys Escape q
finished 0
