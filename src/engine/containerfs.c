/*
 * Container files: one flat, bounded table of entries keyed by where they live
 * (a container's layer, a pod volume, a claim, a node's hostPath), over the
 * image's known files. See include/ksim/containerfs.h for the semantics.
 */
#include "ksim/containerfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

enum owner { OWN_LAYER, OWN_POD_VOLUME, OWN_CLAIM, OWN_HOST };

struct entry {
	uint8_t owner;  /* enum owner */
	uint32_t a, b;  /* layer: pod uid, ctr; pod volume: pod uid, volume name; claim: ns, name */
	uint32_t mode;  /* 0: a whiteout hiding an image file */
	char *path;     /* absolute within its owner */
	char *data;
	size_t len;
	int64_t mtime_ms; /* last made or written */
};

struct containerfs {
	uint32_t n, cap;
	struct entry *e;
};

/* Where a path lands: its owner and its path there. */
#define NAME_MAX_LINUX 255 /* a file name's bytes (NAME_MAX) */

struct loc {
	uint8_t owner;
	uint32_t a, b;
	char path[CONTAINERFS_PATH_MAX];
};

struct containerfs *containerfs_new(void)
{
	return xcalloc(1, sizeof(struct containerfs));
}

static void entry_free(struct entry *e)
{
	free(e->path);
	free(e->data);
}

void containerfs_free(struct containerfs *fs)
{
	if (!fs)
		return;
	for (uint32_t i = 0; i < fs->n; i++)
		entry_free(&fs->e[i]);
	free(fs->e);
	free(fs);
}

static bool image_is(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *name)
{
	return strstr(cluster_str(c, cluster_pod_container(c, p, ctr)->image), name) != NULL;
}

/* dir is path itself or one of its ancestors: "/a" is under "/a" and "/", "/ab" is not under "/a". */
static const char *path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n) != 0)
		return NULL;
	if (path[n] == '\0' || path[n] == '/')
		return path + n;
	return n == 1 ? path + 1 : NULL;
}

/*
 * path as the kernel walks it: repeated and trailing slashes and "." dropped,
 * ".." up one (never above "/"). -ENAMETOOLONG for a name past NAME_MAX or a
 * path out cannot hold, as the kernel's for a name or a path past its limits.
 */
static int path_clean(const char *path, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (const char *s = path; *s; s += *s == '/') {
		size_t len = strcspn(s, "/");
		if (len > NAME_MAX_LINUX || (len && n + 1 + len >= size))
			return -ENAMETOOLONG;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (n > 0 && out[--n] != '/')
				;
			out[n] = '\0';
		} else if (len && !(len == 1 && s[0] == '.')) {
			out[n++] = '/';
			memcpy(out + n, s, len);
			out[n += len] = '\0';
		}
		s += len;
	}
	if (n == 0)
		snprintf(out, size, "/");
	return 0;
}

static int resolve(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *raw,
		   struct loc *out)
{
	const struct podspec *s = cluster_spec(c, p->spec);
	const struct container *k = cluster_pod_container(c, p, ctr);
	const struct volume_mount *best = NULL;
	const char *rest = NULL;
	size_t best_len = 0;
	char path[sizeof out->path];
	int rc = path_clean(raw, path, sizeof path);

	if (rc)
		return rc;
	for (uint32_t i = 0; i < k->nmounts; i++) {
		const char *mp = cluster_str(c, k->mounts[i].mount_path);
		const char *r = path_under(path, mp);
		if (r && strlen(mp) >= best_len) {
			best = &k->mounts[i];
			best_len = strlen(mp);
			rest = r;
		}
	}
	*out = (struct loc){ OWN_LAYER, p->meta.uid, ctr, "" };
	snprintf(out->path, sizeof out->path, "%s", path);
	if (!best)
		return 0;
	for (uint32_t i = 0; i < s->nvolumes; i++) {
		const struct volume *v = &s->volumes[i];
		if (v->name != best->name)
			continue;
		if (best->sub_path && volume_has_items(v))
			return 0; /* a copy in the layer, made at the container's start */
		if (v->source == VOLUME_PVC)
			*out = (struct loc){ OWN_CLAIM, p->meta.ns, v->pvc.claim_name, "" };
		else if (v->source == VOLUME_HOST_PATH)
			*out = (struct loc){ OWN_HOST, p->node, v->host_path.path, "" };
		else
			*out = (struct loc){ OWN_POD_VOLUME, p->meta.uid, v->name, "" };
		if ((size_t)snprintf(out->path, sizeof out->path, "%s%s%s%s", best->sub_path ? "/" : "",
				     best->sub_path ? cluster_str(c, best->sub_path) : "",
				     rest[0] ? "" : "/", rest) >= sizeof out->path)
			return -ENAMETOOLONG;
		if (strlen(out->path) > 1 && out->path[strlen(out->path) - 1] == '/')
			out->path[strlen(out->path) - 1] = '\0';
		return 0;
	}
	return 0;
}

