/*
 * The dashboard from outside, as a user's terminal sees it: build/ksim runs
 * in a 200x60 pseudo-terminal on 100 nodes and 1,000 pods, and this process
 * presses keys and reads what comes back. Figures: CPU per frame (the UI
 * thread's own run time from /proc, per key that redraws), bytes written per
 * frame, key press to first byte on screen, and what a paused dashboard
 * costs in a few idle seconds (wake-ups, CPU, bytes). A second run on
 * 1,000 pods of Deployments stuck mid-rollout measures the Deployments
 * panel's frames and the status line with a probed pod selected.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define COLS 200
#define ROWS 60
#define NODES 100
#define SETS 10
#define REPLICAS 100
#define PRESSES 40

struct term {
	int fd; /* the pty's master side */
	pid_t pid;
	uint64_t bytes;
};

static FILE *manifests_open(char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "/tmp/ksim-bench-%d.yaml", (int)getpid());
	if (!(f = fopen(path, "w")))
		return NULL;
	for (int i = 0; i < NODES; i++)
		fprintf(f,
			"apiVersion: v1\nkind: Node\nmetadata: {name: node-%03d}\n"
			"status: {capacity: {cpu: \"64\", memory: 256Gi, pods: \"110\"}}\n---\n",
			i);
	return f;
}

static int write_manifests(char *path, size_t size)
{
	FILE *f = manifests_open(path, size);

	if (!f)
		return -1;
	for (int i = 0; i < SETS; i++)
		fprintf(f,
			"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-%d}\n"
			"spec:\n  replicas: %d\n  selector: {matchLabels: {app: web-%d}}\n"
			"  template:\n    metadata: {labels: {app: web-%d}}\n    spec:\n"
			"      containers:\n      - {name: nginx, image: nginx}\n---\n",
			i, REPLICAS, i, i);
	return fclose(f);
}

/*
 * SETS Deployments of REPLICAS pods with a readiness probe, set at 10 s to redis, which does not
 * listen on the probe's port: with maxSurge 0 and maxUnavailable 20, each stays mid-rollout with
 * 80 old pods ready and 20 new ones not, 1,000 pods in all.
 */
static int write_rollouts(char *path, size_t size)
{
	FILE *f = manifests_open(path, size);

	if (!f)
		return -1;
	fprintf(f, "apiVersion: ksim.io/v1alpha1\nkind: Scenario\nmetadata: {name: bench}\n"
		   "spec:\n  panel: deployments\n  timeline:\n");
	for (int i = 0; i < SETS; i++)
		fprintf(f, "  - {at: 10s, run: kubectl set image deployment/web-%d nginx=redis:7}\n", i);
	fprintf(f, "---\n");
	for (int i = 0; i < SETS; i++)
		fprintf(f,
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-%d}\n"
			"spec:\n  replicas: %d\n  selector: {matchLabels: {app: web-%d}}\n"
			"  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 20}}\n"
			"  template:\n    metadata: {labels: {app: web-%d}}\n    spec:\n"
			"      containers:\n      - name: nginx\n        image: nginx\n"
			"        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}\n"
			"---\n",
			i, REPLICAS, i, i);
	return fclose(f);
}

/* Reads whatever the dashboard wrote until it has been quiet for quiet_ms (at most max_ms). */
static uint64_t drain(struct term *t, int quiet_ms, int max_ms)
{
	char buf[65536];
	uint64_t got = 0, end = bench_now_ns() + (uint64_t)max_ms * 1000000u;
	struct pollfd p = { t->fd, POLLIN, 0 };

	while (bench_now_ns() < end && poll(&p, 1, quiet_ms) > 0) {
		ssize_t n = read(t->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	t->bytes += got;
	return got;
}

/* Writes a key and returns the ns until the first byte of the answer (0: none within 1 s). */
static uint64_t press(struct term *t, const char *key)
{
	struct pollfd p = { t->fd, POLLIN, 0 };
	uint64_t t0 = bench_now_ns(), first = 0;

	if (write(t->fd, key, strlen(key)) < 0)
		return 0;
	if (poll(&p, 1, 1000) > 0)
		first = bench_now_ns() - t0;
	return first;
}

/* ns the thread tid has run (schedstat's first field). */
static uint64_t run_ns(pid_t pid, pid_t tid)
{
	char path[64];
	unsigned long long ns = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
	if ((f = fopen(path, "r"))) {
		if (fscanf(f, "%llu", &ns) != 1)
			ns = 0;
		fclose(f);
	}
	return ns;
}

/* Context switches (every wake-up is one) of all the process's threads, and their run time. */
static void process_totals(pid_t pid, uint64_t *switches, uint64_t *ns)
{
	char path[64], line[256];
	FILE *f;

	*switches = *ns = 0;
	for (pid_t tid = pid; tid < pid + 64; tid++) { /* the dashboard has two threads, made in a row */
		snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int)pid, (int)tid);
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof line, f)) {
			unsigned long long n;
			if (sscanf(line, "voluntary_ctxt_switches: %llu", &n) == 1 ||
			    sscanf(line, "nonvoluntary_ctxt_switches: %llu", &n) == 1)
				*switches += n;
		}
		fclose(f);
		*ns += run_ns(pid, tid);
	}
}

