/*
 * generated: what the API server does with an object a verb wrote itself
 * (kubectl run's Pod, kubectl expose's Service): refuse a taken name or an
 * invalid object in kubectl's words, then create it like an applied one.
 */
#include <stdbool.h>

#include "ksim/manifest.h"

#include "write.h"
#include "internal.h"

/*
 * The server's refusal as kubectl prints it: "Error from server
 * (AlreadyExists): jobs.batch "x" already exists", or wrapped by a verb's
 * fmt.Errorf (create deployment, create job): "error: failed to create
 * job: jobs.batch "x" already exists", where an invalid object reads
 * "Job.batch "x" is invalid: ..." (the status message, not kubectl's
 * "The Job "x" is invalid: ...").
 */
static void print_refusal(struct kubectl *k, const char *failed, const char *reason,
			  const char *msg)
{
	if (failed)
		sb_printf(k->err, "error: %s: %s\n", failed, msg);
	else if (reason)
		sb_printf(k->err, "Error from server (%s): %s\n", reason, msg);
	else
		sb_printf(k->err, "The %s\n", msg);
}

int generated_load(struct kubectl *k, enum kind kind, const char *name, const struct strbuf *yaml,
		   const char *failed, struct manifest *m)
{
	const struct kind_info *ki = kind_info(kind);
	struct ksim_error err;
	struct strbuf msg;
	char resource[64];
	int rc = KUBECTL_OK;

	sb_init(&msg);
	manifest_init(m);
	if (kubectl_find(k, kind, name) != NONE32) {
		api_kind_name(kind, true, resource, sizeof resource);
		sb_printf(&msg, "%s \"%s\" already exists", resource, name);
		print_refusal(k, failed, "AlreadyExists", msg.data);
		rc = KUBECTL_ERROR;
	} else if (manifest_load_string(k->c, ki->singular, yaml->data, yaml->len, m, &err)) {
		sb_printf(&msg, "%s%s%s \"%s\" is invalid: %s%s%s", ki->kind,
			  failed && *ki->group ? "." : "", failed ? ki->group : "", name, err.path,
			  *err.path ? ": " : "", err.msg);
		print_refusal(k, failed, NULL, msg.data);
		rc = KUBECTL_ERROR;
	}
	if (rc)
		manifest_free(k->c, m);
	sb_free(&msg);
	return rc;
}

int generated_create(struct kubectl *k, struct manifest *m, bool shown, const char *failed)
{
	struct strbuf quiet, *out = k->out;
	struct api_error err;
	int rc;

	sb_init(&quiet);
	if (!shown)
		k->out = &quiet;
	rc = kubectl_apply_object(k, &m->objects[0], &err) ? KUBECTL_ERROR : KUBECTL_OK;
	k->out = out;
	sb_free(&quiet);
	if (rc && failed) {
		print_refusal(k, failed, err.reason, err.message);
	} else if (rc) {
		kubectl_error_format(&err, NULL, k->err);
		sb_addc(k->err, '\n');
	}
	return rc;
}
