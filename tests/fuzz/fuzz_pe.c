/* libFuzzer target for the PE loader: whatever pe_parse accepts, pe_load must handle. */
#include <stdint.h>
#include <stdlib.h>

#include "pe/pe.h"

#define MAX_IMAGE (64u << 20) /* keeps each run fast; pe_load zeroes the whole image */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_info info;
	void *image;

	if (pe_parse(data, size, &info) || info.image_size > MAX_IMAGE)
		return 0;
	/* Page alignment is what the firmware gives at least; pe_load itself needs none. */
	image = aligned_alloc(4096, (info.image_size + 4095) & ~4095ull);
	if (!image)
		abort();
	pe_load(data, size, &info, image);
	free(image);
	return 0;
}