/* --- the image's files --- */

static const char *const image_dirs[] = { "/",	   "/bin",  "/dev",  "/etc",      "/home",
					  "/proc", "/root", "/tmp",  "/usr",	  "/usr/bin",
					  "/usr/local", "/usr/share", "/var", "/var/log", "/run" };

/* The known files and the image they come with (NULL: every container has them, the kubelet writes them). */
static const struct image_file {
	const char *path, *image;
} image_files[] = {
	{ "/etc/hostname", NULL },
	{ "/etc/hosts", NULL },
	{ "/etc/resolv.conf", NULL },
	{ "/usr/share/nginx/html/index.html", "nginx" },
	{ "/usr/share/nginx/html/50x.html", "nginx" },
	{ "/usr/local/apache2/htdocs/index.html", "httpd" },
};

static const struct image_dir {
	const char *path, *image;
} image_sub_dirs[] = {
	{ "/usr/share/nginx", "nginx" },
	{ "/usr/share/nginx/html", "nginx" },
	{ "/etc/nginx", "nginx" },
	{ "/usr/local/apache2", "httpd" },
	{ "/usr/local/apache2/htdocs", "httpd" },
};

static const char *pod_hostname(const struct cluster *c, const struct pod *p)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	return cluster_str(c, s->hostname ? s->hostname : p->meta.name);
}

static void image_content(const struct cluster *c, const struct pod *p, const char *path,
			  struct strbuf *out)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	if (strcmp(path, "/etc/resolv.conf") == 0) {
		sb_printf(out, "search %s.svc.cluster.local svc.cluster.local cluster.local\n"
			       "nameserver 10.96.0.10\noptions ndots:5\n",
			  cluster_str(c, p->meta.ns));
	} else if (strcmp(path, "/etc/hostname") == 0) {
		sb_printf(out, "%s\n", pod_hostname(c, p));
	} else if (strcmp(path, "/etc/hosts") == 0) {
		/* pkg/kubelet/kubelet_pods.go managedHostsHeader and nodeHostsFileContent */
		sb_printf(out, "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
			       "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n"
			       "fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
		if (p->ip)
			sb_printf(out, "%u.%u.%u.%u", p->ip >> 24, p->ip >> 16 & 255,
				  p->ip >> 8 & 255, p->ip & 255);
		sb_addc(out, '\t');
		if (s->subdomain)
			sb_printf(out, "%s.%s.%s.svc.cluster.local\t", pod_hostname(c, p),
				  cluster_str(c, s->subdomain), cluster_str(c, p->meta.ns));
		sb_printf(out, "%s\n", pod_hostname(c, p));
	} else if (strcmp(path, "/usr/share/nginx/html/index.html") == 0) {
		sb_add(out, engine_nginx_index); /* not sb_printf: probes read it 360 times an hour */
		sb_addc(out, '\n');
	} else if (strcmp(path, "/usr/share/nginx/html/50x.html") == 0) {
		sb_add(out, "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n"
			    "<h1>An error occurred.</h1>\n</body>\n</html>\n");
	} else {
		/* httpd 2.4's htdocs/index.html */
		sb_add(out, "<html><body><h1>It works!</h1></body></html>\n");
	}
}

/* S_IFREG|0644, S_IFDIR|0755 or 0 for what the image has at path. */
static uint32_t image_mode(const struct cluster *c, const struct pod *p, uint32_t ctr,
			   const char *path)
{
	for (size_t i = 0; i < ARRAY_LEN(image_dirs); i++)
		if (strcmp(path, image_dirs[i]) == 0)
			return S_IFDIR | 0755;
	for (size_t i = 0; i < ARRAY_LEN(image_sub_dirs); i++)
		if (strcmp(path, image_sub_dirs[i].path) == 0 &&
		    image_is(c, p, ctr, image_sub_dirs[i].image))
			return S_IFDIR | 0755;
	for (size_t i = 0; i < ARRAY_LEN(image_files); i++)
		if (strcmp(path, image_files[i].path) == 0 &&
		    (!image_files[i].image || image_is(c, p, ctr, image_files[i].image)))
			return S_IFREG | 0644;
	return 0;
}

