/*
 * The engine at scale: 100,000 ReplicaSet pods on 1,000 nodes to steady
 * state, one pod deleted in that steady cluster, and one idle virtual hour.
 * Each is measured twice in this process: incremental (the engine as built)
 * and full resync (every controller re-examines every object at every busy
 * instant and every 30 s), so the ratio is side by side on the same machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ksim/session.h"

#define NODES 1000
#define SETS 1000
#define REPLICAS 100

static char *cluster_yaml(void)
{
	struct strbuf y;

	sb_init(&y);
	for (int i = 0; i < NODES; i++)
		sb_printf(&y,
			  "apiVersion: v1\nkind: Node\nmetadata: {name: node-%04d}\n"
			  "status: {capacity: {cpu: \"64\", memory: 256Gi, pods: \"110\"}}\n---\n",
			  i);
	for (int i = 0; i < SETS; i++)
		sb_printf(&y,
			  "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-%04d}\n"
			  "spec:\n  replicas: %d\n  selector: {matchLabels: {app: web-%04d}}\n"
			  "  template:\n    metadata: {labels: {app: web-%04d}}\n    spec:\n"
			  "      containers:\n      - name: nginx\n        image: nginx\n"
			  "        resources: {requests: {cpu: 100m, memory: 128Mi}}\n---\n",
			  i, REPLICAS, i, i);
	return sb_take(&y);
}

struct figures {
	double steady_s, delete_us, idle_ms;
	uint64_t steady_reconciles, delete_touched, delete_scored, idle_events;
	double bytes_per_pod;
	uint32_t pods;
};

/* Runs until no timer is left: the cluster is quiet. */
static void run_to_quiet(struct session *s)
{
	int64_t due;

	while ((due = engine_next_due(s->e)) != TIME_NONE)
		engine_run_until(s->e, due);
}

static double pod_bytes(const struct session *s)
{
	const struct table *t = &s->c->tables[KIND_POD];
	double bytes = (double)t->cap * (double)t->elem;

	for (uint32_t i = 0; i < t->len; i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (p)
			bytes += (double)(p->ninit + p->ncontainers) * sizeof *p->ctrs;
	}
	return t->live ? bytes / t->live : 0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Deletes the first pod of n ReplicaSets one at a time, each until quiet: the median wall time,
 * and the objects touched and nodes scored for the first. */
static void delete_pods(struct session *s, int n, struct figures *f)
{
	double us[64];
	struct strbuf out, errout;
	char cmd[128];

	sb_init(&out);
	sb_init(&errout);
	for (int k = 0; k < n; k++) {
		const struct meta *rs = cluster_meta(s->c, KIND_RS, (uint32_t)k);
		const struct pod *victim = cluster_get(s->c, KIND_POD, rs->kids);
		snprintf(cmd, sizeof cmd, "delete pod %s", cluster_str(s->c, victim->meta.name));
		engine_stats_reset(s->e);
		uint64_t t0 = bench_now_ns();
		session_exec(s, cmd, &out, &errout);
		run_to_quiet(s);
		us[k] = (double)(bench_now_ns() - t0) / 1e3;
		if (k == 0) {
			f->delete_touched = engine_stats(s->e)->touched;
			f->delete_scored = engine_stats(s->e)->nodes_scored;
		}
		sb_reset(&out);
		sb_reset(&errout);
	}
	qsort(us, (size_t)n, sizeof *us, by_value);
	f->delete_us = us[n / 2];
	sb_free(&out);
	sb_free(&errout);
}

static void measure(bool full, const char *yaml, struct figures *f)
{
	struct session s;
	struct session_options o;
	struct ksim_error err;
	uint64_t t0;

	session_options_default(&o);
	o.event_capacity = 10000;
	o.engine.full_resync = full;
	if (session_init_text(&s, &o, "bench", yaml, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	/* Loading applied the sets; the pods are created, scheduled and started from here. */
	t0 = bench_now_ns();
	run_to_quiet(&s);
	f->steady_s = (double)(bench_now_ns() - t0) / 1e9;
	f->steady_reconciles = engine_stats(s.e)->reconciles;
	f->pods = cluster_count(s.c, KIND_POD);
	f->bytes_per_pod = pod_bytes(&s);

	delete_pods(&s, full ? 5 : 51, f);

	engine_stats_reset(s.e);
	t0 = bench_now_ns();
	engine_run_until(s.e, engine_now(s.e) + 3600 * 1000);
	f->idle_ms = (double)(bench_now_ns() - t0) / 1e6;
	f->idle_events = engine_stats(s.e)->timers_fired + engine_stats(s.e)->reconciles;
	session_destroy(&s);
}

void bench_engine(void)
{
	char *yaml = cluster_yaml();
	struct figures inc, full;

	measure(false, yaml, &inc);
	measure(true, yaml, &full);
	free(yaml);
	printf("engine: %u pods (%d ReplicaSets x %d) on %d nodes\n", inc.pods, SETS, REPLICAS,
	       NODES);
	printf("  %-38s %14s %14s %9s\n", "", "incremental", "full resync", "ratio");
	printf("  %-38s %12.3f s %12.3f s %8.1fx\n", "to steady state (wall)", inc.steady_s,
	       full.steady_s, full.steady_s / inc.steady_s);
	printf("  %-38s %14llu %14llu %8.1fx\n", "  reconciles",
	       (unsigned long long)inc.steady_reconciles, (unsigned long long)full.steady_reconciles,
	       (double)full.steady_reconciles / (double)inc.steady_reconciles);
	printf("  %-38s %12.0f B\n", "pod bytes (table slot + containers)", inc.bytes_per_pod);
	printf("  %-38s %11.1f us %11.1f us %8.1fx\n", "one pod deleted, until quiet (median)",
	       inc.delete_us, full.delete_us, full.delete_us / inc.delete_us);
	printf("  %-38s %14llu %14llu %8.1fx\n", "  objects touched by controllers",
	       (unsigned long long)inc.delete_touched, (unsigned long long)full.delete_touched,
	       (double)full.delete_touched / (double)(inc.delete_touched ? inc.delete_touched : 1));
	printf("  %-38s %14llu %14llu\n", "  nodes looked at by the scheduler",
	       (unsigned long long)inc.delete_scored, (unsigned long long)full.delete_scored);
	printf("  %-38s %14llu %14llu\n", "idle virtual hour: events processed",
	       (unsigned long long)inc.idle_events, (unsigned long long)full.idle_events);
	printf("  %-38s %11.3f ms %11.3f ms\n\n", "idle virtual hour (wall)", inc.idle_ms,
	       full.idle_ms);
}
