play tests/bad/bad-cpu-quantity.yaml
