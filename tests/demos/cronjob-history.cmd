run tests/demos/manifests/cronjob-every-minute.yaml --until 5m30s --exec '@1m21s:get pod,jobs' --exec '@2m30s:get jobs' --exec '@5m30s:logs job/testcron-29453765' --get cronjobs,jobs,pods
