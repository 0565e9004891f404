cron '30 2 * * *' --tz America/New_York --from 2026-03-07T00:00:00Z --count 3 --explain
