run tests/demos/manifests/cronjob-every-minute.yaml --until 1m30s --exec '@1m21s:logs cronjob/testcron' --exec '@1m21s:logs job/testcron-29453761'
