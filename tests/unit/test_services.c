/* Services, the endpoints controller, cluster DNS and `kubectl run -- nslookup`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "session_fixture.h"

#define RS(name, app, replicas)                                                        \
	"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: " name "}\n"          \
	"spec:\n  replicas: " replicas "\n  selector: {matchLabels: {app: " app "}}\n" \
	"  template:\n    metadata: {labels: {app: " app "}}\n"                        \
	"    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}\n---\n"
#define SVC(name, app, extra)                                         \
	"apiVersion: v1\nkind: Service\nmetadata: {name: " name "}\n" \
	"spec:\n  selector: {app: " app "}\n  ports: [{port: 80}]\n" extra "---\n"
#define WEB_STS                                                                                 \
	"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\n"                       \
	"spec:\n  replicas: 3\n  serviceName: nginx\n  selector: {matchLabels: {app: nginx}}\n" \
	"  template:\n    metadata: {labels: {app: nginx}}\n"                                   \
	"    spec: {containers: [{name: nginx, image: nginx}]}\n---\n"

static const struct endpoints *ep(struct session *s, const char *name)
{
	return get(s, KIND_EP, name);
}

static const char *ip_text(uint32_t ip, char *buf)
{
	ip_format(ip, buf, 20);
	return buf;
}

static uint32_t pod_ip(struct session *s, const char *name)
{
	return pod(s, name)->ip;
}

/* The name of the pod owned by rs whose index in the kids list is i (0: the first listed). */
static const struct pod *rs_pod(struct session *s, const char *rs, int i)
{
	const struct meta *o = get(s, KIND_RS, rs);

	for (uint32_t k = o->kids; k != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, k);
		if (i-- == 0)
			return p;
		k = p->meta.sib_next;
	}
	return NULL;
}

static void the_lab_has_the_kubernetes_and_kube_dns_services(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	kubectl(s, "get svc -A", &out);
	assert_string_equal(
	    out.data,
	    "NAMESPACE     NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\n"
	    "default       kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  7d\n"
	    "kube-system   kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   7d\n");
	sb_reset(&out);
	kubectl(s, "get ep kubernetes", &out);
	assert_non_null(strstr(out.data, "192.168.56.30:6443"));
	sb_free(&out);
	close_session(s);
}

static void endpoints_list_the_ready_pods_of_the_selector_sorted_by_ip(void **state)
{
	struct session *s = open_text(RS("a", "a", "3") RS("b", "b", "1") SVC("svc-a", "a", ""));
	const struct endpoints *e;
	char x[20], y[20];

	(void)state;
	run_to(s, 1 * MIN);
	e = ep(s, "svc-a");
	assert_non_null(e);
	assert_int_equal(e->naddrs, 3);
	for (uint32_t i = 0; i < e->naddrs; i++) {
		assert_true(e->addrs[i].ready);
		if (i)
			assert_true(
			    strcmp(ip_text(e->addrs[i - 1].ip, x), ip_text(e->addrs[i].ip, y)) < 0);
	}
	close_session(s);
}

static void a_pod_that_is_not_ready_is_listed_as_not_ready(void **state)
{
	struct session *s = open_text(RS("a", "a", "1") SVC("svc-a", "a", ""));
	const struct pod *p;
	struct strbuf line;

	(void)state;
	run_to(s, 1 * MIN);
	p = rs_pod(s, "a", 0);
	sb_init(&line);
	/* A crash: the container waits in CrashLoopBackOff after its first restart fails again. */
	sb_printf(&line, "crash pod %s", cluster_str(s->c, p->meta.name));
	kubectl(s, line.data, NULL);
	run_to(s, 1 * MIN + 1500);
	kubectl(s, line.data, NULL);
	sb_free(&line);
	assert_int_equal(ep(s, "svc-a")->naddrs, 1);
	assert_false(ep(s, "svc-a")->addrs[0].ready);
	close_session(s);
}

static void endpoints_follow_a_pod_relabelled_away(void **state)
{
	struct session *s = open_text(RS("a", "a", "2") SVC("svc-a", "a", ""));
	struct strbuf line;

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&line);
	sb_printf(&line, "label pod %s app=other --overwrite",
		  cluster_str(s->c, rs_pod(s, "a", 0)->meta.name));
	assert_int_equal(kubectl(s, line.data, NULL), 0);
	sb_free(&line);
	/* The ReplicaSet makes a replacement; until it is ready, one address is left. */
	assert_int_equal(ep(s, "svc-a")->naddrs, 1);
	close_session(s);
}

static void deleting_a_service_deletes_its_endpoints(void **state)
{
	struct session *s = open_text(RS("a", "a", "1") SVC("svc-a", "a", ""));

	(void)state;
	assert_non_null(ep(s, "svc-a"));
	kubectl(s, "delete svc svc-a", NULL);
	assert_null(ep(s, "svc-a"));
	close_session(s);
}

