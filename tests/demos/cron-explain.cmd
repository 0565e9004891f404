cron '20,21,22 * * * *' --from 2026-01-01T00:00:00Z --count 4 --explain
