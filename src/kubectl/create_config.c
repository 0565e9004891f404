/*
 * kubectl create configmap NAME and create secret generic|tls|docker-registry
 * NAME (staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go,
 * create_secret.go, create_secret_tls.go, create_secret_docker.go): the keys
 * from --from-file, --from-literal and --from-env-file in that order (files
 * relative to the demo's folder, as kubectl reads them relative to its
 * working directory), --dry-run=client and -o yaml|json|name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ksim/configdata.h"
#include "ksim/manifest.h"

#include "internal.h"
#include "write.h"

#define DOCKER_SERVER "https://index.docker.io/v1/"

/* The object being built and the command's words. */
struct build {
	struct kubectl *k;
	enum kind kind;
	const char *name;
	const char *verb; /* "create configmap", for usage errors */
	struct config_object *o;
};

/* errno as Go's syscall.Errno prints it: "no such file or directory". */
static const char *go_errno(void)
{
	static char buf[128];

	snprintf(buf, sizeof buf, "%s", strerror(errno));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* validateNewConfigMap / addKeyFromLiteralToSecret: a valid key, not given twice. */
static int add_key(struct build *b, const char *key, const char *value, size_t len, bool file)
{
	struct cluster *c = b->k->c;
	bool cm = b->kind == KIND_CM;
	const struct config_entry *e = config_object_key(c, b->o, key);
	struct strbuf why;

	sb_init(&why);
	if (configdata_key_check(key, false, cm ? "," : ";", &why)) {
		sb_printf(b->k->err,
			  cm ? "error: \"%s\" is not a valid key name for a ConfigMap: %s\n"
			     : "error: \"%s\" is not valid key name for a Secret %s\n",
			  key, why.data);
		sb_free(&why);
		return 1;
	}
	sb_free(&why);
	if (e && cm)
		sb_printf(b->k->err,
			  "error: cannot add key \"%s\", another key by that name already exists in "
			  "%s for ConfigMap \"%s\"\n",
			  key, e->binary ? "BinaryData" : "Data", b->name);
	else if (e)
		sb_printf(b->k->err,
			  "error: cannot add key %s, another key by that name already exists\n", key);
	if (e)
		return 1;
	config_object_set(c, b->o, cluster_intern(c, key), value, len,
			  cm && file && !configdata_utf8_valid(value, len));
	return 0;
}

static int add_file(struct build *b, const char *key, const char *path)
{
	size_t len;
	char *data = path_read(b->k, path, &len);
	int rc;

	if (!data) {
		sb_printf(b->k->err, "error: open %s: %s\n", path, go_errno());
		return 1;
	}
	rc = add_key(b, key, data, len, true);
	free(data);
	return rc;
}

/* A directory gives one key per regular file in it (os.ReadDir's type: a symlink is not one), in name order. */
static int add_dir(struct build *b, const char *path, const char *full)
{
	char **names;
	uint32_t n;
	int rc = 0;

	if (path_names(full, true, &names, &n)) {
		sb_printf(b->k->err, "error: error listing files in %s: %s\n", path, go_errno());
		return 1;
	}
	for (uint32_t i = 0; i < n && rc == 0; i++) {
		struct strbuf item, itemfull;
		struct stat st;

		sb_init(&item);
		sb_init(&itemfull);
		sb_printf(&item, "%s/%s", path, names[i]);
		path_resolve(b->k, item.data, &itemfull);
		if (lstat(itemfull.data, &st) == 0 && S_ISREG(st.st_mode))
			rc = add_file(b, names[i], item.data);
		sb_free(&item);
		sb_free(&itemfull);
	}
	path_names_free(names, n);
	return rc;
}

/* handleConfigMapFromFileSources / handleSecretFromFileSources. */
static int add_file_source(struct build *b, const char *source)
{
	struct ksim_error err;
	struct strbuf full;
	struct stat st;
	char *key, *path;
	int rc;

	if (configdata_file_source_parse(source, &key, &path, &err)) {
		sb_printf(b->k->err, "error: %s\n", err.msg);
		return 1;
	}
	sb_init(&full);
	path_resolve(b->k, path, &full);
	if (stat(full.data, &st) != 0) {
		sb_printf(b->k->err, "error: error reading %s: %s\n", path, go_errno());
		rc = 1;
	} else if (S_ISDIR(st.st_mode) && strchr(source, '=')) {
		sb_add(b->k->err, "error: cannot give a key name for a directory path.\n");
		rc = 1;
	} else {
		rc = S_ISDIR(st.st_mode) ? add_dir(b, path, full.data) : add_file(b, key, path);
	}
	sb_free(&full);
	free(key);
	free(path);
	return rc;
}

static int add_literal(struct build *b, const char *source)
{
	struct ksim_error err;
	char *key, *value;
	int rc;

	if (configdata_literal_parse(source, &key, &value, &err)) {
		sb_printf(b->k->err, "error: %s\n", err.msg);
		return 1;
	}
	rc = add_key(b, key, value, strlen(value), false);
	free(key);
	free(value);
	return rc;
}

/* cmdutil.AddFromEnvFile: one key per KEY=VALUE line. */
static int add_env_file(struct build *b, const char *path)
{
	struct ksim_error err;
	struct strbuf full;
	struct stat st;
	size_t len;
	char *text;
	int rc = 0, lineno = 0;

	sb_init(&full);
	path_resolve(b->k, path, &full);
	rc = stat(full.data, &st);
	sb_free(&full);
	if (rc != 0) {
		sb_printf(b->k->err, "error: error reading %s: %s\n", path, go_errno());
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		sb_printf(b->k->err, "error: env %s file cannot be a directory\n",
			  b->kind == KIND_CM ? "config" : "secret");
		return 1;
	}
	text = path_read(b->k, path, &len);
	if (!text) {
		sb_printf(b->k->err, "error: open %s: %s\n", path, go_errno());
		return 1;
	}
	for (const char *line = text; rc == 0 && line < text + len; lineno++) {
		const char *nl = memchr(line, '\n', (size_t)(text + len - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
		char *key, *value;

		if (n && line[n - 1] == '\r')
			n--; /* bufio.ScanLines drops a trailing CR */
		if (configdata_env_line_parse(line, n, lineno, path, &key, &value, &err)) {
			sb_printf(b->k->err, "error: %s\n", err.msg);
			rc = 1;
		} else if (key) {
			rc = add_key(b, key, value, strlen(value), false);
			free(key);
			free(value);
		}
		line = nl ? nl + 1 : text + len;
	}
	free(text);
	return rc;
}

/* The sources every subcommand but tls takes: files, then literals, then env files. */
struct sources {
	struct flag_list files, literals, env_files;
};

static int sources_take(struct kubectl *k, int *argc, char **argv, struct sources *s)
{
	return kubectl_flag_take_list(k, NULL, "from-file", false, argc, argv, &s->files) ||
	       kubectl_flag_take_list(k, NULL, "from-literal", false, argc, argv, &s->literals) ||
	       kubectl_flag_take_list(k, NULL, "from-env-file", false, argc, argv, &s->env_files);
}

static void sources_free(struct sources *s)
{
	kubectl_flag_list_free(&s->files);
	kubectl_flag_list_free(&s->literals);
	kubectl_flag_list_free(&s->env_files);
}

static int add_sources(struct build *b, const struct sources *s)
{
	if (s->env_files.n && (s->files.n || s->literals.n)) {
		sb_add(b->k->err,
		       "error: from-env-file cannot be combined with from-file or from-literal\n");
		return 1;
	}
	for (uint32_t i = 0; i < s->files.n; i++)
		if (add_file_source(b, s->files.v[i]))
			return 1;
	for (uint32_t i = 0; i < s->literals.n; i++)
		if (add_literal(b, s->literals.v[i]))
			return 1;
	for (uint32_t i = 0; i < s->env_files.n; i++)
		if (add_env_file(b, s->env_files.v[i]))
			return 1;
	return 0;
}

/* --- tls and docker-registry --- */

/* tls.X509KeyPair is not simulated; a file without a PEM block is refused as it refuses it. */
static int add_tls(struct build *b, const char *cert, const char *key)
{
	const char *paths[2] = { cert, key }, *keys[2] = { "tls.crt", "tls.key" };
	const char *what[2] = { "certificate", "key" };
	char *data[2] = { NULL, NULL };
	size_t len[2];
	int rc = 0;

	if (!cert || !*cert || !key || !*key) {
		sb_add(b->k->err, "error: key and cert must be specified\n");
		return 1;
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		data[i] = path_read(b->k, paths[i], &len[i]);
		if (!data[i]) {
			sb_printf(b->k->err, "error: open %s: %s\n", paths[i], go_errno());
			rc = 1;
		}
	}
	for (int i = 0; i < 2 && rc == 0; i++)
		if (!strstr(data[i], "-----BEGIN")) {
			sb_printf(b->k->err,
				  "error: failed to load key pair tls: failed to find any PEM data in "
				  "%s input\n",
				  what[i]);
			rc = 1;
		}
	for (int i = 0; i < 2 && rc == 0; i++)
		rc = add_key(b, keys[i], data[i], len[i], true);
	free(data[0]);
	free(data[1]);
	return rc;
}

/*
 * handleDockerCfgJSONContent: {"auths":{SERVER:{username,password,email,auth}}},
 * empty ones left out, in the struct's field order (a tree would sort them).
 */
static void docker_config(const char *server, const char *user, const char *password,
			  const char *email, struct strbuf *out)
{
	const char *names[3] = { "username", "password", "email" };
	const char *values[3] = { user, password, email };
	const char *sep = "{"; /* the first member opens the server's object */
	struct strbuf pair;

	sb_add(out, "{\"auths\":{");
	tree_json_string(server, out);
	sb_addc(out, ':');
	for (int i = 0; i < 3; i++)
		if (values[i] && *values[i]) {
			sb_printf(out, "%s\"%s\":", sep, names[i]);
			tree_json_string(values[i], out);
			sep = ",";
		}
	sb_init(&pair);
	sb_printf(&pair, "%s:%s", user ? user : "", password ? password : "");
	sb_printf(out, "%s\"auth\":\"", sep);
	configdata_base64_encode(pair.data, pair.len, out);
	sb_add(out, "\"}}}");
	sb_free(&pair);
}

static int add_docker_config(struct build *b, const char *server, const char *user,
			     const char *password, const char *email)
{
	struct strbuf json;
	int rc;

	if (!user || !*user || !password || !*password) {
		sb_add(b->k->err, "error: either --from-file or the combination of --docker-username, "
				  "--docker-password and --docker-server is required\n");
		return 1;
	}
	sb_init(&json);
	docker_config(server, user, password, email, &json);
	rc = add_key(b, ".dockerconfigjson", json.data, json.len, false);
	sb_free(&json);
	return rc;
}

/* --- the object --- */

static void print_dry_run(struct build *b, const char *output)
{
	const struct kind_info *ki = kind_info(b->kind);
	struct kubectl *k = b->k;
	struct tree *root, *md;

	if (!output || strcmp(output, "name") == 0) {
		sb_printf(k->out, "%s/%s%s\n", ki->singular, b->name,
			  output ? "" : " created (dry run)");
		return;
	}
	root = tree_map();
	tree_add_str(root, "apiVersion", ki->api_version);
	tree_add_str(root, "kind", ki->kind);
	md = tree_add_map(root, "metadata");
	tree_add_null(md, "creationTimestamp");
	tree_add_str(md, "name", b->name);
	if (k->ns != k->c->s.default_ns)
		tree_add_str(md, "namespace", cluster_str(k->c, k->ns));
	api_config_tree_add(k->c, b->kind, b->o, root);
	(strcmp(output, "json") == 0 ? tree_json : tree_yaml)(root, k->out);
	tree_free(root);
}

/* "failed to create configmap: " / "failed to create secret ": each command's own words. */
static void fail_create(struct build *b, const char *msg)
{
	sb_printf(b->k->err, "error: failed to create %s%s\n",
		  b->kind == KIND_CM ? "configmap: " : "secret ", msg);
}

/* What the API server refuses before it creates: no namespace, the name taken, invalid data. */
static bool create_refused(struct build *b)
{
	struct kubectl *k = b->k;
	const struct kind_info *ki = kind_info(b->kind);
	struct ksim_error err = { 0 };
	struct strbuf msg;
	bool refused;

	sb_init(&msg);
	if (!cluster_has_namespace(k->c, k->ns))
		sb_printf(&msg, "namespaces \"%s\" not found", cluster_str(k->c, k->ns));
	else if (kubectl_find(k, b->kind, b->name) != NONE32)
		sb_printf(&msg, "%s \"%s\" already exists", ki->plural, b->name);
	else if (manifest_config_validate(k->c, b->kind, b->o, &err))
		sb_printf(&msg, "%s \"%s\" is invalid: %s: %s", ki->kind, b->name, err.path, err.msg);
	refused = msg.len != 0;
	if (refused)
		fail_create(b, msg.data);
	sb_free(&msg);
	return refused;
}

/* -o name|yaml|json of the object just created. */
static void print_created(struct build *b, const char *output)
{
	struct kubectl *k = b->k;
	uint32_t idx = kubectl_find(k, b->kind, b->name);

	if (strcmp(output, "name") == 0) {
		kubectl_object_name(k->c, b->kind, idx, k->out);
		sb_addc(k->out, '\n');
	} else {
		struct tree *t = api_object_tree(k->c, b->kind, idx);
		(strcmp(output, "json") == 0 ? tree_json : tree_yaml)(t, k->out);
		tree_free(t);
	}
}

static int finish(struct build *b, const char *dry_run, const char *output)
{
	struct kubectl *k = b->k;
	struct manifest_object mo = { .kind = b->kind, .obj = b->o };
	struct ksim_error err = { 0 };
	struct strbuf quiet, *out = k->out;
	int rc;

	if (output && strcmp(output, "yaml") && strcmp(output, "json") && strcmp(output, "name")) {
		sb_printf(k->err,
			  "error: unable to match a printer suitable for the output format \"%s\", "
			  "allowed formats are: json,name,yaml\n",
			  output);
		return 1;
	}
	if (dry_run && strcmp(dry_run, "none") != 0) {
		if (strcmp(dry_run, "client") && strcmp(dry_run, "server")) {
			sb_printf(k->err,
				  "error: Invalid dry-run value (%s). Must be \"none\", \"server\", or "
				  "\"client\".\n",
				  dry_run);
			return 1;
		}
		print_dry_run(b, output);
		return 0;
	}
	if (create_refused(b))
		return 1;
	sb_init(&quiet);
	if (output)
		k->out = &quiet;
	b->o = NULL; /* apply takes it */
	rc = kubectl_apply_object(k, &mo, &err);
	k->out = out;
	sb_free(&quiet);
	if (rc) {
		sb_printf(k->err, "%s\n", err.msg);
		return 1;
	}
	if (output)
		print_created(b, output);
	return 0;
}

static struct config_object *object_new(struct kubectl *k, const char *name, const char *type)
{
	struct config_object *o = xcalloc(1, sizeof *o);

	o->meta.name = cluster_intern(k->c, name);
	o->meta.ns = k->ns;
	o->meta.owner_kind = KIND_NONE;
	o->meta.deleted_ms = TIME_NONE;
	o->type = type && *type ? cluster_intern(k->c, type) : 0;
	return o;
}

/* Which flags a subcommand defines; any other is kubectl's "unknown flag". */
enum { F_SOURCES = 1, F_TYPE = 2, F_TLS = 4, F_DOCKER = 8 };

static unsigned sub_defined(const char *sub)
{
	return strcmp(sub, "generic") == 0           ? F_SOURCES | F_TYPE
	       : strcmp(sub, "tls") == 0             ? F_TLS
	       : strcmp(sub, "docker-registry") == 0 ? F_DOCKER
						     : F_SOURCES;
}

/* set: --type, --cert, --key, --docker-server, --docker-username, --docker-password given. */
static bool flag_undefined(struct kubectl *k, unsigned defined, const struct sources *s,
			   const bool set[6], const char *email)
{
	const struct {
		unsigned bit;
		const char *name;
		bool given;
	} flags[] = {
		{ F_SOURCES, "from-literal", s->literals.n },
		{ F_SOURCES, "from-env-file", s->env_files.n },
		{ F_SOURCES | F_DOCKER, "from-file", s->files.n },
		{ F_TYPE, "type", set[0] },
		{ F_TLS, "cert", set[1] },
		{ F_TLS, "key", set[2] },
		{ F_DOCKER, "docker-server", set[3] },
		{ F_DOCKER, "docker-username", set[4] },
		{ F_DOCKER, "docker-password", set[5] },
		{ F_DOCKER, "docker-email", email },
	};

	for (size_t i = 0; i < ARRAY_LEN(flags); i++)
		if (flags[i].given && !(flags[i].bit & defined)) {
			sb_printf(k->err, "error: unknown flag: --%s\n", flags[i].name);
			return true;
		}
	return false;
}

int create_config(struct kubectl *k, int argc, char **argv)
{
	struct sources s = { 0 };
	const char *dry_run = NULL, *output = NULL, *type = NULL, *cert = NULL, *key = NULL;
	const char *server = DOCKER_SERVER, *user = NULL, *password = NULL, *email = NULL;
	bool set[6] = { false };
	const struct kubectl_flag flags[] = {
		{ NULL, "dry-run", &dry_run, NULL },
		{ "o", "output", &output, NULL },
		{ NULL, "type", &type, &set[0] },
		{ NULL, "cert", &cert, &set[1] },
		{ NULL, "key", &key, &set[2] },
		{ NULL, "docker-server", &server, &set[3] },
		{ NULL, "docker-username", &user, &set[4] },
		{ NULL, "docker-password", &password, &set[5] },
		{ NULL, "docker-email", &email, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	bool secret = strcmp(argv[1], "secret") == 0;
	const char *sub = secret && argc > 2 ? argv[2] : "";
	struct build b = { k, secret ? KIND_SECRET : KIND_CM, NULL, NULL, NULL };
	char verb[64];
	unsigned defined = sub_defined(sub);
	int rc = 1, first = secret ? 3 : 2;

	if (secret && strcmp(sub, "generic") && strcmp(sub, "tls") && strcmp(sub, "docker-registry"))
		return usage_error(
		    k, "create secret",
		    "ksim creates secrets of the kinds generic, tls and docker-registry");
	snprintf(verb, sizeof verb, "create %s%s%s", secret ? "secret" : "configmap",
		 secret ? " " : "", sub);
	b.verb = verb;
	if (sources_take(k, &argc, argv, &s) || kubectl_flags(k, flags, &argc, argv))
		goto out;
	if (flag_undefined(k, defined, &s, set, email))
		goto out;
	if (argc != first + 1) {
		char msg[64];
		snprintf(msg, sizeof msg, "exactly one NAME is required, got %d", argc - first);
		rc = usage_error(k, verb, msg);
		goto out;
	}
	b.name = argv[first];
	b.o = object_new(k, b.name,
			 defined == F_TLS      ? "kubernetes.io/tls"
			 : defined == F_DOCKER ? "kubernetes.io/dockerconfigjson"
					       : type);
	if (defined == F_TLS)
		rc = add_tls(&b, cert, key);
	else if (defined == F_DOCKER && !s.files.n)
		rc = add_docker_config(&b, server, user, password, email);
	else
		rc = add_sources(&b, &s);
	if (rc == 0)
		rc = finish(&b, dry_run, output);
out:
	if (b.o)
		manifest_object_free(k->c, b.kind, b.o);
	sources_free(&s);
	return rc;
}