static void a_headless_service_lists_the_hostnames_of_its_statefulset_pods(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	const struct endpoints *e;

	(void)state;
	run_to(s, 1 * MIN);
	e = ep(s, "nginx");
	assert_int_equal(e->naddrs, 3);
	for (uint32_t i = 0; i < e->naddrs; i++) {
		const struct pod *p = (const struct pod *)cluster_deref(s->c, KIND_POD,
									e->addrs[i].pod);
		assert_int_equal(e->addrs[i].hostname, p->meta.name);
	}
	assert_int_equal(labels_value(s->c->labels, e->meta.labels,
				      cluster_intern(s->c, "service.kubernetes.io/headless")),
			 0);
	close_session(s);
}

static void node_port_and_load_balancer_services_get_node_ports_and_a_pending_ip(void **state)
{
	struct session *s = open_text(
	    SVC("np", "a", "  type: NodePort\n") SVC("lb", "a", "  type: LoadBalancer\n") SVC(
		"fixed", "a",
		"  type: LoadBalancer\nstatus: {loadBalancer: {ingress: [{ip: 203.0.113.7}]}}\n"));
	const struct service *np = get(s, KIND_SVC, "np"), *lb = get(s, KIND_SVC, "lb");
	struct strbuf out;

	(void)state;
	assert_true(np->ports[0].node_port >= 30000 && np->ports[0].node_port <= 32767);
	assert_true(lb->ports[0].node_port >= 30000 && lb->ports[0].node_port <= 32767);
	assert_int_equal((np->cluster_ip & 0xfff00000u), 0x0a600000u);
	sb_init(&out);
	kubectl(s, "get svc lb fixed", &out);
	assert_non_null(strstr(out.data, "<pending>"));
	assert_non_null(strstr(out.data, "203.0.113.7"));
	sb_free(&out);
	close_session(s);
}

static void dns_answers_a_service_by_short_name_namespace_and_full_name(void **state)
{
	struct session *s = open_text(RS("a", "a", "1") SVC("svc-a", "a", ""));
	const char *names[] = { "svc-a", "svc-a.default", "svc-a.default.svc",
				"svc-a.default.svc.cluster.local",
				"svc-a.default.svc.cluster.local." };
	uint32_t ip = ((const struct service *)get(s, KIND_SVC, "svc-a"))->cluster_ip;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct dns_answer a;
		engine_dns_lookup(s->c, s->c->s.default_ns, names[i], &a);
		assert_int_equal(a.rcode, DNS_NOERROR);
		assert_string_equal(a.name, "svc-a.default.svc.cluster.local");
		assert_int_equal(a.naddrs, 1);
		assert_int_equal(a.addrs[0], ip);
		engine_dns_answer_free(&a);
	}
	close_session(s);
}

static void dns_answers_a_headless_service_with_its_ready_pods(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	struct dns_answer a;

	(void)state;
	run_to(s, 1 * MIN);
	engine_dns_lookup(s->c, s->c->s.default_ns, "nginx", &a);
	assert_int_equal(a.naddrs, 3);
	engine_dns_answer_free(&a);
	engine_dns_lookup(s->c, s->c->s.default_ns, "web-1.nginx", &a);
	assert_int_equal(a.rcode, DNS_NOERROR);
	assert_string_equal(a.name, "web-1.nginx.default.svc.cluster.local");
	assert_int_equal(a.naddrs, 1);
	assert_int_equal(a.addrs[0], pod_ip(s, "web-1"));
	engine_dns_answer_free(&a);
	close_session(s);
}

static void dns_has_no_record_for_a_pod_that_is_not_ready_yet(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	struct dns_answer a;

	(void)state;
	engine_dns_lookup(s->c, s->c->s.default_ns, "web-0.nginx", &a);
	assert_int_equal(a.rcode, DNS_NXDOMAIN);
	engine_dns_answer_free(&a);
	close_session(s);
}

static void dns_answers_nxdomain_for_an_unknown_name(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct dns_answer a;

	(void)state;
	engine_dns_lookup(s->c, s->c->s.default_ns, "x", &a);
	assert_int_equal(a.rcode, DNS_NXDOMAIN);
	/* The last name tried: the search path first, then the name as written. */
	assert_string_equal(a.name, "x");
	engine_dns_answer_free(&a);
	close_session(s);
}

static void dns_follows_the_search_path_of_the_pods_namespace(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct dns_answer a;

	(void)state;
	engine_dns_lookup(s->c, s->c->s.kube_system, "kube-dns", &a);
	assert_int_equal(a.addrs[0], (10u << 24) | (96u << 16) | 10u);
	engine_dns_answer_free(&a);
	engine_dns_lookup(s->c, s->c->s.default_ns, "kube-dns", &a);
	assert_int_equal(a.rcode, DNS_NXDOMAIN);
	engine_dns_answer_free(&a);
	close_session(s);
}

