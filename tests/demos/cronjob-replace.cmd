run tests/demos/manifests/cronjob-replace.yaml --start 2026-01-01T00:19:00Z --until 6m --exec '@2m30s:get jobs,pods' --get cronjobs,jobs,pods --events --why
