/*
 * `wget -qO- URL` and `curl URL` from inside a pod: the host is resolved by
 * the cluster DNS (the pod's search path), a Service's cluster IP and port
 * lead to one ready endpoint (kube-proxy's choice, here rotating with the
 * virtual second), and the backend answers as its image does: nginx's
 * welcome page (or its 404 page), serve_hostname and agnhost serve-hostname
 * their pod name, the Kubernetes Basics bootcamp its greeting. Errors are busybox wget's and curl's own lines and exit
 * codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ksim/containerfs.h"

/* docker.io/library/nginx's /usr/share/nginx/html/index.html (1.25+). */
const char engine_nginx_index[] =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n"
    "html { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    "</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\n"
    "working. Further configuration is required.</p>\n\n"
    "<p>For online documentation and support please refer to\n"
    "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
    "Commercial support is available at\n"
    "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
    "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>";

struct url {
	char host[256];
	const char *path; /* in the URL's text, whole: the server decides what a long one gets */
	int port;
};

static void url_parse(const char *text, struct url *u)
{
	const char *s = strstr(text, "://");
	const char *slash, *colon;
	size_t n;

	s = s ? s + 3 : text;
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	snprintf(u->host, sizeof u->host, "%.*s", (int)(n < 255 ? n : 255), s);
	u->path = slash ? slash : "/";
	colon = strchr(u->host, ':');
	u->port = strncmp(text, "https://", 8) == 0 ? 443 : 80;
	if (colon) {
		u->port = atoi(colon + 1);
		u->host[colon - u->host] = '\0';
	}
}

/* The pod behind ip:port: a Service's ready endpoint, or a pod's own IP. */
static const struct pod *backend(const struct cluster *c, uint32_t ip, int *port)
{
	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		uint32_t ep_idx, nready = 0;
		if (!s || s->cluster_ip != ip)
			continue;
		for (uint32_t j = 0; j < s->nports; j++)
			if (s->ports[j].port == *port) {
				*port = s->ports[j].target_port ? s->ports[j].target_port : *port;
				ep_idx = cluster_find(c, KIND_EP, s->meta.ns, s->meta.name);
				const struct endpoints *ep =
				    ep_idx == NONE32 ? NULL : cluster_get(c, KIND_EP, ep_idx);
				for (uint32_t k = 0; ep && k < ep->naddrs; k++)
					nready += ep->addrs[k].ready;
				uint32_t pick = nready ? (uint32_t)(c->now_ms / 1000 % nready) : 0;
				for (uint32_t k = 0; ep && k < ep->naddrs; k++)
					if (ep->addrs[k].ready && pick-- == 0)
						return cluster_get(c, KIND_POD, ep->addrs[k].pod.idx);
			}
		return NULL;
	}
	for (uint32_t i = 0; i < cluster_len(c, KIND_POD); i++) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		if (p && p->ip == ip && p->phase == PHASE_RUNNING)
			return p;
	}
	return NULL;
}

/* The HTTP status the backend's image answers with, its page in body; 0 for an image ksim has no reply for. */
static int reply(const struct cluster *c, const struct pod *p, const struct url *u,
		 struct strbuf *body)
{
	const struct podspec *s = cluster_spec(c, p->spec);
	const char *image = cluster_str(c, s->containers[0].image);
	int status = containerfs_http_get(c, p, s->ninit, u->path, body);

	if (status)
		return status;
	if (strstr(image, "serve_hostname") || strstr(image, "agnhost")) {
		sb_add(body, cluster_str(c, p->meta.name));
		return 200;
	}
	if (strstr(image, "kubernetes-bootcamp")) {
		/* The Kubernetes Basics tutorial's server.js; its tag v2 answers v=2. */
		const char *tag = strrchr(image, ':');
		sb_printf(body, "Hello Kubernetes bootcamp! | Running on: %s | v=%s\n",
			  cluster_str(c, p->meta.name), tag && tag[1] == 'v' ? tag + 2 : "1");
		return 200;
	}
	return 0;
}

/*
 * An HTTP error: busybox wget stops with the status line (wget.c
 * "server returned error"); curl prints the page, or with -f its error 22.
 */
static int http_error(enum fetch_client client, int status, const struct strbuf *body,
		      struct strbuf *out)
{
	if (client == FETCH_WGET) {
		sb_printf(out, "wget: server returned error: HTTP/1.1 %d Not Found", status);
		return 1;
	}
	if (client == FETCH_CURL_FAIL) {
		sb_printf(out, "curl: (22) The requested URL returned error: %d", status);
		return 22;
	}
	sb_add(out, body->data ? body->data : "");
	return 0;
}

int engine_fetch(const struct cluster *c, const struct pod *from, const char *url,
		 enum fetch_client client, struct strbuf *out)
{
	struct url u;
	struct dns_answer a;
	const struct pod *p = NULL;
	char ip[16] = "";
	bool curl = client != FETCH_WGET;
	int rc = 0, port, status = 0;
	struct strbuf body;

	url_parse(url, &u);
	port = u.port;
	engine_dns_lookup(c, from->meta.ns, u.host, &a);
	if (strcmp(u.host, "localhost") == 0 || strcmp(u.host, "127.0.0.1") == 0) {
		snprintf(ip, sizeof ip, "127.0.0.1");
		p = from; /* the pod's own containers share its network namespace */
	} else if (a.rcode != DNS_NXDOMAIN && a.naddrs) {
		uint32_t v = a.addrs[0];
		ip_format(v, ip, sizeof ip);
		p = backend(c, v, &port);
	}
	if (!ip[0]) {
		sb_printf(out, curl ? "curl: (6) Could not resolve host: %s" : "wget: bad address '%s'",
			  u.host);
		rc = curl ? 6 : 1;
	} else if (!p) {
		if (curl)
			sb_printf(out, "curl: (7) Failed to connect to %s port %d after 0 ms: Couldn't "
				       "connect to server", u.host, u.port);
		else
			sb_printf(out, "wget: can't connect to remote host (%s): Connection refused", ip);
		rc = curl ? 7 : 1;
	} else {
		sb_init(&body);
		status = reply(c, p, &u, &body);
		if (!status)
			sb_printf(out, "ksim: no simulated reply from %s (image %s)",
				  cluster_str(c, p->meta.name),
				  cluster_str(c, cluster_spec(c, p->spec)->containers[0].image));
		else if (status >= 400)
			rc = http_error(client, status, &body, out);
		else
			sb_add(out, body.data ? body.data : "");
		sb_free(&body);
	}
	engine_dns_answer_free(&a);
	return rc;
}