static int spawn(struct term *t, const char *manifests)
{
	char exe[PATH_MAX], ksim[PATH_MAX + 8];
	struct winsize ws = { ROWS, COLS, 0, 0 };
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	*strrchr(exe, '/') = '\0';
	snprintf(ksim, sizeof ksim, "%s/ksim", exe);
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("NO_COLOR");
		unsetenv("LC_ALL");
		execl(ksim, ksim, manifests, "--speed", "600", (char *)NULL);
		_exit(127);
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* PRESSES frames, keys a and b in turn: the UI thread's CPU per frame in us; *lat the key to screen
 * times (when lat is not NULL), *got how many. */
static double key_frames(struct term *t, const char *a, const char *b, uint64_t *lat, int *got)
{
	uint64_t cpu0 = run_ns(t->pid, t->pid);

	for (int i = 0; i < PRESSES; i++) {
		uint64_t ns = press(t, i % 2 ? b : a);
		drain(t, 40, 1000);
		if (ns && lat)
			lat[(*got)++] = ns;
	}
	return (double)(run_ns(t->pid, t->pid) - cpu0) / PRESSES / 1e3;
}

static void term_end(struct term *t, const char *manifests)
{
	press(t, "q");
	drain(t, 200, 3000);
	kill(t->pid, SIGTERM);
	waitpid(t->pid, NULL, 0);
	close(t->fd);
	unlink(manifests);
}

/* The Deployments panel (8) mid-rollout: a Deployment per key, then a probed pod per key. */
static void bench_rollouts(void)
{
	char manifests[64];
	struct term t = { -1, -1, 0 };

	if (write_rollouts(manifests, sizeof manifests) || spawn(&t, manifests)) {
		fprintf(stderr, "bench: cannot run the dashboard in a pty: %s\n", strerror(errno));
		return;
	}
	drain(&t, 1500, 20000); /* the pods start, the rollouts begin at 10 s and stall */
	press(&t, " ");
	drain(&t, 300, 2000);
	press(&t, "8");
	drain(&t, 300, 2000);
	printf("  %-44s %10.1f us\n", "Deployments (8), mid-rollout: frame after j/k",
	       key_frames(&t, "j", "k", NULL, NULL));
	press(&t, "l"); /* a pod of the new set: its failing readiness probe on the status line */
	press(&t, "l");
	drain(&t, 300, 2000);
	printf("  %-44s %10.1f us\n", "  a probed pod selected: frame after l/h",
	       key_frames(&t, "l", "h", NULL, NULL));
	term_end(&t, manifests);
}

void bench_dashboard(void)
{
	char manifests[64];
	struct term t = { -1, -1, 0 };
	uint64_t lat[PRESSES], cpu0, bytes, sw0, sw1, all0, all1;
	int got = 0;

	if (write_manifests(manifests, sizeof manifests) || spawn(&t, manifests)) {
		fprintf(stderr, "bench: cannot run the dashboard in a pty: %s\n", strerror(errno));
		return;
	}
	drain(&t, 1500, 20000); /* loads, schedules and starts every pod at x600 */
	press(&t, " ");         /* pause */
	drain(&t, 300, 2000);

	/* j/k move the Nodes selection: one frame each, no copy (the cluster did not change) */
	bytes = t.bytes;
	double frame_us = key_frames(&t, "j", "k", lat, &got);
	qsort(lat, (size_t)got, sizeof *lat, cmp_u64);
	printf("dashboard: %dx%d, %d nodes, %d pods (build/ksim in a pty)\n", COLS, ROWS, NODES,
	       SETS * REPLICAS);
	printf("  %-44s %10.1f us\n", "frame after a key, UI thread CPU", frame_us);
	printf("  %-44s %10.0f B\n", "  bytes written (selection moved)",
	       (double)(t.bytes - bytes) / PRESSES);
	printf("  %-44s %10.3f ms (of %d)\n", "key press to screen, median",
	       got ? (double)lat[got / 2] / 1e6 : 0.0, got);

	/* x crashes the next pod's container: its frames show the command, then the pod's new state,
	 * its event and the answer; the view is copied again. */
	uint64_t x_ns = 0, x_bytes = 0;
	for (int i = 0; i < PRESSES / 4; i++) {
		press(&t, "l");
		drain(&t, 60, 1000);
		cpu0 = run_ns(t.pid, t.pid);
		bytes = t.bytes;
		press(&t, "x");
		drain(&t, 60, 1000);
		x_ns += run_ns(t.pid, t.pid) - cpu0;
		x_bytes += t.bytes - bytes;
	}
	printf("  %-44s %10.1f us\n", "x (crash a pod): UI thread CPU, 2 frames + copy",
	       (double)x_ns / (PRESSES / 4) / 1e3);
	printf("  %-44s %10.0f B\n", "  bytes written (message, pod cell, event)",
	       (double)x_bytes / (PRESSES / 4));

	/* paused and idle: nothing should wake, run or be written */
	process_totals(t.pid, &sw0, &all0);
	bytes = t.bytes;
	drain(&t, 3000, 3000);
	process_totals(t.pid, &sw1, &all1);
	printf("  %-44s %10llu\n", "paused 3 s: wake-ups (context switches)",
	       (unsigned long long)(sw1 - sw0));
	printf("  %-44s %10.1f us\n", "paused 3 s: CPU, all threads", (double)(all1 - all0) / 1e3);
	printf("  %-44s %10llu B\n", "paused 3 s: bytes written",
	       (unsigned long long)(t.bytes - bytes));

	/* running, nothing scheduled to change: only the clock in the header moves */
	press(&t, " ");
	drain(&t, 100, 1000);
	bytes = t.bytes;
	process_totals(t.pid, &sw0, &all0);
	drain(&t, 3000, 3000);
	process_totals(t.pid, &sw1, &all1);
	printf("  %-44s %10.0f B/s\n", "running x600, steady cluster: bytes written",
	       (double)(t.bytes - bytes) / 3);
	printf("  %-44s %10.0f /s\n", "  wake-ups", (double)(sw1 - sw0) / 3);
	term_end(&t, manifests);
	bench_rollouts();
	printf("\n");
}
