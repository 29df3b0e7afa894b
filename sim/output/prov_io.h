/* prov_io.h — writing the /provenance group of a results file (internal: lm__). */
#ifndef LASTMILE_OUTPUT_PROV_IO_H
#define LASTMILE_OUTPUT_PROV_IO_H

#include "lastmile/provenance.h"
#include "output/h5util.h"

/* Writes the group /provenance into `file`: the build facts always, the record of the run
 * when `p` is not NULL. Returns 0 or LM_EIO (with a message in h's diag). */
int lm__provenance_write(lm__h5 *h, hid_t file, const lm_provenance *p);

#endif
