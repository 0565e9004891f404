/*
 * A Deployment of 10,000 replicas on 1,000 nodes rolled to a new image, from
 * `set image` to the end of the rollout: wall time, reconciles and objects
 * touched, beside the full-resync baseline (every change resyncs everything)
 * at a tenth of the size (at full size the baseline takes minutes), as
 * ratios, with the machine's load average, since the figures are wall time.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "ksim/session.h"

struct rollout_figures {
	double setup_s, rollout_s;
	uint64_t reconciles, touched, pods_created;
	int64_t virtual_ms;
};

static void deployment_yaml(int nodes, int replicas, struct strbuf *y)
{
	for (int i = 0; i < nodes; i++)
		sb_printf(y,
			  "apiVersion: v1\nkind: Node\nmetadata: {name: node-%05d}\n"
			  "status: {capacity: {cpu: \"64\", memory: 256Gi, pods: \"110\"}}\n---\n",
			  i);
	sb_printf(y,
		  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
		  "spec:\n  replicas: %d\n  selector: {matchLabels: {app: web}}\n"
		  "  template:\n    metadata: {labels: {app: web}}\n"
		  "    spec: {containers: [{name: nginx, image: \"nginx:1.14.2\"}]}\n",
		  replicas);
}

static bool rollout_done(struct session *s)
{
	uint32_t name = strtab_lookup(s->c->strings, "web");
	const struct deployment *d =
	    cluster_get(s->c, KIND_DEPLOY, cluster_find(s->c, KIND_DEPLOY, s->c->s.default_ns, name));

	return d->status.updated == d->replicas && d->status.available == d->replicas &&
	       d->status.replicas == d->replicas && d->status.observed_generation == d->meta.generation;
}

static void run_to_quiet(struct session *s)
{
	int64_t due;

	while ((due = engine_next_due(s->e)) != TIME_NONE)
		engine_run_until(s->e, due);
}

static void measure(bool full, int nodes, int replicas, struct rollout_figures *f)
{
	struct session s;
	struct session_options o;
	struct ksim_error err;
	struct strbuf y, out, errout;
	int64_t start, due;
	uint64_t t0;

	sb_init(&y);
	sb_init(&out);
	sb_init(&errout);
	deployment_yaml(nodes, replicas, &y);
	session_options_default(&o);
	o.event_capacity = 20000;
	o.engine.full_resync = full;
	t0 = bench_now_ns();
	if (session_init_text(&s, &o, "bench", y.data, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	run_to_quiet(&s);
	f->setup_s = (double)(bench_now_ns() - t0) / 1e9;
	engine_stats_reset(s.e);
	start = engine_now(s.e);
	t0 = bench_now_ns();
	session_exec(&s, "set image deployment/web nginx=nginx:1.16.1", &out, &errout);
	while (!rollout_done(&s) && (due = engine_next_due(s.e)) != TIME_NONE)
		engine_run_until(s.e, due);
	f->rollout_s = (double)(bench_now_ns() - t0) / 1e9;
	f->virtual_ms = engine_now(s.e) - start;
	f->reconciles = engine_stats(s.e)->reconciles;
	f->touched = engine_stats(s.e)->touched;
	f->pods_created = engine_stats(s.e)->created[KIND_POD];
	session_destroy(&s);
	sb_free(&y);
	sb_free(&out);
	sb_free(&errout);
}

static void report(const char *title, const struct rollout_figures *f)
{
	printf("  %s\n", title);
	printf("    %-36s %12.3f s\n", "setup (nodes, 1st revision Running)", f->setup_s);
	printf("    %-36s %12.3f s\n", "rollout wall", f->rollout_s);
	printf("    %-36s %12.1f s\n", "rollout virtual time", (double)f->virtual_ms / 1000);
	printf("    %-36s %14llu\n", "reconciles", (unsigned long long)f->reconciles);
	printf("    %-36s %14llu\n", "objects touched", (unsigned long long)f->touched);
	printf("    %-36s %14llu\n", "pods created", (unsigned long long)f->pods_created);
}

static double ratio(double full, double inc)
{
	return inc > 0 ? full / inc : 0;
}

static void report_ratios(const struct rollout_figures *inc, const struct rollout_figures *full)
{
	printf("  full resync / incremental\n");
	printf("    %-36s %12.1fx\n", "rollout wall", ratio(full->rollout_s, inc->rollout_s));
	printf("    %-36s %12.1fx\n", "reconciles",
	       ratio((double)full->reconciles, (double)inc->reconciles));
	printf("    %-36s %12.1fx\n", "objects touched",
	       ratio((double)full->touched, (double)inc->touched));
}

static void report_load(void)
{
	double load[1];

	if (getloadavg(load, 1) == 1)
		printf("  load average (1 min) %.2f: wall times are this machine's, under that load\n",
		       load[0]);
}

void bench_deployment(void)
{
	struct rollout_figures inc, full;

	printf("deployment: 10,000 replicas on 1,000 nodes, set image to the end of the rollout\n");
	measure(false, 1000, 10000, &inc);
	report("incremental (work queues)", &inc);
	printf("deployment: the same at 1/10 scale (1,000 replicas, 100 nodes), both modes\n");
	measure(false, 100, 1000, &inc);
	report("incremental (work queues)", &inc);
	measure(true, 100, 1000, &full);
	report("full resync", &full);
	report_ratios(&inc, &full);
	report_load();
	printf("\n");
}
