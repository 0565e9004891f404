run tests/demos/manifests/cronjob-february-31.yaml --until 48h --exec '@24h:patch cronjob feb31 -p '"'"'{"spec":{"concurrencyPolicy":"Forbid"}}'"'"'' --get cronjobs,jobs --events --why
