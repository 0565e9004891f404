/* The container file system and the programs that use it (touch, rm, mkdir, test, ls, cat, > and >>). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ksim/containerfs.h"
#include "session_fixture.h"

#define BOX                                                                              \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: box}\nspec:\n  containers:\n"               \
	"  - {name: a, image: %s, command: [sleep, '3600'],\n"                          \
	"     volumeMounts: [{name: cache, mountPath: /cache}]}\n"                               \
	"  - {name: b, image: %s, command: [sleep, '3600'],\n"                          \
	"     volumeMounts: [{name: cache, mountPath: /shared, subPath: sub}]}\n"                \
	"  volumes: [{name: cache, emptyDir: {}}]\n"

/* What `kubectl exec box -c C -- sh -c SCRIPT` prints, exit status included. */
static const char *sh(struct session *s, const char *ctr, const char *script, struct strbuf *out)
{
	char line[1024];

	sb_reset(out);
	snprintf(line, sizeof line, "exec box -c %s -- sh -c '%s'", ctr, script);
	kubectl(s, line, out);
	return out->data ? out->data : "";
}

static struct session *box(const char *image)
{
	char yaml[1024];
	struct session *s;

	snprintf(yaml, sizeof yaml, BOX, image, image);
	s = open_text(yaml);

	run_to(s, 30 * SEC);
	return s;
}

static void a_touched_file_is_there_until_it_is_removed(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "touch /tmp/healthy; cat /tmp/healthy && echo ok", &o), "ok\n");
	assert_string_equal(sh(s, "a", "rm -f /tmp/healthy; cat /tmp/healthy", &o),
			    "cat: can't open '/tmp/healthy': No such file or directory\n"
			    "command terminated with exit code 1\n");
	sb_free(&o);
	close_session(s);
}

static void coreutils_images_word_errors_as_coreutils(void **state)
{
	struct session *s = box("ubuntu");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "cat /tmp/x", &o),
			    "cat: /tmp/x: No such file or directory\ncommand terminated with exit code 1\n");
	assert_string_equal(sh(s, "a", "rm /tmp/x", &o),
			    "rm: cannot remove '/tmp/x': No such file or directory\n"
			    "command terminated with exit code 1\n");
	sb_free(&o);
	close_session(s);
}

static void append_adds_lines_and_truncate_replaces_them(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f", &o),
			    "one\ntwo\n");
	assert_string_equal(sh(s, "a", "echo three > /tmp/f; cat /tmp/f", &o), "three\n");
	sb_free(&o);
	close_session(s);
}

static void mkdir_needs_its_parent_unless_given_p(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "mkdir /x/y", &o),
			    "mkdir: can't create directory '/x/y': No such file or directory\n"
			    "command terminated with exit code 1\n");
	assert_string_equal(sh(s, "a", "mkdir -p /x/y; test -d /x/y && echo dir; [ -f /x/y ] || echo notfile", &o),
			    "dir\nnotfile\n");
	sb_free(&o);
	close_session(s);
}

static void ls_lists_written_and_image_files_sorted(void **state)
{
	struct session *s = box("nginx");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "touch /usr/share/nginx/html/a.html; ls /usr/share/nginx/html", &o),
			    "50x.html\na.html\nindex.html\n");
	sb_free(&o);
	close_session(s);
}

static void an_emptydir_is_shared_by_the_pods_containers_with_its_subpath(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	sh(s, "a", "mkdir /cache/sub; echo hello > /cache/sub/greeting", &o);
	assert_string_equal(sh(s, "b", "cat /shared/greeting", &o), "hello\n");
	sb_free(&o);
	close_session(s);
}

static void a_removed_image_file_is_gone_until_the_container_restarts(void **state)
{
	struct session *s = box("nginx");
	const struct pod *p = get(s, KIND_POD, "box");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_int_equal(containerfs_http_get(s->c, p, 0, "/", NULL), 200);
	sh(s, "a", "rm /usr/share/nginx/html/index.html", &o);
	assert_int_equal(containerfs_http_get(s->c, p, 0, "/", NULL), 404);
	containerfs_reset(s->c, p, 0);
	assert_int_equal(containerfs_http_get(s->c, p, 0, "/", NULL), 200);
	sb_free(&o);
	close_session(s);
}

static void a_projected_volume_file_is_read_at_its_mount_path_with_its_mode(void **state)
{
	struct session *s = box("busybox");
	const struct pod *p = get(s, KIND_POD, "box");
	struct containerfs_stat st;
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_int_equal(containerfs_volume_put(s->c, p, cluster_intern(s->c, "cache"), "game.properties",
						"lives=3\n", 8, 0400),
			 0);
	assert_int_equal(containerfs_stat(s->c, p, 0, "/cache/game.properties", &st), 0);
	assert_int_equal(st.mode & 07777, 0400);
	assert_string_equal(sh(s, "a", "cat /cache/game.properties", &o), "lives=3\n");
	sb_free(&o);
	close_session(s);
}

