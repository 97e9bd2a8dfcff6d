/* Names of EFI status codes, for messages. */
#include "lib/status.h"

const char *status_name(EFI_STATUS st)
{
	switch (st) {
	case EFI_SUCCESS: return "EFI_SUCCESS";
	case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
	case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
	case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
	case EFI_BAD_BUFFER_SIZE: return "EFI_BAD_BUFFER_SIZE";
	case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
	case EFI_NOT_READY: return "EFI_NOT_READY";
	case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
	case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
	case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
	case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
	case EFI_TIMEOUT: return "EFI_TIMEOUT";
	case EFI_ABORTED: return "EFI_ABORTED";
	case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
	default: return (st & EFI_ERROR_MASK) ? "an EFI error" : "a warning";
	}
}
