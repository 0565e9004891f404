run tests/demos/manifests/cronjob-forbid.yaml --start 2026-01-01T00:19:00Z --until 6m --exec '@3m30s:get cronjobs,jobs' --get cronjobs,jobs,pods --events --why
