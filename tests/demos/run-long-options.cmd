run tests/demos/manifests/rs-and-pod.yaml --until=20s --start=2026-02-01T00:00:00Z --get=rs --events
