cron '0 9 * * *' --tz Asia/Seoul --from 2026-01-01T00:00:00Z --count 2
