/* The ConfigMap and Secret kinds: their classes, the keys of an object and their bytes. */
#include "ksim/cluster.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

const struct config_object *cluster_config_find(const struct cluster *c, enum kind kind,
						uint32_t ns, uint32_t name)
{
	uint32_t idx = cluster_find(c, kind, ns, name);
	const struct config_object *o = idx == NONE32 ? NULL : cluster_get(c, kind, idx);

	return o && o->meta.deleted_ms == TIME_NONE ? o : NULL;
}

/* The index of the first entry whose key sorts at or after key. */
static uint32_t entry_place(const struct cluster *c, const struct config_object *o, const char *key)
{
	uint32_t lo = 0, hi = o->nentries;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strcmp(cluster_str(c, o->entries[mid].key), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct config_entry *config_object_key(const struct cluster *c, const struct config_object *o,
					     const char *key)
{
	uint32_t i = entry_place(c, o, key);

	return i < o->nentries && strcmp(cluster_str(c, o->entries[i].key), key) == 0
		   ? &o->entries[i]
		   : NULL;
}

void config_object_set(struct cluster *c, struct config_object *o, uint32_t key, const void *value,
		       size_t len, bool binary)
{
	const char *name = cluster_str(c, key);
	uint32_t i = entry_place(c, o, name);
	struct config_entry *e;

	if (i < o->nentries && o->entries[i].key == key) {
		free(o->entries[i].value);
	} else {
		xgrow(&o->entries, &o->cap, o->nentries + 1, sizeof *o->entries);
		memmove(&o->entries[i + 1], &o->entries[i], (o->nentries - i) * sizeof *o->entries);
		o->nentries++;
	}
	e = &o->entries[i];
	e->key = key;
	e->len = (uint32_t)len;
	e->value = xmalloc(len + 1);
	memcpy(e->value, value, len);
	e->value[len] = '\0';
	e->binary = binary;
}

size_t config_object_bytes(const struct config_object *o)
{
	size_t n = 0;

	for (uint32_t i = 0; i < o->nentries; i++)
		n += o->entries[i].len;
	return n;
}

void config_object_clear(struct config_object *o)
{
	for (uint32_t i = 0; i < o->nentries; i++)
		free(o->entries[i].value);
	free(o->entries);
	o->entries = NULL;
	o->nentries = o->cap = 0;
}

static void config_free(struct cluster *c, struct meta *m)
{
	(void)c;
	config_object_clear((struct config_object *)m);
}

static void config_mark(struct cluster *c, const struct meta *m)
{
	const struct config_object *o = (const struct config_object *)m;

	cluster_mark_str(c, o->type);
	for (uint32_t i = 0; i < o->nentries; i++)
		cluster_mark_str(c, o->entries[i].key);
}

const struct kind_class kind_class_cm = {
	.info = { "ConfigMap", "configmaps", "configmap", "cm", "v1", "", true },
	.size = sizeof(struct config_object),
	.child = KIND_NONE,
	.release = config_free,
	.mark = config_mark,
};

const struct kind_class kind_class_secret = {
	.info = { "Secret", "secrets", "secret", NULL, "v1", "", true },
	.size = sizeof(struct config_object),
	.child = KIND_NONE,
	.release = config_free,
	.mark = config_mark,
};