static void run_rm_nslookup_prints_the_answer_and_leaves_no_pod(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	struct strbuf out, want;
	char ip[20];

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	sb_init(&want);
	assert_int_equal(
	    kubectl(s, "run net --image=sysnet4admin/net-tools --restart Never --rm -it -- nslookup web-1.nginx",
		    &out),
	    0);
	sb_printf(&want,
		  "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
		  "Name:\tweb-1.nginx.default.svc.cluster.local\nAddress: %s\n\npod \"net\" deleted\n",
		  ip_text(pod_ip(s, "web-1"), ip));
	assert_string_equal(out.data, want.data);
	assert_null(pod(s, "net"));
	sb_free(&out);
	sb_free(&want);
	close_session(s);
}

static void run_rm_nslookup_of_an_unknown_name_exits_1_with_the_terminated_line(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(
	    kubectl(s, "run net --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 --restart=Never --rm -it -- nslookup x",
		    &out),
	    1);
	assert_string_equal(out.data, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
				      "** server can't find x: NXDOMAIN\n\n"
				      "pod \"net\" deleted\npod default/net terminated (Error)\n");
	sb_free(&out);
	close_session(s);
}

static void run_without_a_command_creates_a_bare_pod(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "run web --image=nginx", &out), 0);
	assert_string_equal(out.data, "pod/web created\n");
	assert_int_equal(pod(s, "web")->meta.owner_kind, KIND_NONE);
	assert_int_equal(
	    labels_value(s->c->labels, pod(s, "web")->meta.labels, cluster_intern(s->c, "run")),
	    cluster_intern(s->c, "web"));
	sb_reset(&out);
	assert_int_equal(kubectl(s, "run web --image=nginx", &out), 1);
	assert_string_equal(out.data,
			    "Error from server (AlreadyExists): pods \"web\" already exists\n");
	sb_reset(&out);
	assert_int_equal(kubectl(s, "run other --image=nginx --rm", &out), 1);
	assert_string_equal(out.data, "error: --rm should only be used for attached containers\n");
	sb_free(&out);
	close_session(s);
}

static void a_detached_nslookup_pod_logs_its_answer_and_completes(void **state)
{
	struct session *s = open_text(RS("a", "a", "1") SVC("svc-a", "a", ""));
	struct strbuf out;

	(void)state;
	kubectl(s, "run net --image=busybox:1.28 --restart=Never -- nslookup svc-a", NULL);
	run_to(s, 1 * MIN);
	assert_int_equal(pod(s, "net")->phase, PHASE_SUCCEEDED);
	sb_init(&out);
	kubectl(s, "logs net", &out);
	assert_non_null(strstr(out.data, "\nName:      svc-a\nAddress 1: "));
	assert_non_null(strstr(out.data, " svc-a.default.svc.cluster.local\n"));
	sb_free(&out);
	close_session(s);
}

static void the_image_decides_which_nslookup_runs(void **state)
{
	(void)state;
	assert_int_equal(engine_nslookup_flavor("busybox"), NSLOOKUP_BUSYBOX);
	assert_int_equal(engine_nslookup_flavor("docker.io/library/busybox:1.36"), NSLOOKUP_BUSYBOX);
	assert_int_equal(engine_nslookup_flavor("busybox:1.28"), NSLOOKUP_BUSYBOX_OLD);
	assert_int_equal(engine_nslookup_flavor("busybox:1.27.2-glibc"), NSLOOKUP_BUSYBOX_OLD);
	assert_int_equal(engine_nslookup_flavor("sysnet4admin/net-tools"), NSLOOKUP_BIND);
	assert_int_equal(engine_nslookup_flavor("nicolaka/netshoot"), NSLOOKUP_BIND);
}

static void busybox_uses_the_search_path_only_for_names_without_a_dot(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	struct strbuf out;

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	/* web-1.nginx has a dot: busybox asks for it as written (A and AAAA), and the upstream has no such name. */
	assert_int_equal(
	    engine_nslookup(s->c, s->c->s.default_ns, "web-1.nginx", NSLOOKUP_BUSYBOX, &out), 1);
	assert_string_equal(out.data, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
				      "** server can't find web-1.nginx: NXDOMAIN\n\n"
				      "** server can't find web-1.nginx: NXDOMAIN\n\n");
	sb_reset(&out);
	/* Without a dot, one query per search domain and type; the others' NXDOMAIN makes it exit 1. */
	assert_int_equal(engine_nslookup(s->c, s->c->s.default_ns, "nginx", NSLOOKUP_BUSYBOX, &out),
			 1);
	assert_non_null(
	    strstr(out.data,
		   "Address:\t10.96.0.10:53\n\nName:\tnginx.default.svc.cluster.local\nAddress: "));
	assert_non_null(strstr(out.data,
			       "\n\n** server can't find nginx.svc.cluster.local: NXDOMAIN\n\n"
			       "** server can't find nginx.cluster.local: NXDOMAIN\n\n\n"));
	sb_free(&out);
	close_session(s);
}

