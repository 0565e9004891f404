/*
 * The course's controllers at scale: a virtual day of ten every-minute
 * CronJobs on 100 nodes running a DaemonSet, and one DaemonSet placed on
 * 10,000 nodes, both headless.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"
#include "ksim/session.h"

#define DAY_MS (24LL * 3600 * 1000)

static char *nodes_yaml(int n, struct strbuf *y)
{
	for (int i = 0; i < n; i++)
		sb_printf(y,
			  "apiVersion: v1\nkind: Node\nmetadata: {name: node-%05d}\n"
			  "status: {capacity: {cpu: \"32\", memory: 128Gi, pods: \"110\"}}\n---\n",
			  i);
	return y->data;
}

static const char daemonset[] = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\n"
				"spec:\n  selector: {matchLabels: {app: agent}}\n"
				"  template:\n    metadata: {labels: {app: agent}}\n"
				"    spec: {containers: [{name: c, image: fluentd}]}\n---\n";

static struct session *open_yaml(const char *yaml)
{
	struct session *s = xmalloc(sizeof *s);
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	o.event_capacity = 20000;
	if (session_init_text(s, &o, "bench", yaml, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static void cronjob_day(void)
{
	struct strbuf y;
	struct session *s;
	uint64_t t0;
	double wall;

	sb_init(&y);
	nodes_yaml(100, &y);
	sb_add(&y, daemonset);
	for (int i = 0; i < 10; i++)
		sb_printf(
		    &y,
		    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: every-minute-%d}\n"
		    "spec:\n  schedule: \"*/1 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n"
		    "        spec:\n          restartPolicy: Never\n"
		    "          containers: [{name: c, image: busybox, command: [sh, -c, 'date; sleep 20']}]\n---\n",
		    i);
	s = open_yaml(y.data);
	t0 = bench_now_ns();
	engine_run_until(s->e, engine_now(s->e) + DAY_MS);
	wall = (double)(bench_now_ns() - t0) / 1e9;
	printf("controllers: one virtual day, 10 CronJobs */1 on 100 nodes with a DaemonSet\n");
	printf("  %-38s %12.3f s (%.0fx real time)\n", "wall", wall, (double)DAY_MS / 1000 / wall);
	printf("  %-38s %14llu\n", "jobs created",
	       (unsigned long long)engine_stats(s->e)->created[KIND_JOB]);
	printf("  %-38s %14llu\n", "timers fired",
	       (unsigned long long)engine_stats(s->e)->timers_fired);
	printf("  %-38s %14llu\n", "reconciles", (unsigned long long)engine_stats(s->e)->reconciles);
	session_destroy(s);
	free(s);
	sb_free(&y);
}

static void daemonset_wide(void)
{
	char path[] = "/tmp/ksim-bench-ds-XXXXXX.yaml", cmd[96];
	struct strbuf y, out, err;
	struct session *s;
	uint64_t t0;
	double wall;
	int64_t due;
	int fd;

	sb_init(&y);
	s = open_yaml(nodes_yaml(10000, &y));
	fd = mkstemps(path, 5);
	if (fd < 0 || write(fd, daemonset, sizeof daemonset - 1) < 0) {
		perror("bench: temporary file");
		exit(1);
	}
	close(fd);
	snprintf(cmd, sizeof cmd, "apply -f %s", path);
	sb_init(&out);
	sb_init(&err);
	/* The nodes exist; time the set from creation to every pod Running. */
	t0 = bench_now_ns();
	session_exec(s, cmd, &out, &err);
	while ((due = engine_next_due(s->e)) != TIME_NONE)
		engine_run_until(s->e, due);
	wall = (double)(bench_now_ns() - t0) / 1e9;
	unlink(path);
	printf("controllers: a DaemonSet on 10,000 nodes, applied to all pods Running\n");
	printf("  %-38s %12.3f s\n", "wall", wall);
	printf("  %-38s %14u\n", "pods", cluster_count(s->c, KIND_POD));
	printf("  %-38s %14llu\n\n", "reconciles",
	       (unsigned long long)engine_stats(s->e)->reconciles);
	sb_free(&out);
	sb_free(&err);
	session_destroy(s);
	free(s);
	sb_free(&y);
}

void bench_controllers(void)
{
	cronjob_day();
	daemonset_wide();
}