static void a_write_past_the_size_limit_fails_with_no_space(void **state)
{
	struct session *s = box("busybox");
	const struct pod *p = get(s, KIND_POD, "box");
	static char big[CONTAINERFS_MAX_SIZE + 1];

	(void)state;
	assert_int_equal(containerfs_write(s->c, p, 0, "/tmp/big", big, sizeof big, false), -ENOSPC);
	close_session(s);
}

static void curl_prints_nginxs_404_page_with_its_version(void **state)
{
	struct session *s = box("nginx:1.25.3");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "curl -s localhost/nope", &o),
			    "<html>\n<head><title>404 Not Found</title></head>\n<body>\n"
			    "<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/1.25.3</center>\n"
			    "</body>\n</html>\n");
	assert_string_equal(sh(s, "a", "curl -fsS localhost/nope", &o),
			    "curl: (22) The requested URL returned error: 404\n"
			    "command terminated with exit code 22\n");
	sb_free(&o);
	close_session(s);
}

/* curl drops dot segments (RFC 3986) and nginx serves a file whatever the query: nothing outside the root. */
static void a_web_server_ignores_the_query_and_never_serves_above_its_root(void **state)
{
	struct session *s = box("nginx");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "echo v1 > /usr/share/nginx/html/v.txt; curl -s localhost/v.txt?x=1", &o),
			    "v1\n");
	assert_non_null(strstr(sh(s, "a", "curl -s localhost/../../../../etc/hostname", &o),
			       "<title>404 Not Found</title>"));
	sb_free(&o);
	close_session(s);
}

static void a_path_longer_than_the_servers_buffer_is_a_404(void **state)
{
	struct session *s = box("nginx");
	char path[700];

	(void)state;
	for (size_t i = 0; i < sizeof path - 1; i++) /* "/a/a/a...": short names, a long path */
		path[i] = i % 2 ? 'a' : '/';
	path[sizeof path - 1] = '\0';
	assert_int_equal(containerfs_http_get(s->c, get(s, KIND_POD, "box"), 0, path, NULL), 404);
	close_session(s);
}

/* nginx opens the file: a name past NAME_MAX is ENAMETOOLONG, a 404 (ngx_http_static_module). */
static void a_name_longer_than_a_file_name_can_be_is_a_404(void **state)
{
	struct session *s = box("nginx");
	char path[700];

	(void)state;
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	assert_int_equal(containerfs_http_get(s->c, get(s, KIND_POD, "box"), 0, path, NULL), 404);
	path[300] = '\0';
	assert_int_equal(containerfs_http_get(s->c, get(s, KIND_POD, "box"), 0, path, NULL), 404);
	close_session(s);
}

static void mkdir_p_makes_a_path_2000_deep_and_a_name_past_255_is_too_long(void **state)
{
	struct session *s = box("busybox");
	const struct pod *p = get(s, KIND_POD, "box");
	struct containerfs_stat st;
	char path[CONTAINERFS_PATH_MAX], name[300];
	size_t n = (size_t)snprintf(path, sizeof path, "/cache");

	(void)state;
	while (n + 2 < sizeof path - 1) /* "/cache/a/a/...": about 2,000 levels */
		n += (size_t)snprintf(path + n, sizeof path - n, "/a");
	assert_int_equal(containerfs_mkdir(s->c, p, 0, path, true), 0);
	assert_int_equal(containerfs_stat(s->c, p, 0, path, &st), 0);
	assert_true(S_ISDIR(st.mode));
	memset(name, 'x', sizeof name - 1);
	name[0] = '/';
	name[sizeof name - 1] = '\0';
	assert_int_equal(containerfs_touch(s->c, p, 0, name), -ENAMETOOLONG);
	close_session(s);
}

/* The whole path reaches the server: nginx walks "/./././.../nope" to /nope, a 404. */
static void curl_sends_a_700_character_path_whole(void **state)
{
	struct session *s = box("nginx");
	struct strbuf o;
	char script[800];
	size_t n = (size_t)snprintf(script, sizeof script, "curl -s localhost");

	(void)state;
	sb_init(&o);
	while (n < 700)
		n += (size_t)snprintf(script + n, sizeof script - n, "/.");
	snprintf(script + n, sizeof script - n, "/nope");
	assert_non_null(strstr(sh(s, "a", script, &o), "<title>404 Not Found</title>"));
	sb_free(&o);
	close_session(s);
}

