/* Device path walking. Pure: host-tested. A node shorter than its own header is malformed. */
#include <efi.h>

#include "services/protocol.h"

UINTN devpath_node_len(const EFI_DEVICE_PATH *node)
{
	return node->Length[0] | (UINTN)node->Length[1] << 8;
}

BOOLEAN devpath_is_end(const EFI_DEVICE_PATH *node)
{
	return (node->Type & EFI_DP_TYPE_MASK) == END_DEVICE_PATH_TYPE &&
	       node->SubType == END_ENTIRE_DEVICE_PATH_SUBTYPE;
}

/* Walks to the first end node (of an instance when instance_end), or NULL if malformed. */
static const EFI_DEVICE_PATH *find_end(const EFI_DEVICE_PATH *dp, BOOLEAN instance_end)
{
	for (;;) {
		if (devpath_node_len(dp) < sizeof(*dp))
			return NULL;
		if (devpath_is_end(dp) ||
		    (instance_end && (dp->Type & EFI_DP_TYPE_MASK) == END_DEVICE_PATH_TYPE))
			return dp;
		dp = (const EFI_DEVICE_PATH *)((const UINT8 *)dp + devpath_node_len(dp));
	}
}

UINTN devpath_size(const EFI_DEVICE_PATH *dp)
{
	const EFI_DEVICE_PATH *end = find_end(dp, FALSE);

	return end ? (UINTN)((const UINT8 *)end - (const UINT8 *)dp) + devpath_node_len(end) : 0;
}

INTN devpath_instance_len(const EFI_DEVICE_PATH *dp)
{
	const EFI_DEVICE_PATH *end = find_end(dp, TRUE);

	return end ? (INTN)((const UINT8 *)end - (const UINT8 *)dp) : -1;
}
