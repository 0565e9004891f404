/*
 * ConfigMap and Secret objects: the store's keys and lookups, decoding
 * (stringData merged into data, type defaulted) and the API server's
 * validation of creates and updates (size limit, required keys, immutable).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ksim/cluster.h"
#include "ksim/configdata.h"
#include "ksim/manifest.h"

struct fx {
	struct cluster *c;
	struct manifest m;
	struct ksim_error err;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->c = cluster_new(1, 16);
	manifest_init(&f->m);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	manifest_free(f->c, &f->m);
	cluster_free(f->c);
	free(f);
	return 0;
}

static int load(struct fx *f, const char *yaml)
{
	return manifest_load_string(f->c, "t.yaml", yaml, strlen(yaml), &f->m, &f->err);
}

/* The last decoded object. */
static struct config_object *decoded(struct fx *f)
{
	return f->m.objects[f->m.count - 1].obj;
}

static const char *value_of(struct fx *f, const struct config_object *o, const char *key)
{
	const struct config_entry *e = config_object_key(f->c, o, key);

	return e ? e->value : NULL;
}

static void set(struct fx *f, struct config_object *o, const char *key, const char *value)
{
	config_object_set(f->c, o, cluster_intern(f->c, key), value, strlen(value), false);
}

static void keys_stay_sorted_and_a_set_replaces_the_old_value(void **state)
{
	struct fx *f = *state;
	struct config_object o = { 0 };

	set(f, &o, "b", "2");
	set(f, &o, "a", "1");
	set(f, &o, "c", "3");
	set(f, &o, "b", "two");
	assert_int_equal(o.nentries, 3);
	assert_string_equal(cluster_str(f->c, o.entries[0].key), "a");
	assert_string_equal(cluster_str(f->c, o.entries[1].key), "b");
	assert_string_equal(cluster_str(f->c, o.entries[2].key), "c");
	assert_string_equal(value_of(f, &o, "b"), "two");
	assert_null(config_object_key(f->c, &o, "d"));
	assert_int_equal(config_object_bytes(&o), 5);
	config_object_clear(&o);
}

static void a_value_keeps_its_bytes_past_a_nul(void **state)
{
	struct fx *f = *state;
	struct config_object o = { 0 };
	const struct config_entry *e;

	config_object_set(f->c, &o, cluster_intern(f->c, "bin"), "a\0b", 3, true);
	e = config_object_key(f->c, &o, "bin");
	assert_int_equal(e->len, 3);
	assert_memory_equal(e->value, "a\0b", 3);
	assert_true(e->binary);
	config_object_clear(&o);
}

static void string_data_wins_over_data_in_either_order(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
				 "stringData: {user: new}\ndata: {user: b2xk, pass: YWJj}\n"),
			 0);
	assert_string_equal(value_of(f, decoded(f), "user"), "new");
	assert_string_equal(value_of(f, decoded(f), "pass"), "abc");
	assert_int_equal(load(f, "apiVersion: v1\nkind: Secret\nmetadata: {name: t}\n"
				 "data: {user: b2xk}\nstringData: {user: new}\n"),
			 0);
	assert_string_equal(value_of(f, decoded(f), "user"), "new");
}

static void a_secret_without_a_type_is_opaque(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"), 0);
	assert_string_equal(cluster_str(f->c, decoded(f)->type), "Opaque");
}

static void a_configmap_keeps_binary_data_apart(void **state)
{
	struct fx *f = *state;
	const struct config_entry *e;

	assert_int_equal(load(f, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
				 "data: {a: text}\nbinaryData: {b: AAE=}\nimmutable: true\n"),
			 0);
	e = config_object_key(f->c, decoded(f), "b");
	assert_true(e->binary);
	assert_int_equal(e->len, 2);
	assert_false(config_object_key(f->c, decoded(f), "a")->binary);
	assert_true(decoded(f)->immutable);
	assert_int_equal(decoded(f)->type, 0);
}

/* A config object of n bytes under one key, built as kubectl create builds it. */
static struct config_object *big(struct fx *f, size_t n)
{
	struct config_object *o = calloc(1, sizeof *o);
	char *value = malloc(n);

	memset(value, 'x', n);
	o->meta.name = cluster_intern(f->c, "big");
	config_object_set(f->c, o, cluster_intern(f->c, "k"), value, n, false);
	free(value);
	return o;
}

