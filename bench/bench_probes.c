/*
 * 10,000 pods on 1,000 nodes with a readiness probe on every pod (httpGet /
 * on nginx, every 10 s), run for a virtual hour once they are all Ready,
 * beside the same cluster without probes: wall time, timers, reconciles and
 * events. Each probe is one timer at its next tick; a pod without probes
 * costs nothing while it runs.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "ksim/session.h"

struct probe_figures {
	double setup_s, hour_s;
	uint64_t timers, reconciles, events;
};

static void cluster_yaml(int nodes, int replicas, bool probes, struct strbuf *y)
{
	bench_nodes_yaml(nodes, y);
	sb_printf(y,
		  "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\n"
		  "spec:\n  replicas: %d\n  selector: {matchLabels: {app: web}}\n"
		  "  template:\n    metadata: {labels: {app: web}}\n"
		  "    spec:\n      containers:\n      - name: nginx\n        image: \"nginx:1.25\"\n",
		  replicas);
	if (probes)
		sb_add(y, "        readinessProbe: {httpGet: {path: /, port: 80}}\n");
}

static void measure(bool probes, struct probe_figures *f)
{
	struct session s;
	struct session_options o;
	struct ksim_error err;
	struct strbuf y;
	uint64_t t0, seq0;
	int64_t due, start;

	sb_init(&y);
	cluster_yaml(1000, 10000, probes, &y);
	session_options_default(&o);
	o.event_capacity = 20000;
	t0 = bench_now_ns();
	if (session_init_text(&s, &o, "bench", y.data, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	/* Until everything is Ready: a minute of virtual time is plenty. */
	start = engine_now(s.e);
	while ((due = engine_next_due(s.e)) != TIME_NONE && due < start + 60000)
		engine_run_until(s.e, due);
	engine_run_until(s.e, start + 60000);
	f->setup_s = (double)(bench_now_ns() - t0) / 1e9;
	engine_stats_reset(s.e);
	seq0 = s.c->events.next_seq;
	t0 = bench_now_ns();
	engine_run_until(s.e, start + 60000 + 3600000);
	f->hour_s = (double)(bench_now_ns() - t0) / 1e9;
	f->timers = engine_stats(s.e)->timers_fired;
	f->reconciles = engine_stats(s.e)->reconciles;
	f->events = s.c->events.next_seq - seq0;
	session_destroy(&s);
	sb_free(&y);
}

static void report(const char *title, const struct probe_figures *f)
{
	printf("  %s\n", title);
	bench_row_seconds("setup (to all Ready, 1 min virtual)", f->setup_s);
	bench_row_seconds("one virtual hour, wall", f->hour_s);
	bench_row_count("timers fired", f->timers);
	bench_row_count("reconciles", f->reconciles);
	bench_row_count("events", f->events);
}

void bench_probes(void)
{
	struct probe_figures with, without;

	printf("probes: 10,000 pods on 1,000 nodes for a virtual hour once Ready\n");
	measure(true, &with);
	report("readiness probe on every pod (httpGet, period 10 s)", &with);
	measure(false, &without);
	report("the same pods without probes", &without);
	printf("\n");
}
