/*
 * Container probes (livenessProbe, readinessProbe, startupProbe) as the API
 * server defaults and validates them (pkg/apis/core/v1/defaults.go
 * SetDefaults_Probe, pkg/apis/core/validation/validation.go validateProbe,
 * validateHandler and validateContainers' successThreshold rule), kept in
 * the container for the kubelet's prober (src/engine/prober.c).
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>

/* A port number, or (not for grpc) an IANA service name; IsValidPortNum's message for numbers. */
static int decode_port(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct probe_port *p = ptr;
	int64_t v;

	if (dec_class(node) != SC_INT)
		return dec_intern(d, node, &p->name);
	if (dec_int64(d, node, &v))
		return -1;
	p->port = (int32_t)(v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v);
	return 0;
}

/* ValidatePortNumOrName: a port left out is 0, which is not a valid number. */
static int port_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct probe_port *p = &((const struct probe *)obj)->port;

	if (!p->name && (p->port < 1 || p->port > 65535))
		return dec_fail(d, node, "port",
				"Invalid value: %d: must be between 1 and 65535, inclusive", p->port);
	return 0;
}

static const struct field http_get_fields[] = {
	{ .name = "port", .type = FIELD_FN, .off = offsetof(struct probe, port), .fn = decode_port },
	{ .name = "path", .type = FIELD_STRING, .off = offsetof(struct probe, path) },
	{ .name = "host", .type = FIELD_STRING, .off = offsetof(struct probe, host) },
	{ .name = "scheme", .type = FIELD_STRING, .off = offsetof(struct probe, scheme) },
	{ .name = "httpHeaders", .type = FIELD_IGNORE },
};
static const struct field tcp_socket_fields[] = {
	{ .name = "port", .type = FIELD_FN, .off = offsetof(struct probe, port), .fn = decode_port },
	{ .name = "host", .type = FIELD_STRING, .off = offsetof(struct probe, host) },
};
static const struct field grpc_fields[] = {
	{ .name = "port", .type = FIELD_INT32, .off = offsetof(struct probe, port.port) },
	{ .name = "service", .type = FIELD_STRING, .off = offsetof(struct probe, service) },
};
static const struct decoder http_get_decoder = DECODER(http_get_fields, .check = port_check);
static const struct decoder tcp_socket_decoder = DECODER(tcp_socket_fields, .check = port_check);
static const struct decoder grpc_decoder = DECODER(grpc_fields, .check = port_check);

static int check_exec_command(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct probe *p = obj;

	if (node && p->ncommand == 0)
		return dec_fail(d, node, "command", "Required value");
	return 0;
}
static const struct field exec_fields[] = {
	{ .name = "command",
	  .type = FIELD_WORDS,
	  .off = offsetof(struct probe, command),
	  .aux = offsetof(struct probe, ncommand) },
};
static const struct decoder exec_decoder = DECODER(exec_fields, .check = check_exec_command);

/* A handler's presence (a bit of p->handler until probe_check), then its own fields into the probe. */
static int decode_handler(struct dec *d, yaml_node_t *node, struct probe *p,
			  const struct decoder *dc, enum probe_handler h)
{
	if (dec_is_null(node))
		return 0;
	p->handler |= (uint8_t)(1u << h);
	return dec_map(d, node, p, dc);
}

static int decode_exec(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_handler(d, node, ptr, &exec_decoder, PROBE_EXEC);
}
static int decode_http_get(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_handler(d, node, ptr, &http_get_decoder, PROBE_HTTP_GET);
}
static int decode_tcp_socket(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_handler(d, node, ptr, &tcp_socket_decoder, PROBE_TCP_SOCKET);
}
static int decode_grpc(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_handler(d, node, ptr, &grpc_decoder, PROBE_GRPC);
}

static void probe_init(void *obj)
{
	struct probe *p = obj;

	p->grace_s = INT64_MIN;
}

/* SetDefaults_Probe: a zero timeout, period or threshold takes its default. */
static void probe_default(struct probe *p)
{
	if (p->timeout_s == 0)
		p->timeout_s = 1;
	if (p->period_s == 0)
		p->period_s = 10;
	if (p->success_threshold == 0)
		p->success_threshold = 1;
	if (p->failure_threshold == 0)
		p->failure_threshold = 3;
}

