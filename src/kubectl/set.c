/*
 * kubectl set image (KIND/NAME | KIND NAME | -f FILE) CONTAINER=IMAGE...:
 * the images of a Pod or of the pod template of a Deployment, DaemonSet,
 * StatefulSet, ReplicaSet or ReplicationController, "*" for every container (staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go).
 * The template gets a spec of its own (specs are shared), and a changed
 * spec bumps metadata.generation, so the controller starts a rollout.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "internal.h"
#include "write.h"

struct image_change {
	int n;
	char **pairs; /* "name=image", split at the first '=' when used */
};

static bool is_pair(const char *w)
{
	return strchr(w, '=') != NULL;
}

/* The spec id that holds kind's containers: a pod's own, else its pod template's. */
static uint32_t *spec_of(struct cluster *c, enum kind kind, uint32_t idx)
{
	if (kind == KIND_POD)
		return &((struct pod *)cluster_get(c, kind, idx))->spec;
	if (kind == KIND_JOB || kind == KIND_CRONJOB)
		return NULL; /* their templates are immutable or belong to a jobTemplate */
	struct template *tpl = (struct template *)object_template(kind, cluster_get(c, kind, idx));
	return tpl ? &tpl->spec : NULL;
}

/*
 * Sets the image of container name (or every one for "*"); false when none
 * has that name. *changed is set when an image differs from the old one.
 */
static bool set_one_image(struct cluster *c, struct podspec *s, const char *name, uint32_t image,
			  bool *changed)
{
	bool any = false;

	for (uint32_t i = 0; i < s->ncontainers + s->ninit; i++) {
		struct container *k =
		    i < s->ncontainers ? &s->containers[i] : &s->init_containers[i - s->ncontainers];
		if (strcmp(name, "*") == 0 || strcmp(cluster_str(c, k->name), name) == 0) {
			*changed |= k->image != image;
			k->image = image;
			any = true;
		}
	}
	return any;
}

static int image_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct image_change *ch = ctx;
	struct cluster *c = k->c;
	uint32_t *spec = spec_of(c, kind, idx);
	struct podspec *s;
	bool changed = false;

	if (!spec) {
		char name[64];
		kubectl_kind_name(kind, true, name, sizeof name);
		sb_printf(k->err, "error: %s/%s the object is not a pod or does not have a pod template\n",
			  name, cluster_str(c, cluster_meta(c, kind, idx)->name));
		return 1;
	}
	s = podspec_clone(cluster_spec(c, *spec));
	for (int i = 0; i < ch->n; i++) {
		char *eq = strchr(ch->pairs[i], '=');
		*eq = '\0';
		bool found = set_one_image(c, s, ch->pairs[i], cluster_intern(c, eq + 1), &changed);
		if (!found)
			sb_printf(k->err, "error: unable to find container named \"%s\"\n", ch->pairs[i]);
		*eq = '=';
		if (!found) {
			podspec_free(s);
			return 1;
		}
	}
	if (!changed) {
		podspec_free(s);
		return 0;
	}
	cluster_spec_unref(c, *spec);
	*spec = cluster_spec_add(c, s);
	cluster_spec_ref(c, *spec);
	if (kind != KIND_POD)
		cluster_meta(c, kind, idx)->generation++;
	cluster_changed(c, kind, idx, CHANGE_UPDATED);
	kubectl_operation_print(k, kind, idx, "image updated");
	return 0;
}

static int set_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	struct pick p = { .files = &files };
	struct image_change ch;
	int nres, found = 0, rc = 1;

	if (argc < 2 || strcmp(argv[1], "image") != 0) {
		sb_add(k->err, "error: ksim knows only \"kubectl set image\"\n");
		return 1;
	}
	argc--;
	argv++;
	if (kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files))
		goto out;
	nres = split_changes(k, argc, argv, is_pair, "image");
	if (nres < 0)
		goto out;
	ch.n = argc - nres;
	ch.pairs = argv + nres;
	if (ch.n == 0) {
		sb_add(k->err, "error: at least one image update is required\n");
		goto out;
	}
	if (nres == 1 && files.n == 0) {
		sb_add(k->err, "error: one or more resources must be specified as <resource> <name> or "
			       "<resource>/<name>\n");
		goto out;
	}
	rc = kubectl_pick_each(k, &p, nres - 1, argv + 1, image_one, &ch, &found);
out:
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_set = {
	.name = "set",
	.usage = "set image (KIND/NAME | KIND NAME | -f FILE) CONTAINER=IMAGE...",
	.summary = "Update the images of a pod or a pod template",
	.exec = set_exec,
};
