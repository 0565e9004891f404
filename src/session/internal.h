/* Shared between the files of the session module only. */
#ifndef KSIM_SESSION_INTERNAL_H
#define KSIM_SESSION_INTERNAL_H

/* The lab cluster's manifests (nodes first). */
extern const char session_lab_yaml[];

#endif
