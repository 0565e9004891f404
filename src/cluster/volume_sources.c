/* The volume sources Kubernetes knows, by field name, for the decoders and kubectl describe. */
#include "ksim/cluster.h"

#include <assert.h>
#include <string.h>

/* The Type: wording is describe.go's (describeVolumes and its print*VolumeSource). */
const struct volume_source_type volume_source_types[] = {
	{ "emptyDir", VOLUME_EMPTY_DIR, true, false,
	  "EmptyDir (a temporary directory that shares a pod's lifetime)" },
	{ "hostPath", VOLUME_HOST_PATH, true, true, "HostPath (bare host directory volume)" },
	{ "gitRepo", VOLUME_OTHER, true, false,
	  "GitRepo (a volume that is pulled from git when the pod is created)" },
	{ "gcePersistentDisk", VOLUME_OTHER, true, true,
	  "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)" },
	{ "awsElasticBlockStore", VOLUME_OTHER, true, true,
	  "AWSElasticBlockStore (a Persistent Disk resource in AWS)" },
	{ "secret", VOLUME_SECRET, true, false, "Secret (a volume populated by a Secret)" },
	{ "nfs", VOLUME_NFS, true, true, "NFS (an NFS mount that lasts the lifetime of a pod)" },
	{ "iscsi", VOLUME_OTHER, true, true,
	  "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then "
	  "exposed to the pod)" },
	{ "glusterfs", VOLUME_OTHER, true, true,
	  "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)" },
	{ "flocker", VOLUME_OTHER, true, true,
	  "Flocker (a Flocker volume mounted by the Flocker agent)" },
	{ "persistentVolumeClaim", VOLUME_PVC, true, false,
	  "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)" },
	{ "rbd", VOLUME_OTHER, true, true,
	  "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)" },
	{ "cinder", VOLUME_OTHER, true, true, "Cinder (a Persistent Disk resource in OpenStack)" },
	{ "cephfs", VOLUME_OTHER, true, true,
	  "CephFS (a CephFS mount on the host that shares a pod's lifetime)" },
	{ "quobyte", VOLUME_OTHER, true, true,
	  "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)" },
	{ "downwardAPI", VOLUME_OTHER, true, false,
	  "DownwardAPI (a volume populated by information about the pod)" },
	{ "fc", VOLUME_OTHER, true, true, "FC (a Fibre Channel disk)" },
	{ "flexVolume", VOLUME_OTHER, true, true,
	  "FlexVolume (a generic volume resource that is provisioned/attached using an exec "
	  "based plugin)" },
	{ "configMap", VOLUME_CONFIG_MAP, true, false,
	  "ConfigMap (a volume populated by a ConfigMap)" },
	{ "azureFile", VOLUME_OTHER, true, true,
	  "AzureFile (an Azure File Service mount on the host and bind mount to the pod)" },
	{ "vsphereVolume", VOLUME_OTHER, true, true,
	  "vSphereVolume (a Persistent Disk resource in vSphere)" },
	{ "photonPersistentDisk", VOLUME_OTHER, true, true,
	  "PhotonPersistentDisk (a Persistent Disk resource in photon platform)" },
	{ "portworxVolume", VOLUME_OTHER, true, true, "PortworxVolume (a Portworx Volume resource)" },
	{ "azureDisk", VOLUME_OTHER, true, true,
	  "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)" },
	{ "storageos", VOLUME_OTHER, true, true, "StorageOS (a StorageOS Persistent Disk resource)" },
	{ "projected", VOLUME_OTHER, true, false,
	  "Projected (a volume that contains injected data from multiple sources)" },
	{ "scaleIO", VOLUME_OTHER, true, true,
	  "ScaleIO (a persistent volume backed by a block device in ScaleIO)" },
	{ "csi", VOLUME_OTHER, true, true, "CSI (a Container Storage Interface (CSI) volume source)" },
	{ "ephemeral", VOLUME_OTHER, true, false,
	  "EphemeralVolume (an inline specification for a volume that gets created and deleted "
	  "with the pod)" },
	{ "image", VOLUME_OTHER, true, false, "Image (a container image or OCI artifact)" },
	{ "local", VOLUME_OTHER, false, true, NULL },
	{ NULL, 0, false, false, NULL },
};

const struct volume_source_type *volume_source_type(const struct cluster *c, const struct volume *v)
{
	for (const struct volume_source_type *t = volume_source_types; t->name; t++)
		if (t->in_pod && t->kind == v->source &&
		    (v->source != VOLUME_OTHER || strcmp(t->name, cluster_str(c, v->other)) == 0))
			return t;
	assert(!"a pod volume's source is one of the table's");
	return NULL;
}