/* validateHandler: exactly one handler, the second one found named (exec, httpGet, tcpSocket, grpc). */
static int probe_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct probe *p = obj;
	static const char *const names[] = { [PROBE_EXEC] = "exec",
					      [PROBE_HTTP_GET] = "httpGet",
					      [PROBE_TCP_SOCKET] = "tcpSocket",
					      [PROBE_GRPC] = "grpc" };
	uint8_t bits = p->handler;
	int n = 0;

	probe_default(p);
	p->handler = PROBE_NONE;
	for (int h = PROBE_EXEC; h <= PROBE_GRPC; h++) {
		if (!(bits & (1u << h)))
			continue;
		if (++n == 2)
			return dec_fail(d, node, names[h],
					"Forbidden: may not specify more than 1 handler type");
		p->handler = (uint8_t)h;
	}
	if (n == 0)
		return dec_fail(d, node, NULL, "Required value: must specify a handler type");
	/* SetDefaults_HTTPGetAction */
	if (p->handler == PROBE_HTTP_GET && !p->path)
		p->path = cluster_intern(d->c, "/");
	if (p->handler == PROBE_HTTP_GET && !p->scheme)
		p->scheme = cluster_intern(d->c, "HTTP");
	if (p->grace_s != INT64_MIN && p->grace_s <= 0)
		return dec_fail(d, node, "terminationGracePeriodSeconds",
				"Invalid value: %lld: must be greater than 0", (long long)p->grace_s);
	return 0;
}

#define PROBE_INT(key, member) FIELD_OF(key, FIELD_INT32, struct probe, member, .flags = F_NONNEG)

static const struct field probe_fields[] = {
	{ .name = "exec", .type = FIELD_FN, .fn = decode_exec },
	{ .name = "httpGet", .type = FIELD_FN, .fn = decode_http_get },
	{ .name = "tcpSocket", .type = FIELD_FN, .fn = decode_tcp_socket },
	{ .name = "grpc", .type = FIELD_FN, .fn = decode_grpc },
	PROBE_INT("initialDelaySeconds", initial_delay_s),
	PROBE_INT("timeoutSeconds", timeout_s),
	PROBE_INT("periodSeconds", period_s),
	PROBE_INT("successThreshold", success_threshold),
	PROBE_INT("failureThreshold", failure_threshold),
	FIELD_OF("terminationGracePeriodSeconds", FIELD_INT64, struct probe, grace_s, .flags = 0),
};
static const struct decoder probe_decoder =
    DECODER(probe_fields, .init = probe_init, .check = probe_check);

/* Decodes into container k's probe of that kind; liveness and startup must succeed once. */
static int decode_probe(struct dec *d, yaml_node_t *node, struct container *k,
			enum probe_kind kind)
{
	struct probe p = { 0 };
	int rc;

	if (dec_is_null(node))
		return 0;
	rc = dec_map(d, node, &p, &probe_decoder);
	/* validateContainers: liveness and startup probes must succeed once to count. */
	if (rc == 0 && kind != PROBE_READINESS && p.success_threshold != 1)
		rc = dec_fail(d, node, "successThreshold", "Invalid value: %d: must be 1",
			      p.success_threshold);
	if (rc) {
		free(p.command);
		return rc;
	}
	if (!k->probes)
		k->probes = xcalloc(PROBE_KINDS, sizeof *k->probes);
	k->probes[kind] = p;
	return 0;
}

int decode_liveness_probe(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_probe(d, node, ptr, PROBE_LIVENESS);
}

int decode_readiness_probe(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_probe(d, node, ptr, PROBE_READINESS);
}

int decode_startup_probe(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_probe(d, node, ptr, PROBE_STARTUP);
}

/* validateInitContainers: a regular init container runs to completion, so it takes no probe. */
int check_init_probes(struct dec *d, yaml_node_t *node, const struct podspec *spec)
{
	static const char *const names[] = { "livenessProbe", "readinessProbe", "startupProbe" };

	for (uint32_t i = 0; i < spec->ninit; i++) {
		const struct container *k = &spec->init_containers[i];
		for (int kind = 0; !k->sidecar && kind < PROBE_KINDS; kind++) {
			char rel[64];
			if (!container_probe(k, kind))
				continue;
			snprintf(rel, sizeof rel, "initContainers[%u].%s", i, names[kind]);
			return dec_fail(d, node, rel, "Forbidden: may not be set for init containers");
		}
	}
	return 0;
}
