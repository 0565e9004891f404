/* ksim's benchmarks: each prints figures and asserts nothing. */
#ifndef KSIM_BENCH_H
#define KSIM_BENCH_H

#include <stdint.h>

#include "ksim/util.h"

/* One figure a line, in the column layout every benchmark prints. */
void bench_row_seconds(const char *what, double seconds);
void bench_row_count(const char *what, uint64_t n);

/* n Nodes (node-00000, ...) of 64 CPUs, 256Gi and 110 pods each, as YAML documents. */
void bench_nodes_yaml(int n, struct strbuf *y);

/* Monotonic wall clock in nanoseconds. */
uint64_t bench_now_ns(void);

void bench_engine(void);
void bench_cron(void);
void bench_controllers(void);
/* Runs build/ksim in a pseudo-terminal: frames, bytes, key latency, idle cost. */
void bench_dashboard(void);
void bench_load(void);
/* A 10,000-replica Deployment rolled to a new image. */
void bench_deployment(void);
/* 10,000 pods with a readiness probe each over a virtual hour, beside the same without. */
void bench_probes(void);

#endif
