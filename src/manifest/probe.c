/*
 * Container probes (livenessProbe, readinessProbe, startupProbe) as the API
 * server defaults and validates them (pkg/apis/core/v1/defaults.go
 * SetDefaults_Probe, pkg/apis/core/validation/validation.go validateProbe,
 * validateHandler and validateContainers' successThreshold rule). The
 * kubelet does not run them yet: a probe is checked and then dropped.
 */
#include "decode.h"

#include <stdlib.h>

/* One probe as decoded; port is 0 with name set for a named port. */
struct probe_port {
	int32_t port;
	uint32_t name;
};

struct probe_spec {
	bool exec, http_get, tcp_socket, grpc;
	int32_t initial_delay_s, timeout_s, period_s, success_threshold, failure_threshold;
	int64_t grace_s; /* terminationGracePeriodSeconds, INT64_MIN when unset */
	uint32_t ncommand, *command;
	struct probe_port port;
};

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
	const struct probe_port *p = obj;

	if (!p->name && (p->port < 1 || p->port > 65535))
		return dec_fail(d, node, "port",
				"Invalid value: %d: must be between 1 and 65535, inclusive", p->port);
	return 0;
}

static const struct field http_get_fields[] = {
	{ .name = "port", .type = FIELD_FN, .fn = decode_port },
	{ .name = "path", .type = FIELD_IGNORE },
	{ .name = "host", .type = FIELD_IGNORE },
	{ .name = "scheme", .type = FIELD_IGNORE },
	{ .name = "httpHeaders", .type = FIELD_IGNORE },
};
static const struct field tcp_socket_fields[] = {
	{ .name = "port", .type = FIELD_FN, .fn = decode_port },
	{ .name = "host", .type = FIELD_IGNORE },
};
static const struct field grpc_fields[] = {
	{ .name = "port", .type = FIELD_INT32, .off = offsetof(struct probe_port, port) },
	{ .name = "service", .type = FIELD_IGNORE },
};
static const struct decoder http_get_decoder = DECODER(http_get_fields, .check = port_check);
static const struct decoder tcp_socket_decoder = DECODER(tcp_socket_fields, .check = port_check);
static const struct decoder grpc_decoder = DECODER(grpc_fields, .check = port_check);

static int check_exec_command(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct probe_spec *p = obj;

	if (node && p->ncommand == 0)
		return dec_fail(d, node, "command", "Required value");
	return 0;
}
static const struct field exec_fields[] = {
	{ .name = "command",
	  .type = FIELD_WORDS,
	  .off = offsetof(struct probe_spec, command),
	  .aux = offsetof(struct probe_spec, ncommand) },
};
static const struct decoder exec_decoder = DECODER(exec_fields, .check = check_exec_command);

/* A handler's presence, then its own fields into the probe. */
static int decode_handler(struct dec *d, yaml_node_t *node, void *ptr, const struct decoder *dc,
			  bool *present)
{
	if (dec_is_null(node))
		return 0;
	*present = true;
	return dec_map(d, node, ptr, dc);
}

static int decode_exec(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_handler(d, node, ptr, &exec_decoder, &((struct probe_spec *)ptr)->exec);
}
static int decode_http_get(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct probe_spec *p = ptr;
	return decode_handler(d, node, &p->port, &http_get_decoder, &p->http_get);
}
static int decode_tcp_socket(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct probe_spec *p = ptr;
	return decode_handler(d, node, &p->port, &tcp_socket_decoder, &p->tcp_socket);
}
static int decode_grpc(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct probe_spec *p = ptr;
	return decode_handler(d, node, &p->port, &grpc_decoder, &p->grpc);
}

static void probe_init(void *obj)
{
	struct probe_spec *p = obj;

	p->grace_s = INT64_MIN;
}

/* SetDefaults_Probe: a zero timeout, period or threshold takes its default. */
static void probe_default(struct probe_spec *p)
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
	struct probe_spec *p = obj;
	const bool present[] = { p->exec, p->http_get, p->tcp_socket, p->grpc };
	static const char *const names[] = { "exec", "httpGet", "tcpSocket", "grpc" };
	int n = 0;

	probe_default(p);
	for (size_t i = 0; i < ARRAY_LEN(present); i++)
		if (present[i] && ++n == 2)
			return dec_fail(d, node, names[i],
					"Forbidden: may not specify more than 1 handler type");
	if (n == 0)
		return dec_fail(d, node, NULL, "Required value: must specify a handler type");
	if (p->grace_s != INT64_MIN && p->grace_s <= 0)
		return dec_fail(d, node, "terminationGracePeriodSeconds",
				"Invalid value: %lld: must be greater than 0", (long long)p->grace_s);
	return 0;
}

#define PROBE_INT(key, member)                                                               \
	{ .name = key, .type = FIELD_INT32, .off = offsetof(struct probe_spec, member),        \
	  .flags = F_NONNEG }

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
	{ .name = "terminationGracePeriodSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct probe_spec, grace_s) },
};
static const struct decoder probe_decoder =
    DECODER(probe_fields, .init = probe_init, .check = probe_check);

static int decode_probe(struct dec *d, yaml_node_t *node, bool success_once)
{
	struct probe_spec p = { 0 };
	int rc;

	if (dec_is_null(node))
		return 0;
	rc = dec_map(d, node, &p, &probe_decoder);
	free(p.command);
	/* validateContainers: liveness and startup probes must succeed once to count. */
	if (rc == 0 && success_once && p.success_threshold != 1)
		return dec_fail(d, node, "successThreshold", "Invalid value: %d: must be 1",
				p.success_threshold);
	return rc;
}

int decode_probe_once(struct dec *d, yaml_node_t *node, void *ptr)
{
	(void)ptr;
	return decode_probe(d, node, true);
}

int decode_probe_any(struct dec *d, yaml_node_t *node, void *ptr)
{
	(void)ptr;
	return decode_probe(d, node, false);
}
