test demos/cascade-orphan.yaml demos/container-exit.yaml
