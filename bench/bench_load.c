/*
 * The classroom at its largest: 10,000 nodes and 200,000 pods (a DaemonSet
 * on every node and 950 ReplicaSets of 200), then one virtual hour on the
 * dashboard's runner thread at x600 (six seconds of wall time) while the
 * cluster churns as a lesson would: a CronJob every minute, a pod deleted
 * every 30 s, a node failed and recovered. RSS is read from /proc at the
 * start of the hour, every ten virtual minutes and at its end: memory must
 * stay flat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "ksim/labels.h"
#include "ksim/runner.h"
#include "ksim/session.h"

#define NODES 10000
#define SETS 950
#define REPLICAS 200
#define SPEED 600.0
#define HOUR_MS (3600 * 1000LL)

static char *cluster_yaml(void)
{
	struct strbuf y;

	sb_init(&y);
	for (int i = 0; i < NODES; i++)
		sb_printf(&y,
			  "apiVersion: v1\nkind: Node\nmetadata: {name: node-%05d, labels: {zone: z%d}}\n"
			  "status: {capacity: {cpu: \"32\", memory: 128Gi, pods: \"110\"}}\n---\n",
			  i, i % 3);
	sb_add(&y, "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-agent}\n"
		   "spec:\n  selector: {matchLabels: {app: node-agent}}\n"
		   "  template:\n    metadata: {labels: {app: node-agent}}\n"
		   "    spec: {tolerations: [{operator: Exists}], containers: [{name: agent, image: fluentd,"
		   " resources: {requests: {cpu: 50m, memory: 64Mi}}}]}\n---\n");
	for (int i = 0; i < SETS; i++)
		sb_printf(
		    &y,
		    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-%03d}\n"
		    "spec:\n  replicas: %d\n  selector: {matchLabels: {app: web-%03d}}\n"
		    "  template:\n    metadata: {labels: {app: web-%03d}}\n    spec:\n"
		    "      containers: [{name: nginx, image: nginx, resources: {requests: {cpu: 100m, memory: 128Mi}}}]\n---\n",
		    i, REPLICAS, i, i);
	sb_add(
	    &y,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tick}\n"
	    "spec:\n  schedule: '*/1 * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
	    "        spec:\n          restartPolicy: Never\n"
	    "          containers: [{name: c, image: busybox, command: [sh, -c, 'date; sleep 20']}]\n");
	return sb_take(&y);
}

/* Resident and peak memory of this process, in MiB. */
static void rss_mib(double *rss, double *peak)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb;

	*rss = *peak = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			*rss = kb / 1024.0;
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			*peak = kb / 1024.0;
	}
	if (f)
		fclose(f);
}

static void post_line(struct runner *r, const char *line)
{
	struct runner_cmd cmd = { .op = RUNNER_EXEC, .line = line };

	runner_post(r, &cmd);
}

/* Drops the answers to our commands (the runner keeps them until taken). */
static void take_results(struct runner *r, int *failed)
{
	struct runner_result res;

	while (runner_take(r, &res)) {
		*failed += res.status != 0;
		runner_result_free(&res);
	}
}

struct sample {
	int64_t virt_ms, engine_ms;
	double rss, wall_s;
	uint32_t pods, running, events;
	size_t strings; /* bytes the string table holds */
};

static void sample(struct runner *r, int64_t start_ms, uint64_t wall0, struct sample *s)
{
	struct cluster *c = runner_cluster(r);
	struct runner_clock ck;
	double peak;

	runner_clock(r, &ck);
	s->virt_ms = runner_clock_at(&ck, runner_wall_ns()) - start_ms;
	cluster_lock(c);
	s->engine_ms = c->now_ms - start_ms;
	s->pods = cluster_count(c, KIND_POD);
	s->running = 0;
	for (uint32_t i = 0; i < cluster_len(c, KIND_POD); i++) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		s->running += p && p->phase == PHASE_RUNNING;
	}
	s->events = c->events.count;
	s->strings = strtab_bytes(c->strings);
	cluster_unlock(c);
	rss_mib(&s->rss, &peak);
	s->wall_s = (double)(bench_now_ns() - wall0) / 1e9;
}

static void print_sample(const char *what, const struct sample *s)
{
	printf("  %-22s %8.1f s %9.0f s %8u %8u %8u %8.1f MiB %9.1f MiB\n", what, s->wall_s,
	       s->engine_ms / 1000.0, s->pods, s->running, s->events, s->strings / 1048576.0, s->rss);
}