static void wget_stops_at_a_404_with_the_status_line(void **state)
{
	struct session *s = box("nginx");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "wget -qO- http://localhost/nope.html", &o),
			    "wget: server returned error: HTTP/1.1 404 Not Found\n"
			    "command terminated with exit code 1\n");
	sb_free(&o);
	close_session(s);
}

static void ls_l_prints_busybox_columns_and_the_total(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "mkdir /cache/d; echo hello > /cache/f; ls -l /cache", &o),
			    "total 8\n"
			    "drwxr-xr-x    2 root     root          4096 Jan  1 00:00 d\n"
			    "-rw-r--r--    1 root     root             6 Jan  1 00:00 f\n");
	assert_string_equal(sh(s, "a", "ls -l /cache/f", &o),
			    "-rw-r--r--    1 root     root             6 Jan  1 00:00 /cache/f\n");
	sb_free(&o);
	close_session(s);
}

static void ls_l_lists_every_entry_of_a_directory_of_300(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;
	size_t lines = 0;
	char path[32];

	(void)state;
	sb_init(&o);
	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof path, "/cache/f%03d", i);
		assert_int_equal(containerfs_touch(s->c, get(s, KIND_POD, "box"), 0, path), 0);
	}
	sh(s, "a", "ls -l /cache", &o);
	for (const char *l = o.data; (l = strchr(l, '\n')); l++)
		lines++;
	assert_int_equal(lines, 301); /* "total 0" and one line a file */
	assert_non_null(strstr(o.data, " f299\n"));
	sb_free(&o);
	close_session(s);
}

static void ls_l_prints_coreutils_columns_as_wide_as_the_widest_and_old_files_with_a_year(void **state)
{
	struct session *s = box("nginx");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "echo hi > /usr/share/nginx/html/a.txt; ls -l /usr/share/nginx/html", &o),
			    "total 12\n"
			    "-rw-r--r-- 1 root root 110 Oct  2  2024 50x.html\n"
			    "-rw-r--r-- 1 root root   3 Jan  1 00:00 a.txt\n"
			    "-rw-r--r-- 1 root root 615 Oct  2  2024 index.html\n");
	sb_free(&o);
	close_session(s);
}

/* The kernel's path walk: repeated and trailing slashes, "." and ".." mean what they mean. */
static void a_path_with_extra_slashes_dots_or_a_trailing_slash_finds_the_same_file(void **state)
{
	struct session *s = box("busybox");
	struct strbuf o;

	(void)state;
	sb_init(&o);
	assert_string_equal(sh(s, "a", "echo hi > /tmp/x; cat /tmp//x /tmp/./x /etc/../tmp/x", &o),
			    "hi\nhi\nhi\n");
	assert_string_equal(sh(s, "a", "echo there > /cache/y; cat /cache/../cache//y", &o),
			    "there\n");
	assert_string_equal(sh(s, "a", "ls /etc/ && test -d /tmp/ && echo dir", &o),
			    "hostname\nhosts\nresolv.conf\ndir\n");
	sb_free(&o);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_touched_file_is_there_until_it_is_removed),
		cmocka_unit_test(coreutils_images_word_errors_as_coreutils),
		cmocka_unit_test(append_adds_lines_and_truncate_replaces_them),
		cmocka_unit_test(mkdir_needs_its_parent_unless_given_p),
		cmocka_unit_test(ls_lists_written_and_image_files_sorted),
		cmocka_unit_test(an_emptydir_is_shared_by_the_pods_containers_with_its_subpath),
		cmocka_unit_test(a_removed_image_file_is_gone_until_the_container_restarts),
		cmocka_unit_test(a_projected_volume_file_is_read_at_its_mount_path_with_its_mode),
		cmocka_unit_test(a_write_past_the_size_limit_fails_with_no_space),
		cmocka_unit_test(curl_prints_nginxs_404_page_with_its_version),
		cmocka_unit_test(a_web_server_ignores_the_query_and_never_serves_above_its_root),
		cmocka_unit_test(a_path_longer_than_the_servers_buffer_is_a_404),
		cmocka_unit_test(wget_stops_at_a_404_with_the_status_line),
		cmocka_unit_test(ls_l_prints_busybox_columns_and_the_total),
		cmocka_unit_test(ls_l_lists_every_entry_of_a_directory_of_300),
		cmocka_unit_test(a_name_longer_than_a_file_name_can_be_is_a_404),
		cmocka_unit_test(curl_sends_a_700_character_path_whole),
		cmocka_unit_test(mkdir_p_makes_a_path_2000_deep_and_a_name_past_255_is_too_long),
		cmocka_unit_test(a_path_with_extra_slashes_dots_or_a_trailing_slash_finds_the_same_file),
		cmocka_unit_test(ls_l_prints_coreutils_columns_as_wide_as_the_widest_and_old_files_with_a_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