/* --- the table --- */

static bool same_owner(const struct entry *e, const struct loc *l)
{
	return e->owner == l->owner && e->a == l->a && e->b == l->b;
}

static struct entry *find(const struct containerfs *fs, const struct loc *l)
{
	for (uint32_t i = 0; i < fs->n; i++)
		if (same_owner(&fs->e[i], l) && strcmp(fs->e[i].path, l->path) == 0)
			return &fs->e[i];
	return NULL;
}

/* The mode at l: an entry's, the image's (layers), the volume root's; 0 when nothing is there. */
static uint32_t loc_mode(const struct cluster *c, const struct pod *p, uint32_t ctr,
			 const struct loc *l, const struct entry **ent)
{
	const struct entry *e = find(c->fs, l);

	if (ent)
		*ent = e;
	if (e)
		return e->mode;
	if (l->owner != OWN_LAYER)
		return strcmp(l->path, "/") == 0 ? S_IFDIR | 0777 : 0;
	return image_mode(c, p, ctr, l->path);
}

static int parent_check(const struct cluster *c, const struct pod *p, uint32_t ctr,
			const char *path)
{
	char parent[CONTAINERFS_PATH_MAX];
	char *slash;
	struct containerfs_stat st;
	int r;

	snprintf(parent, sizeof parent, "%s", path);
	slash = strrchr(parent, '/');
	if (!slash)
		return -ENOENT;
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	r = containerfs_stat(c, p, ctr, parent, &st);
	if (r)
		return r;
	return S_ISDIR(st.mode) ? 0 : -ENOTDIR;
}

static struct entry *put(const struct cluster *c, const struct loc *l, uint32_t mode)
{
	struct containerfs *fs = c->fs;
	struct entry *e = find(fs, l);

	if (e) {
		e->mode = mode;
		e->mtime_ms = c->now_ms;
		return e;
	}
	if (fs->n >= CONTAINERFS_MAX_FILES)
		return NULL;
	xgrow(&fs->e, &fs->cap, fs->n + 1, sizeof *fs->e);
	e = &fs->e[fs->n++];
	*e = (struct entry){ l->owner, l->a, l->b, mode, xstrdup(l->path), NULL, 0, c->now_ms };
	return e;
}

static void drop_at(struct containerfs *fs, uint32_t i)
{
	entry_free(&fs->e[i]);
	fs->e[i] = fs->e[--fs->n];
}

/* What is at path: 0 with its mode, where it lives and its entry if any; -ENOENT, -ENAMETOOLONG. */
static int lookup(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		  struct loc *l, const struct entry **e, uint32_t *mode)
{
	int r = resolve(c, p, ctr, path, l);

	if (r)
		return r;
	*mode = loc_mode(c, p, ctr, l, e);
	return *mode ? 0 : -ENOENT;
}

int containerfs_stat(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct containerfs_stat *st)
{
	struct loc l;
	const struct entry *e;
	uint32_t mode;
	int r = lookup(c, p, ctr, path, &l, &e, &mode);

	if (r)
		return r;
	st->mode = mode;
	st->size = S_ISDIR(mode) ? 4096 : 0; /* an ext4 directory's one block */
	st->mtime_ms = e ? e->mtime_ms : CONTAINERFS_IMAGE_MS;
	if (e && S_ISREG(mode)) {
		st->size = e->len;
	} else if (S_ISREG(mode)) {
		struct strbuf sb;
		sb_init(&sb);
		image_content(c, p, l.path, &sb);
		st->size = sb.len;
		sb_free(&sb);
	}
	return 0;
}

int containerfs_read(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct strbuf *out)
{
	struct loc l;
	const struct entry *e;
	uint32_t mode;
	int r = lookup(c, p, ctr, path, &l, &e, &mode);

	if (r)
		return r;
	if (S_ISDIR(mode))
		return -EISDIR;
	if (e)
		sb_addn(out, e->data ? e->data : "", e->len);
	else
		image_content(c, p, l.path, out);
	return 0;
}

