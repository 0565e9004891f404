run tests/demos/manifests/cronjob-every-minute.yaml --until 5m30s --exec '@1m21s:get pod,jobs' --exec '@2m30s:get jobs' --exec '@5m30s:logs testcron-29453765-wksgv' --get cronjobs,jobs,pods
