check tests/demos/manifests/cronjob-february-31.yaml