static int write_at(const struct cluster *c, const struct pod *p, uint32_t ctr, const struct loc *l,
		    const char *data, size_t len, bool append, uint32_t mode)
{
	const struct entry *old;
	uint32_t now = loc_mode(c, p, ctr, l, &old);
	struct strbuf sb;
	struct entry *e;

	if (S_ISDIR(now))
		return -EISDIR;
	sb_init(&sb);
	if (append && old)
		sb_addn(&sb, old->data ? old->data : "", old->len);
	else if (append && now)
		image_content(c, p, l->path, &sb);
	sb_addn(&sb, data, len);
	if (sb.len > CONTAINERFS_MAX_SIZE || !(e = put(c, l, now ? now : mode))) {
		sb_free(&sb);
		return -ENOSPC;
	}
	free(e->data);
	e->len = sb.len;
	e->data = sb_take(&sb);
	return 0;
}

int containerfs_write(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		      const char *data, size_t len, bool append)
{
	struct loc l;
	int r = parent_check(c, p, ctr, path);

	if (r || (r = resolve(c, p, ctr, path, &l)))
		return r;
	return write_at(c, p, ctr, &l, data, len, append, S_IFREG | 0644);
}

int containerfs_touch(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path)
{
	struct containerfs_stat st;

	if (containerfs_stat(c, p, ctr, path, &st) == 0)
		return 0;
	return containerfs_write(c, p, ctr, path, "", 0, true);
}

