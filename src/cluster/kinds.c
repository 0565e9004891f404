/* The resource types ksim serves: the table of their classes, and every name kubectl accepts. */
#include "ksim/cluster.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Each kind's class is defined in the file that knows its struct; this is their one table. */
static const struct kind_class *const classes[KIND_COUNT] = {
	[KIND_NODE] = &kind_class_node,     [KIND_POD] = &kind_class_pod,
	[KIND_RC] = &kind_class_rc,         [KIND_RS] = &kind_class_rs,
	[KIND_DEPLOY] = &kind_class_deploy, [KIND_DS] = &kind_class_ds,
	[KIND_JOB] = &kind_class_job,       [KIND_CRONJOB] = &kind_class_cronjob,
	[KIND_STS] = &kind_class_sts,       [KIND_SVC] = &kind_class_svc,
	[KIND_EP] = &kind_class_ep,         [KIND_PV] = &kind_class_pv,
	[KIND_PVC] = &kind_class_pvc,       [KIND_CM] = &kind_class_cm,
	[KIND_SECRET] = &kind_class_secret, [KIND_CR] = &kind_class_cr,
};

const struct kind_class *kind_class(enum kind k)
{
	return k < KIND_COUNT ? classes[k] : NULL;
}

const struct kind_info *kind_info(enum kind k)
{
	return k < KIND_COUNT ? &classes[k]->info : NULL;
}

void cluster_object_release(struct cluster *c, enum kind kind, void *obj)
{
	const struct kind_class *kc = kind_class(kind);

	if (kc && kc->release)
		kc->release(c, obj);
}

static bool name_is(const char *word, size_t n, const char *name)
{
	return name && strlen(name) == n && strncasecmp(word, name, n) == 0;
}

/* "GROUP" or "VERSION.GROUP" after the resource's dot; core kinds have no suffix form. */
static bool group_matches(const char *suffix, const struct kind_info *ki)
{
	const char *dot;
	char version[16];

	if (!*ki->group)
		return false;
	if (strcasecmp(suffix, ki->group) == 0)
		return true;
	dot = strchr(suffix, '.');
	snprintf(version, sizeof version, "%s", strchr(ki->api_version, '/') + 1);
	return dot && strcasecmp(dot + 1, ki->group) == 0 &&
	       (size_t)(dot - suffix) == strlen(version) &&
	       strncasecmp(suffix, version, strlen(version)) == 0;
}

enum kind kind_parse(const char *word)
{
	const char *dot = strchr(word, '.');
	size_t n = dot ? (size_t)(dot - word) : strlen(word);

	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind_info *ki = &classes[k]->info;
		bool named = name_is(word, n, ki->plural) || name_is(word, n, ki->singular) ||
			     name_is(word, n, ki->kind) || (!dot && name_is(word, n, ki->shortname));
		if (named && (!dot || group_matches(dot + 1, ki)))
			return (enum kind)k;
	}
	return KIND_NONE;
}

/* The member at offset off of obj, NULL when off is 0 (the kind has none: meta is at 0). */
static void *member(const void *obj, size_t off)
{
	return off ? (char *)obj + off : NULL;
}

const struct template *kind_template(enum kind k, const void *obj)
{
	return member(obj, classes[k]->template);
}

const struct selector *kind_selector(enum kind k, const void *obj)
{
	return member(obj, classes[k]->selector);
}

int32_t *kind_replicas(enum kind k, void *obj)
{
	return member(obj, classes[k]->replicas);
}
