/*
 * libFuzzer target for the PE loader: whatever pe_parse accepts, pe_load must handle; and
 * whatever pe_check_in_place accepts, pe_load_in_place must turn into exactly what pe_load
 * makes at the same address (a difference aborts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

#define MAX_IMAGE (64u << 20) /* keeps each run fast; pe_load zeroes the whole image */
#define PAGE 4096u

static void check_in_place(const uint8_t *data, size_t size, const struct pe_info *info)
{
	size_t room_size = ((info->image_size > size ? info->image_size : size) + PAGE - 1) & ~(size_t)(PAGE - 1);
	uint8_t *room = aligned_alloc(PAGE, room_size), *in_place = malloc(info->image_size + 1);
	const char *err_in_place, *err_copy;

	if (!room || !in_place)
		abort();
	memset(room, 0xa5, room_size);
	memcpy(room, data, size);
	err_in_place = pe_load_in_place(room, size, info);
	memcpy(in_place, room, info->image_size);
	err_copy = pe_load(data, size, info, room);
	if (!err_in_place != !err_copy || (!err_copy && memcmp(in_place, room, info->image_size)))
		abort();
	free(in_place);
	free(room);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_info info;
	void *image;

	if (pe_parse(data, size, &info) || info.image_size > MAX_IMAGE)
		return 0;
	/* Page alignment is what the firmware gives at least; pe_load itself needs none. */
	image = aligned_alloc(PAGE, (info.image_size + PAGE - 1) & ~(size_t)(PAGE - 1));
	if (!image)
		abort();
	pe_load(data, size, &info, image);
	free(image);
	if (!pe_check_in_place(data, size))
		check_in_place(data, size, &info);
	return 0;
}