int containerfs_mkdir(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		      bool parents)
{
	struct containerfs_stat st;
	struct loc l;
	int r;

	if (containerfs_stat(c, p, ctr, path, &st) == 0)
		return parents && S_ISDIR(st.mode) ? 0 : -EEXIST;
	r = parent_check(c, p, ctr, path);
	if (r == -ENOENT && parents) {
		/* Each ancestor from the top, one level at a time: no recursion as deep as the path. */
		char parent[CONTAINERFS_PATH_MAX];
		snprintf(parent, sizeof parent, "%s", path);
		for (char *slash = strchr(parent + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			r = containerfs_mkdir(c, p, ctr, parent, false);
			*slash = '/';
			if (r && r != -EEXIST)
				return r;
		}
		if (containerfs_stat(c, p, ctr, path, &st) == 0)
			return S_ISDIR(st.mode) ? 0 : -EEXIST; /* path with a trailing slash */
		r = parent_check(c, p, ctr, path);
	}
	if (r || (r = resolve(c, p, ctr, path, &l)))
		return r;
	return put(c, &l, S_IFDIR | 0755) ? 0 : -ENOSPC;
}

/* Removes l, leaving a whiteout where the image has a file. */
static int remove_at(const struct cluster *c, const struct pod *p, uint32_t ctr, const struct loc *l)
{
	struct entry *e = find(c->fs, l);

	if (e)
		drop_at(c->fs, (uint32_t)(e - c->fs->e));
	if (l->owner == OWN_LAYER && image_mode(c, p, ctr, l->path))
		return put(c, l, 0) ? 0 : -ENOSPC;
	return 0;
}

int containerfs_remove(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		       bool recursive)
{
	struct loc l, sub;
	uint32_t mode;
	int rc = lookup(c, p, ctr, path, &l, NULL, &mode);

	if (rc)
		return rc;
	if (S_ISDIR(mode) && !recursive)
		return -EISDIR;
	if (S_ISDIR(mode)) {
		for (uint32_t i = c->fs->n; i-- > 0;) {
			const struct entry *e = &c->fs->e[i];
			const char *r = same_owner(e, &l) ? path_under(e->path, l.path) : NULL;
			if (r && *r)
				drop_at(c->fs, i);
		}
		sub = l;
		for (size_t i = 0; l.owner == OWN_LAYER && i < ARRAY_LEN(image_files); i++) {
			const char *r = path_under(image_files[i].path, l.path);
			if (r && *r) {
				snprintf(sub.path, sizeof sub.path, "%s", image_files[i].path);
				remove_at(c, p, ctr, &sub);
			}
		}
	}
	return remove_at(c, p, ctr, &l);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds r (what follows the listed dir in a path under it) to names when it is a direct child. */
struct name_list {
	const char **a;
	uint32_t n, cap;
};

static void list_add(struct name_list *names, const char *r)
{
	if (!r)
		return;
	if (*r == '/')
		r++;
	if (!*r || strchr(r, '/'))
		return;
	xgrow(&names->a, &names->cap, names->n + 1, sizeof *names->a);
	names->a[names->n++] = r;
}

int containerfs_list(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct strbuf *out)
{
	struct name_list names = { 0 };
	struct loc l, child;
	struct containerfs_stat st;
	int r = containerfs_stat(c, p, ctr, path, &st);

	if (r)
		return r;
	if (!S_ISDIR(st.mode)) {
		sb_printf(out, "%s\n", path);
		return 0;
	}
	resolve(c, p, ctr, path, &l);
	for (uint32_t i = 0; i < c->fs->n; i++)
		if (same_owner(&c->fs->e[i], &l) && c->fs->e[i].mode)
			list_add(&names, path_under(c->fs->e[i].path, l.path));
	child = l;
	for (size_t i = 0; l.owner == OWN_LAYER && i < ARRAY_LEN(image_files); i++) {
		snprintf(child.path, sizeof child.path, "%s", image_files[i].path);
		if (loc_mode(c, p, ctr, &child, NULL))
			list_add(&names, path_under(image_files[i].path, l.path));
	}
	for (size_t i = 0; l.owner == OWN_LAYER && i < ARRAY_LEN(image_dirs); i++)
		list_add(&names, path_under(image_dirs[i], l.path));
	for (size_t i = 0; l.owner == OWN_LAYER && i < ARRAY_LEN(image_sub_dirs); i++) {
		snprintf(child.path, sizeof child.path, "%s", image_sub_dirs[i].path);
		if (loc_mode(c, p, ctr, &child, NULL))
			list_add(&names, path_under(image_sub_dirs[i].path, l.path));
	}
	if (names.n)
		qsort(names.a, names.n, sizeof *names.a, name_cmp);
	for (uint32_t i = 0; i < names.n; i++)
		if (i == 0 || strcmp(names.a[i - 1], names.a[i])) /* a layer's file over an image's */
			sb_printf(out, "%s\n", names.a[i]);
	free(names.a);
	return 0;
}

/* The directories above l (a path under its owner's root), made as the atomic writer makes them. */
static int put_parents(const struct cluster *c, const struct loc *l)
{
	struct loc dir = *l;

	for (char *slash = strchr(dir.path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (!find(c->fs, &dir) && !put(c, &dir, S_IFDIR | 0755))
			return -ENOSPC;
		*slash = '/';
	}
	return 0;
}

int containerfs_volume_put(struct cluster *c, const struct pod *p, uint32_t volume, const char *rel,
			   const char *data, size_t len, uint32_t mode)
{
	struct loc l = { OWN_POD_VOLUME, p->meta.uid, volume, "" };

	snprintf(l.path, sizeof l.path, "/%s", rel);
	if (put_parents(c, &l))
		return -ENOSPC;
	return write_at(c, p, 0, &l, data, len, false, S_IFREG | (mode & 07777));
}

void containerfs_volume_clear(struct cluster *c, const struct pod *p, uint32_t volume)
{
	for (uint32_t i = c->fs->n; i-- > 0;) {
		const struct entry *e = &c->fs->e[i];
		if (e->owner == OWN_POD_VOLUME && e->a == p->meta.uid && e->b == volume)
			drop_at(c->fs, i);
	}
}

/* Copies what lies at from (a file or a directory's entries) to to, a path in a layer. */
static int copy_tree(const struct cluster *c, const struct loc *from, const struct loc *to)
{
	struct containerfs *fs = c->fs;
	struct loc dst = *to;
	uint32_t n = fs->n;

	if (put_parents(c, to))
		return -ENOSPC;
	for (uint32_t i = 0; i < n; i++) {
		const char *r = same_owner(&fs->e[i], from) ? path_under(fs->e[i].path, from->path)
							    : NULL;
		struct entry *d;
		if (!r)
			continue;
		snprintf(dst.path, sizeof dst.path, "%s%s", to->path, r);
		if (!(d = put(c, &dst, fs->e[i].mode)))
			return -ENOSPC;
		free(d->data);
		d->len = fs->e[i].len;
		d->data = NULL;
		if (fs->e[i].data) {
			d->data = xmalloc(d->len + 1);
			memcpy(d->data, fs->e[i].data, d->len + 1);
		}
	}
	return 0;
}

int containerfs_bind_subpaths(struct cluster *c, const struct pod *p, uint32_t ctr)
{
	const struct podspec *s = cluster_spec(c, p->spec);
	const struct container *k = cluster_pod_container(c, p, ctr);

	for (uint32_t i = 0; i < k->nmounts; i++)
		for (uint32_t j = 0; k->mounts[i].sub_path && j < s->nvolumes; j++) {
			struct loc from = { OWN_POD_VOLUME, p->meta.uid, s->volumes[j].name, "" };
			struct loc to = { OWN_LAYER, p->meta.uid, ctr, "" };
			if (s->volumes[j].name != k->mounts[i].name ||
			    !volume_has_items(&s->volumes[j]))
				continue;
			snprintf(from.path, sizeof from.path, "/%s",
				 cluster_str(c, k->mounts[i].sub_path));
			snprintf(to.path, sizeof to.path, "%s",
				 cluster_str(c, k->mounts[i].mount_path));
			if (copy_tree(c, &from, &to))
				return -ENOSPC;
		}
	return 0;
}

static void drop_where(struct cluster *c, uint8_t owner, uint32_t a, bool any_b, uint32_t b)
{
	for (uint32_t i = c->fs->n; i-- > 0;) {
		const struct entry *e = &c->fs->e[i];
		if (e->owner == owner && e->a == a && (any_b || e->b == b))
			drop_at(c->fs, i);
	}
}

void containerfs_reset(struct cluster *c, const struct pod *p, uint32_t ctr)
{
	drop_where(c, OWN_LAYER, p->meta.uid, false, ctr);
}

void containerfs_drop_pod(struct cluster *c, uint32_t pod_uid)
{
	drop_where(c, OWN_LAYER, pod_uid, true, 0);
	drop_where(c, OWN_POD_VOLUME, pod_uid, true, 0);
}

/*
 * The servers' own 404 pages: nginx's (ngx_http_special_response.c, the
 * version in its tail as server_tokens on prints it; nginx sends CRLF, kept
 * as LF here so terminals show it as curl's user sees it) and httpd 2.4's.
 */
static void not_found_page(const struct cluster *c, const struct pod *p, uint32_t ctr, bool nginx,
			   struct strbuf *body)
{
	const char *image = cluster_str(c, cluster_pod_container(c, p, ctr)->image), *tag = strrchr(image, ':');
	unsigned major, minor, patch;

	if (!nginx) {
		sb_add(body, "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
			     "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
			     "<p>The requested URL was not found on this server.</p>\n</body></html>\n");
		return;
	}
	sb_add(body, "<html>\n<head><title>404 Not Found</title></head>\n<body>\n"
		     "<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/");
	/* An image tagged with a full version runs it; others ksim's nginx (1.27.2, October 2024). */
	if (tag && sscanf(tag + 1, "%u.%u.%u", &major, &minor, &patch) == 3)
		sb_printf(body, "%u.%u.%u", major, minor, patch);
	else
		sb_add(body, "1.27.2");
	sb_add(body, "</center>\n</body>\n</html>\n");
}

int containerfs_http_get(const struct cluster *c, const struct pod *p, uint32_t ctr,
			 const char *path, struct strbuf *body)
{
	bool nginx = image_is(c, p, ctr, "nginx");
	const char *root = nginx			  ? "/usr/share/nginx/html"
			   : image_is(c, p, ctr, "httpd") ? "/usr/local/apache2/htdocs"
							  : NULL;
	size_t len = strcspn(path, "?#");
	char *url, *clean;
	struct strbuf file, sb;
	int r;

	if (!root)
		return 0;
	/* The query is not the file's; dot segments stay within the root (curl's remove_dot_segments). */
	url = xstrndup(path, len);
	clean = xmalloc(len + 2);
	sb_init(&file);
	sb_init(&sb);
	r = path_clean(url, clean, len + 2);
	if (r == 0) {
		sb_printf(&file, "%s%s%s", root, strcmp(clean, "/") ? clean : "",
			  len == 0 || url[len - 1] == '/' ? "/index.html" : "");
		r = containerfs_read(c, p, ctr, file.data, &sb);
	}
	if (r == -EISDIR) {
		sb_add(&file, "/index.html");
		r = containerfs_read(c, p, ctr, file.data, &sb);
	}
	free(url);
	free(clean);
	sb_free(&file);
	if (body && r)
		not_found_page(c, p, ctr, nginx, body);
	else if (body)
		sb_addn(body, sb.data ? sb.data : "", sb.len);
	sb_free(&sb);
	return r ? 404 : 200;
}

const char *containerfs_strerror(int err)
{
	switch (-err) {
	case ENOENT:
		return "No such file or directory";
	case EISDIR:
		return "Is a directory";
	case ENOTDIR:
		return "Not a directory";
	case EEXIST:
		return "File exists";
	case ENOTEMPTY:
		return "Directory not empty";
	case ENOSPC:
		return "No space left on device";
	case ENAMETOOLONG:
		return "File name too long";
	default:
		return "Invalid argument";
	}
}