static void old_busybox_prints_numbered_addresses_with_their_reverse_names(void **state)
{
	struct session *s = open_text(SVC("nginx", "nginx", "  clusterIP: None\n") WEB_STS);
	struct strbuf out, want;
	char ip[20];

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	sb_init(&want);
	assert_int_equal(
	    engine_nslookup(s->c, s->c->s.default_ns, "web-1.nginx", NSLOOKUP_BUSYBOX_OLD, &out), 0);
	sb_printf(&want,
		  "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
		  "Name:      web-1.nginx\nAddress 1: %s web-1.nginx.default.svc.cluster.local\n",
		  ip_text(pod_ip(s, "web-1"), ip));
	assert_string_equal(out.data, want.data);
	sb_reset(&out);
	assert_int_equal(
	    engine_nslookup(s->c, s->c->s.default_ns, "web-9.nginx", NSLOOKUP_BUSYBOX_OLD, &out), 1);
	assert_non_null(strstr(out.data, "\n\nnslookup: can't resolve 'web-9.nginx'\n"));
	sb_free(&out);
	sb_free(&want);
	close_session(s);
}

static void an_address_is_looked_up_in_reverse(void **state)
{
	struct session *s = open_text(RS("a", "a", "1"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(engine_nslookup(s->c, s->c->s.default_ns, "10.96.0.1", NSLOOKUP_BIND, &out),
			 0);
	assert_string_equal(
	    out.data, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
		      "1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local.\n\n");
	sb_free(&out);
	close_session(s);
}

static void a_named_target_port_is_the_pods_container_port_of_that_name(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: a}\n"
	    "spec:\n  replicas: 1\n  selector: {matchLabels: {app: a}}\n"
	    "  template:\n    metadata: {labels: {app: a}}\n"
	    "    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}\n---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: named}\n"
	    "spec:\n  selector: {app: a}\n  ports: [{port: 80, targetPort: http}]\n---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: missing}\n"
	    "spec:\n  selector: {app: a}\n  ports: [{port: 80, targetPort: metrics}]\n");
	struct strbuf out, want;
	char ip[20];

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	sb_init(&want);
	kubectl(s, "get ep named missing", &out);
	sb_printf(
	    &want,
	    "NAME      ENDPOINTS         AGE\nnamed     %s:8080   60s\nmissing   <none>            60s\n",
	    ip_text(rs_pod(s, "a", 0)->ip, ip));
	assert_string_equal(out.data, want.data);
	sb_free(&out);
	sb_free(&want);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_lab_has_the_kubernetes_and_kube_dns_services),
		cmocka_unit_test(endpoints_list_the_ready_pods_of_the_selector_sorted_by_ip),
		cmocka_unit_test(a_pod_that_is_not_ready_is_listed_as_not_ready),
		cmocka_unit_test(endpoints_follow_a_pod_relabelled_away),
		cmocka_unit_test(deleting_a_service_deletes_its_endpoints),
		cmocka_unit_test(a_headless_service_lists_the_hostnames_of_its_statefulset_pods),
		cmocka_unit_test(node_port_and_load_balancer_services_get_node_ports_and_a_pending_ip),
		cmocka_unit_test(dns_answers_a_service_by_short_name_namespace_and_full_name),
		cmocka_unit_test(dns_answers_a_headless_service_with_its_ready_pods),
		cmocka_unit_test(dns_has_no_record_for_a_pod_that_is_not_ready_yet),
		cmocka_unit_test(dns_answers_nxdomain_for_an_unknown_name),
		cmocka_unit_test(dns_follows_the_search_path_of_the_pods_namespace),
		cmocka_unit_test(run_rm_nslookup_prints_the_answer_and_leaves_no_pod),
		cmocka_unit_test(run_rm_nslookup_of_an_unknown_name_exits_1_with_the_terminated_line),
		cmocka_unit_test(run_without_a_command_creates_a_bare_pod),
		cmocka_unit_test(a_detached_nslookup_pod_logs_its_answer_and_completes),
		cmocka_unit_test(the_image_decides_which_nslookup_runs),
		cmocka_unit_test(busybox_uses_the_search_path_only_for_names_without_a_dot),
		cmocka_unit_test(old_busybox_prints_numbered_addresses_with_their_reverse_names),
		cmocka_unit_test(an_address_is_looked_up_in_reverse),
		cmocka_unit_test(a_named_target_port_is_the_pods_container_port_of_that_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
