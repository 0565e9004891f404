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
 * A verb that wraps the server's error (create deployment's fmt.Errorf)
 * prints it as the status error reads, with the group ("deployments.apps").
 */
static void print_wrapped(struct kubectl *k, const char *failed, const char *what,
			  const char *group)
{
	sb_printf(k->err, "error: %s: %s%s%s", failed, what, *group ? "." : "", group);
}

int generated_load(struct kubectl *k, enum kind kind, const char *name, const struct strbuf *yaml,
		   const char *failed, struct manifest *m)
{
	const struct kind_info *ki = kind_info(kind);
	struct ksim_error err;

	if (kubectl_find(k, kind, name) != NONE32) {
		if (failed)
			print_wrapped(k, failed, ki->plural, ki->group);
		else
			sb_printf(k->err, "Error from server (AlreadyExists): %s", ki->plural);
		sb_printf(k->err, " \"%s\" already exists\n", name);
		return KUBECTL_ERROR;
	}
	manifest_init(m);
	if (manifest_load_string(k->c, ki->singular, yaml->data, yaml->len, m, &err)) {
		if (failed)
			print_wrapped(k, failed, ki->kind, ki->group);
		else
			sb_printf(k->err, "The %s", ki->kind);
		sb_printf(k->err, " \"%s\" is invalid: %s%s%s\n", name, err.path,
			  *err.path ? ": " : "", err.msg);
		manifest_free(k->c, m);
		return KUBECTL_ERROR;
	}
	return KUBECTL_OK;
}

int generated_create(struct kubectl *k, struct manifest *m, bool shown)
{
	struct strbuf quiet, *out = k->out;
	struct ksim_error err;
	int rc;

	sb_init(&quiet);
	if (!shown)
		k->out = &quiet;
	rc = kubectl_apply_object(k, &m->objects[0], &err) ? KUBECTL_ERROR : KUBECTL_OK;
	k->out = out;
	sb_free(&quiet);
	if (rc)
		sb_printf(k->err, "%s\n", err.msg);
	return rc;
}