void bench_load(void)
{
	char *yaml = cluster_yaml();
	struct session s;
	struct session_options o;
	struct ksim_error err;
	struct runner *r;
	struct sample first, now;
	double rss, peak, load_rss;
	uint64_t t0 = bench_now_ns(), wall0;
	int64_t start_ms, next_delete = 30000, next_sample = 600000;
	int failed = 0, deletes = 0, node_step = 0; /* node-00042: 1 failed, 2 recovered */
	char line[128];
	/* KSIM_BENCH_HOURS=3 runs longer, to see whether memory levels off. */
	const char *hours = getenv("KSIM_BENCH_HOURS");
	int64_t span_ms = HOUR_MS * (hours && atoi(hours) > 0 ? atoi(hours) : 1);

	session_options_default(&o);
	o.event_capacity = 10000;
	if (session_init_text(&s, &o, "load", yaml, &err)) {
		fprintf(stderr, "bench load: %s\n", err.msg);
		exit(1);
	}
	free(yaml);
	rss_mib(&load_rss, &peak);
	printf("load: %d nodes, a DaemonSet and %d ReplicaSets x %d, %lld virtual hour(s) at x%.0f\n",
	       NODES, SETS, REPLICAS, (long long)(span_ms / HOUR_MS), SPEED);
	printf("  manifests loaded and applied   %8.1f s wall, %.1f MiB\n",
	       (double)(bench_now_ns() - t0) / 1e9, load_rss);
	t0 = bench_now_ns();
	while (engine_next_due(s.e) != TIME_NONE &&
	       cluster_count(s.c, KIND_POD) < NODES + SETS * REPLICAS)
		engine_run_until(s.e, engine_next_due(s.e));
	engine_run_until(s.e, engine_now(s.e) + 60000);
	printf("  one virtual minute to settle   %8.1f s wall, %u pods\n",
	       (double)(bench_now_ns() - t0) / 1e9, cluster_count(s.c, KIND_POD));
	start_ms = engine_now(s.e);

	r = runner_new(&s, SPEED, false);
	if (runner_start(r)) {
		perror("bench load: runner");
		exit(1);
	}
	wall0 = bench_now_ns();
	printf("  %-22s %10s %11s %8s %8s %8s %12s %13s\n", "", "wall", "virtual", "pods",
	       "running", "events", "strings", "RSS");
	sample(r, start_ms, wall0, &first);
	print_sample("start of the hour", &first);
	for (now = first; now.engine_ms < span_ms;) {
		struct timespec nap = { 0, 10 * 1000 * 1000 };
		nanosleep(&nap, NULL);
		sample(r, start_ms, wall0, &now);
		while (now.virt_ms >= next_delete && next_delete < span_ms) {
			snprintf(line, sizeof line, "delete pod -l app=web-%03d --wait=false",
				 deletes++ % SETS);
			post_line(r, line);
			next_delete += 30000;
		}
		if (now.virt_ms >= 600000 && node_step == 0 && ++node_step)
			post_line(r, "fail node node-00042");
		if (now.virt_ms >= 1200000 && node_step == 1 && ++node_step)
			post_line(r, "recover node node-00042");
		take_results(r, &failed);
		if (now.engine_ms >= next_sample && next_sample < span_ms) {
			if (span_ms > HOUR_MS && next_sample % HOUR_MS) {
				next_sample += 600000;
				continue;
			}
			char what[32];
			snprintf(what, sizeof what, "+%lld min", (long long)(next_sample / 60000));
			print_sample(what, &now);
			next_sample += 600000;
		}
	}
	print_sample("end of the hour", &now);
	runner_stop(r);
	take_results(r, &failed);
	runner_free(r);
	rss_mib(&rss, &peak);
	printf("  RSS start %.1f MiB, end %.1f MiB (%+.1f%%), peak %.1f MiB; %d pod deletions,"
	       " %d commands failed\n",
	       first.rss, now.rss, 100.0 * (now.rss - first.rss) / first.rss, peak, deletes, failed);
	printf("  speed reached: x%.0f asked, x%.0f kept (virtual %.0f s in %.1f s wall)\n\n",
	       SPEED, now.engine_ms / 1000.0 / now.wall_s, now.engine_ms / 1000.0, now.wall_s);
}
