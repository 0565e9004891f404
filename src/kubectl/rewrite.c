/*
 * Changing a whole object as text, as patch and edit do: the object is
 * rendered as `kubectl get -o yaml` prints it, changed, decoded again by the
 * manifest loader and applied, so every validation and admission rule of
 * `kubectl apply` holds here too.
 */
#include <string.h>

#include "internal.h"
#include "ksim/manifest.h"
#include "write.h"

void object_yaml(const struct cluster *c, enum kind kind, uint32_t idx, struct strbuf *out)
{
	struct tree *t = api_object_tree(c, kind, idx);

	tree_yaml(t, out);
	tree_free(t);
}

int object_replace(struct kubectl *k, enum kind kind, uint32_t idx, const char *yaml,
		   const char *file, const char *done, enum manifest_validation validation)
{
	const struct meta *m = cluster_meta(k->c, kind, idx);
	struct strbuf quiet, *out = k->out;
	struct manifest man;
	struct ksim_error err;
	char msg[1200];
	int rc;

	manifest_init(&man);
	man.validation = validation;
	rc = manifest_load_string(k->c, file, yaml, strlen(yaml), &man, &err);
	print_warnings(k, man.warnings.data);
	if (rc) {
		rc = 1;
		error_format(&err, msg, sizeof msg);
		sb_printf(k->err, "error: %s\n", msg);
	} else if (man.count != 1 || man.objects[0].kind != kind ||
		   ((struct meta *)man.objects[0].obj)->name != m->name) {
		sb_add(k->err, "error: the kind and name of an object cannot be changed\n");
		rc = 1;
	} else {
		sb_init(&quiet);
		k->out = &quiet;
		rc = kubectl_apply_object(k, &man.objects[0], &err);
		k->out = out;
		sb_free(&quiet);
		if (rc)
			sb_printf(k->err, "%s\n", err.msg);
		else
			kubectl_operation_print(k, kind, idx, done);
	}
	manifest_free(k->c, &man);
	return rc ? 1 : 0;
}