static void one_mebibyte_is_the_most_either_kind_holds(void **state)
{
	struct fx *f = *state;
	struct config_object *fits = big(f, CONFIGDATA_MAX_BYTES),
			     *over = big(f, CONFIGDATA_MAX_BYTES + 1);

	assert_int_equal(manifest_config_validate(f->c, KIND_CM, fits, &f->err), 0);
	assert_int_equal(manifest_config_validate(f->c, KIND_CM, over, &f->err), -1);
	assert_string_equal(f->err.path, "");
	assert_string_equal(f->err.msg, "Too long: must have at most 1048576 bytes");
	over->type = cluster_intern(f->c, "Opaque");
	assert_int_equal(manifest_config_validate(f->c, KIND_SECRET, over, &f->err), -1);
	assert_string_equal(f->err.path, "data");
	config_object_clear(fits);
	config_object_clear(over);
	free(fits);
	free(over);
}

static void basic_auth_needs_a_username_or_a_password(void **state)
{
	struct fx *f = *state;
	struct config_object o = { 0 };

	o.type = cluster_intern(f->c, "kubernetes.io/basic-auth");
	assert_int_equal(manifest_config_validate(f->c, KIND_SECRET, &o, &f->err), -1);
	assert_string_equal(f->err.path, "data[username]");
	assert_string_equal(f->err.msg, "Required value");
	set(f, &o, "password", "");
	assert_int_equal(manifest_config_validate(f->c, KIND_SECRET, &o, &f->err), 0);
	config_object_clear(&o);
}

static void an_immutable_configmap_refuses_new_data_but_not_the_same(void **state)
{
	struct fx *f = *state;
	struct config_object live = { .immutable = true }, same = { .immutable = true },
			     changed = { .immutable = true };

	set(f, &live, "mode", "fast");
	set(f, &same, "mode", "fast");
	set(f, &changed, "mode", "slow");
	assert_int_equal(manifest_config_validate_update(f->c, KIND_CM, &live, &same, &f->err), 0);
	assert_int_equal(manifest_config_validate_update(f->c, KIND_CM, &live, &changed, &f->err),
			 -1);
	assert_string_equal(f->err.path, "data");
	assert_string_equal(f->err.msg, "Forbidden: field is immutable when `immutable` is set");
	config_object_clear(&live);
	config_object_clear(&same);
	config_object_clear(&changed);
}

static void a_mutable_object_takes_any_change_but_a_new_type(void **state)
{
	struct fx *f = *state;
	struct config_object live = { 0 }, changed = { 0 };

	live.type = changed.type = cluster_intern(f->c, "Opaque");
	set(f, &live, "mode", "fast");
	set(f, &changed, "mode", "slow");
	assert_int_equal(
	    manifest_config_validate_update(f->c, KIND_SECRET, &live, &changed, &f->err), 0);
	changed.type = cluster_intern(f->c, "kubernetes.io/tls");
	assert_int_equal(
	    manifest_config_validate_update(f->c, KIND_SECRET, &live, &changed, &f->err), -1);
	assert_string_equal(f->err.path, "type");
	assert_string_equal(f->err.msg, "Invalid value: \"kubernetes.io/tls\": field is immutable");
	config_object_clear(&live);
	config_object_clear(&changed);
}

static void the_store_finds_an_object_and_keeps_its_keys_through_a_collect(void **state)
{
	struct fx *f = *state;
	uint32_t ns = f->c->s.default_ns, name = cluster_intern(f->c, "app");
	uint32_t idx = cluster_add(f->c, KIND_CM, ns, name);
	struct config_object *o = cluster_get(f->c, KIND_CM, idx);
	const struct config_object *found;
	uint64_t rv;

	set(f, o, "mode", "fast");
	cluster_changed(f->c, KIND_CM, idx, CHANGE_ADDED);
	rv = o->meta.rv;
	cluster_collect(f->c);
	found = cluster_config_find(f->c, KIND_CM, ns, cluster_intern(f->c, "app"));
	assert_ptr_equal(found, o);
	assert_string_equal(value_of(f, found, "mode"), "fast");
	assert_null(cluster_config_find(f->c, KIND_SECRET, ns, cluster_intern(f->c, "app")));
	cluster_changed(f->c, KIND_CM, idx, CHANGE_UPDATED);
	assert_true(o->meta.rv > rv);
	o->meta.deleted_ms = 0;
	assert_null(cluster_config_find(f->c, KIND_CM, ns, cluster_intern(f->c, "app")));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(keys_stay_sorted_and_a_set_replaces_the_old_value),
		T(a_value_keeps_its_bytes_past_a_nul),
		T(string_data_wins_over_data_in_either_order),
		T(a_secret_without_a_type_is_opaque),
		T(a_configmap_keeps_binary_data_apart),
		T(one_mebibyte_is_the_most_either_kind_holds),
		T(basic_auth_needs_a_username_or_a_password),
		T(an_immutable_configmap_refuses_new_data_but_not_the_same),
		T(a_mutable_object_takes_any_change_but_a_new_type),
		T(the_store_finds_an_object_and_keeps_its_keys_through_a_collect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
