run tests/demos/manifests/job-backoff.yaml --until 5m --exec '@15s:get pods' --exec '@2m:get jobs,pods' --get jobs,pods --events --why
