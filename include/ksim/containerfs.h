#ifndef KSIM_CONTAINERFS_H
#define KSIM_CONTAINERFS_H

/*
 * The container file system that container programs (src/engine/program.c:
 * a container's command, `kubectl exec`, exec probes) see.
 *
 * As in a real container: a container's writable layer starts from its
 * image's files and is dropped when the container restarts; an emptyDir (and
 * a configMap/secret volume) lives with the pod and is shared by its
 * containers; a persistentVolumeClaim's files live with the claim (namespace
 * and claim name), so they outlive the pod; a hostPath's live with the node.
 * A path under a container's volumeMount resolves into that volume (with the
 * mount's subPath prepended); any other path into the container's layer, over
 * the image's known files (/etc/hostname, /etc/hosts, /etc/resolv.conf,
 * nginx's and httpd's index.html, ...). A removed image file is hidden by a
 * whiteout, as overlayfs does.
 *
 * Memory is bounded: at most CONTAINERFS_MAX_FILES entries in a cluster and
 * CONTAINERFS_MAX_SIZE bytes in one file; past that a write fails with
 * "No space left on device".
 *
 * Paths are absolute; repeated slashes, "." and ".." are walked as the kernel
 * walks them (a trailing slash is dropped, even after a file); a name past 255
 * bytes or a path past CONTAINERFS_PATH_MAX is -ENAMETOOLONG, as Linux's
 * NAME_MAX and PATH_MAX make it. Errors are negative errno values (-ENOENT,
 * -EISDIR, -ENOTDIR, -EEXIST, -ENOTEMPTY, -ENOSPC, -ENAMETOOLONG).
 */

#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/util.h"

#define CONTAINERFS_MAX_FILES 8192
#define CONTAINERFS_MAX_SIZE (64 * 1024)
#define CONTAINERFS_PATH_MAX 4096 /* bytes, the NUL included */

struct containerfs;

/* engine_new and engine_free make and free the cluster's one store (cluster.fs). */
struct containerfs *containerfs_new(void);
void containerfs_free(struct containerfs *fs);

/* When ksim's images were built: the mtime of every file an image brings (2024-10-02T15:13:00Z). */
#define CONTAINERFS_IMAGE_MS 1727881980000LL

/* What a path is: mode's S_IFREG or S_IFDIR bits and permission bits (0644, 0755, ...). */
struct containerfs_stat {
	uint32_t mode;
	size_t size;      /* a directory's is 4096 */
	int64_t mtime_ms; /* virtual time of the last write; CONTAINERFS_IMAGE_MS for the image's */
};

/* Container ctr (index into the podspec's containers, init ones first) of pod p. */
int containerfs_stat(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct containerfs_stat *st);
/* Appends the file's contents to out. */
int containerfs_read(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct strbuf *out);
/* Creates or truncates (append false) the file and writes data; the parent directory must exist. */
int containerfs_write(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		      const char *data, size_t len, bool append);
/* `touch`: creates an empty file if none is there. */
int containerfs_touch(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path);
int containerfs_mkdir(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		      bool parents);
/* Removes a file, or a directory and all under it when recursive. */
int containerfs_remove(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		       bool recursive);
/* The names in a directory, sorted, one a line ("name\n"); a file lists itself. */
int containerfs_list(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     struct strbuf *out);

/*
 * Adds a file to pod p's volume named volume (a strtab id), at rel (relative
 * to the volume's root, e.g. "game.properties" or "..data/key"), with mode's
 * permission bits (defaultMode / items[].mode). For the configMap and secret
 * volumes the kubelet projects; a mount's subPath picks one of them.
 */
int containerfs_volume_put(struct cluster *c, const struct pod *p, uint32_t volume, const char *rel,
			   const char *data, size_t len, uint32_t mode);

/* Drops the files of pod p's volume named volume, before the kubelet projects it again. */
void containerfs_volume_clear(struct cluster *c, const struct pod *p, uint32_t volume);
/*
 * Copies into container ctr's layer what its subPath mounts of configMap and
 * secret volumes show: a bind mount of the file as it was at the container's
 * start, which later updates of the volume do not reach.
 */
int containerfs_bind_subpaths(struct cluster *c, const struct pod *p, uint32_t ctr);

/* Drops container ctr's writable layer: the container restarts from its image. */
void containerfs_reset(struct cluster *c, const struct pod *p, uint32_t ctr);
/* Drops what lives with the pod (layers, emptyDirs, projected volumes) once it is gone. */
void containerfs_drop_pod(struct cluster *c, uint32_t pod_uid);

/*
 * What the HTTP server in container ctr answers for `GET path`: the status
 * (200, 404) with the page in body (when not NULL; the server's own page for
 * a 404), or 0 when the image runs
 * no known HTTP server. nginx serves /usr/share/nginx/html and httpd
 * /usr/local/apache2/htdocs from the container's files ("/" is index.html).
 */
int containerfs_http_get(const struct cluster *c, const struct pod *p, uint32_t ctr,
			 const char *path, struct strbuf *body);

/* The error text a program prints: strerror's words for err (a negative errno). */
const char *containerfs_strerror(int err);

#endif
