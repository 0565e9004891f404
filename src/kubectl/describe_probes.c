/*
 * kubectl describe's probe lines of a container (describeContainerProbe and
 * DescribeProbe in kubectl's pkg/describe/describe.go), and what ksim adds
 * under each for a pod: the last result and the next probe time, which the
 * kubelet's prober (src/engine/prober.c) keeps.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "internal.h"

static const char *const titles[PROBE_KINDS] = { "Liveness", "Readiness", "Startup" };

/* DescribeProbe: the handler, then delay=… timeout=… period=… #success=… #failure=…. */
static void probe_line(const struct cluster *c, const struct probe *pr, struct strbuf *sb)
{
	switch ((enum probe_handler)pr->handler) {
	case PROBE_EXEC:
		sb_add(sb, "exec [");
		for (uint32_t i = 0; i < pr->ncommand; i++)
			sb_printf(sb, "%s%s", i ? " " : "", cluster_str(c, pr->command[i]));
		sb_add(sb, "] ");
		break;
	case PROBE_HTTP_GET: {
		const char *scheme = cluster_str(c, pr->scheme);
		sb_printf(sb, "http-get %s://%s:", strcmp(scheme, "HTTPS") == 0 ? "https" : "http",
			  cluster_str(c, pr->host));
		if (pr->port.name)
			sb_add(sb, cluster_str(c, pr->port.name));
		else
			sb_printf(sb, "%d", pr->port.port);
		sb_printf(sb, "%s ", cluster_str(c, pr->path));
		break;
	}
	case PROBE_TCP_SOCKET:
		sb_printf(sb, "tcp-socket %s:", cluster_str(c, pr->host));
		if (pr->port.name)
			sb_printf(sb, "%s ", cluster_str(c, pr->port.name));
		else
			sb_printf(sb, "%d ", pr->port.port);
		break;
	case PROBE_GRPC:
		sb_printf(sb, "grpc <pod>:%d %s ", pr->port.port, cluster_str(c, pr->service));
		break;
	case PROBE_NONE:
		sb_add(sb, "unknown ");
		break;
	}
	sb_printf(sb, "delay=%ds timeout=%ds period=%ds #success=%d #failure=%d", pr->initial_delay_s,
		  pr->timeout_s, pr->period_s, pr->success_threshold, pr->failure_threshold);
}

void kubectl_probe_result(const struct cluster *c, const struct probe *pr,
			  const struct probe_status *ps, struct strbuf *out)
{
	char ago[32], in[32];

	if (!api_time_is_set(ps->last_ms)) {
		sb_add(out, "not probed yet");
	} else {
		duration_human(c->now_ms - ps->last_ms, ago, sizeof ago);
		if (ps->last == PROBE_SUCCESS)
			sb_printf(out, "success %s ago", ago);
		else
			sb_printf(out, "failure %u of %d in a row %s ago: %s", ps->run,
				  pr->failure_threshold, ago, ps->message);
	}
	if (api_time_is_set(ps->next_ms)) {
		duration_human(ps->next_ms - c->now_ms, in, sizeof in);
		sb_printf(out, "; next in %s", ps->next_ms > c->now_ms ? in : "0s");
	} else {
		sb_add(out, ps->on_hold ? "; held until the container restarts" : "; not probing");
	}
}

void describe_probes(const struct cluster *c, const struct pod *p, const struct container *k,
		     uint32_t j, struct strbuf *sb)
{
	for (int kind = 0; kind < PROBE_KINDS; kind++) {
		const struct probe *pr = container_probe(k, kind);
		const struct probe_status *ps;
		struct strbuf line;
		if (!pr)
			continue;
		sb_init(&line);
		probe_line(c, pr, &line);
		dwrite(sb, 2, "%s:\t%s\n", titles[kind], line.data);
		ps = p ? pod_probe_status(p, k, j, kind) : NULL;
		if (ps) {
			sb_reset(&line);
			kubectl_probe_result(c, pr, ps, &line);
			dwrite(sb, 3, "Last Probe:\t%s\n", line.data);
		}
		sb_free(&line);
	}
}
