/*
 * The payload's way into the boot services: the table it is given has an entry here for each
 * service, which first lets due timers fire — the firmware polls, there is no timer interrupt,
 * and a program may spin on any service — then calls the real one. With pvhefi.trace on the
 * command line each entry also logs the call, with the gist of its arguments, and its status
 * on the debug port 0xE9. The firmware's own calls do not go through here. Runtime services
 * trace themselves (runtime/trace.c).
 */
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/status.h"
#include "lib/uefi.h"
#include "runtime/runtime.h"
#include "services/protocol_db.h"
#include "services/systab.h"
#include "services/entry.h"
#include "services/events.h"

static EFI_BOOT_SERVICES real, entries;
static bool tracing;

static const struct {
	EFI_GUID guid;
	const char *name;
} known[] = {
	{ LOADED_IMAGE_PROTOCOL, "LoadedImage" },
	{ EFI_LOADED_IMAGE_DEVICE_PATH_PROTOCOL_GUID, "LoadedImageDevicePath" },
	{ EFI_DEVICE_PATH_PROTOCOL_GUID, "DevicePath" },
	{ EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL_GUID, "DevicePathFromText" },
	{ EFI_LOAD_FILE_PROTOCOL_GUID, "LoadFile" },
	{ EFI_LOAD_FILE2_PROTOCOL_GUID, "LoadFile2" },
	{ SIMPLE_FILE_SYSTEM_PROTOCOL, "SimpleFileSystem" },
	{ EFI_SIMPLE_TEXT_INPUT_PROTOCOL_GUID, "SimpleTextInput" },
	{ EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID, "SimpleTextOutput" },
	{ EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID, "GraphicsOutput" },
	{ EFI_PCI_IO_PROTOCOL_GUID, "PciIo" },
	{ EFI_RNG_PROTOCOL_GUID, "Rng" },
	{ EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID, "MemoryAttribute" },
	{ ACPI_TABLE_GUID, "Acpi10Table" },
	{ ACPI_20_TABLE_GUID, "Acpi20Table" },
	{ SMBIOS_TABLE_GUID, "SmbiosTable" },
	{ SMBIOS3_TABLE_GUID, "Smbios3Table" },
	{ EFI_RT_PROPERTIES_TABLE_GUID, "RtPropertiesTable" },
	{ EFI_MEMORY_ATTRIBUTES_TABLE_GUID, "MemoryAttributesTable" },
	{ LINUX_EFI_INITRD_MEDIA_GUID, "LinuxInitrdMedia" },
	{ EFI_EVENT_GROUP_EXIT_BOOT_SERVICES, "ExitBootServicesGroup" },
	{ EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES, "BeforeExitBootServicesGroup" },
	{ EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE, "VirtualAddressChangeGroup" },
};

/* A GUID by name when it is a well-known one, else in the registry format; buf holds 40. */
static const char *guid_name(const EFI_GUID *g, char *buf)
{
	if (!g)
		return "NULL";
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (pdb_guid_eq(&known[i].guid, g))
			return known[i].name;
	snprintf(buf, 40, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g->Data1, g->Data2,
		 g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
		 g->Data4[5], g->Data4[6], g->Data4[7]);
	return buf;
}

static EFI_STATUS leave(const char *name, EFI_STATUS st)
{
	if (tracing)
		debug_printf("pvhefi: trace: %s = %s\n", name, status_name(st));
	return st;
}

/* What every entry does first. */
static void enter(void)
{
	events_poll();
}

/* A service whose arguments are plain numbers and pointers: its gist is printf's. */
#define TRACE(name, params, args, fmt, ...)                                           \
	static EFI_STATUS EFIAPI entry_##name params                                  \
	{                                                                              \
		enter();                                                               \
		if (tracing)                                                           \
			debug_printf("pvhefi: trace: " #name "(" fmt ")\n", __VA_ARGS__); \
		return leave(#name, real.name args);                                   \
	}
/* One whose first GUID argument is named. */
#define TRACE_GUID(name, params, args, guid, fmt, ...)                                     \
	static EFI_STATUS EFIAPI entry_##name params                                       \
	{                                                                                   \
		char buf[40];                                                               \
		enter();                                                                    \
		if (tracing)                                                                \
			debug_printf("pvhefi: trace: " #name "(%s" fmt ")\n",             \
				     guid_name(guid, buf), __VA_ARGS__);                    \
		return leave(#name, real.name args);                                        \
	}

TRACE(AllocatePages, (EFI_ALLOCATE_TYPE t, EFI_MEMORY_TYPE m, UINTN n, EFI_PHYSICAL_ADDRESS *a),
      (t, m, n, a), "type %u, memory %u, %lu pages, 0x%lx", t, m, n, a ? *a : 0)
TRACE(FreePages, (EFI_PHYSICAL_ADDRESS a, UINTN n), (a, n), "0x%lx, %lu pages", a, n)
TRACE(GetMemoryMap, (UINTN *size, EFI_MEMORY_DESCRIPTOR *map, UINTN *key, UINTN *dsize, UINT32 *v),
      (size, map, key, dsize, v), "%lu bytes", size ? *size : 0)
TRACE(AllocatePool, (EFI_MEMORY_TYPE m, UINTN n, VOID **p), (m, n, p), "memory %u, %lu bytes", m, n)
TRACE(FreePool, (VOID *p), (p), "%p", p)
TRACE(CreateEvent, (UINT32 t, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, VOID *ctx, EFI_EVENT *e),
      (t, tpl, fn, ctx, e), "type 0x%x, TPL %lu", t, tpl)
TRACE(SetTimer, (EFI_EVENT e, EFI_TIMER_DELAY t, UINT64 time), (e, t, time), "%p, %u, %lu", e, t, time)
TRACE(WaitForEvent, (UINTN n, EFI_EVENT *e, UINTN *i), (n, e, i), "%lu events", n)
TRACE(SignalEvent, (EFI_EVENT e), (e), "%p", e)
TRACE(CloseEvent, (EFI_EVENT e), (e), "%p", e)
TRACE(CheckEvent, (EFI_EVENT e), (e), "%p", e)
TRACE_GUID(InstallProtocolInterface, (EFI_HANDLE *h, EFI_GUID *g, EFI_INTERFACE_TYPE t, VOID *i),
	   (h, g, t, i), g, ", %p", i)
TRACE_GUID(ReinstallProtocolInterface, (EFI_HANDLE h, EFI_GUID *g, VOID *o, VOID *n),
	   (h, g, o, n), g, ", %p", h)
TRACE_GUID(UninstallProtocolInterface, (EFI_HANDLE h, EFI_GUID *g, VOID *i), (h, g, i), g, ", %p", h)
TRACE_GUID(HandleProtocol, (EFI_HANDLE h, EFI_GUID *g, VOID **i), (h, g, i), g, ", %p", h)
TRACE_GUID(RegisterProtocolNotify, (EFI_GUID *g, EFI_EVENT e, VOID **k), (g, e, k), g, ", %p", e)
TRACE_GUID(LocateHandle, (EFI_LOCATE_SEARCH_TYPE t, EFI_GUID *g, VOID *k, UINTN *n, EFI_HANDLE *b),
	   (t, g, k, n, b), g, ", search %u", t)
TRACE_GUID(LocateDevicePath, (EFI_GUID *g, EFI_DEVICE_PATH **p, EFI_HANDLE *h), (g, p, h), g, ", %p",
	   p ? (void *)*p : NULL)
TRACE_GUID(InstallConfigurationTable, (EFI_GUID *g, VOID *t), (g, t), g, ", %p", t)
TRACE(LoadImage, (BOOLEAN b, EFI_HANDLE parent, EFI_DEVICE_PATH *p, VOID *buf, UINTN n, EFI_HANDLE *h),
      (b, parent, p, buf, n, h), "parent %p, %p, %lu bytes", parent, buf, n)
TRACE(StartImage, (EFI_HANDLE h, UINTN *n, CHAR16 **d), (h, n, d), "%p", h)
TRACE(Exit, (EFI_HANDLE h, EFI_STATUS st, UINTN n, CHAR16 *d), (h, st, n, d), "%p, %s", h,
      status_name(st))
TRACE(UnloadImage, (EFI_HANDLE h), (h), "%p", h)
TRACE(ExitBootServices, (EFI_HANDLE h, UINTN key), (h, key), "%p, key %lu", h, key)
TRACE(GetNextMonotonicCount, (UINT64 *c), (c), "%p", c)
TRACE(Stall, (UINTN us), (us), "%lu us", us)
TRACE(SetWatchdogTimer, (UINTN s, UINT64 code, UINTN n, CHAR16 *d), (s, code, n, d), "%lu s, code 0x%lx",
      s, code)
TRACE(ConnectController, (EFI_HANDLE c, EFI_HANDLE *d, EFI_DEVICE_PATH *p, BOOLEAN r), (c, d, p, r), "%p",
      c)
TRACE(DisconnectController, (EFI_HANDLE c, EFI_HANDLE d, EFI_HANDLE ch), (c, d, ch), "%p", c)
TRACE_GUID(OpenProtocol, (EFI_HANDLE h, EFI_GUID *g, VOID **i, EFI_HANDLE a, EFI_HANDLE c, UINT32 at),
	   (h, g, i, a, c, at), g, ", %p, attributes 0x%x", h, at)
TRACE_GUID(CloseProtocol, (EFI_HANDLE h, EFI_GUID *g, EFI_HANDLE a, EFI_HANDLE c), (h, g, a, c), g,
	   ", %p", h)
TRACE_GUID(OpenProtocolInformation,
	   (EFI_HANDLE h, EFI_GUID *g, EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **e, UINTN *n), (h, g, e, n), g,
	   ", %p", h)
TRACE(ProtocolsPerHandle, (EFI_HANDLE h, EFI_GUID ***g, UINTN *n), (h, g, n), "%p", h)
TRACE_GUID(LocateHandleBuffer, (EFI_LOCATE_SEARCH_TYPE t, EFI_GUID *g, VOID *k, UINTN *n, EFI_HANDLE **b),
	   (t, g, k, n, b), g, ", search %u", t)
TRACE_GUID(LocateProtocol, (EFI_GUID *g, VOID *k, VOID **i), (g, k, i), g, "%s", "")
TRACE(CalculateCrc32, (VOID *p, UINTN n, UINT32 *c), (p, n, c), "%p, %lu bytes", p, n)
TRACE(CreateEventEx, (UINT32 t, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, const VOID *ctx, const EFI_GUID *g,
		      EFI_EVENT *e),
      (t, tpl, fn, ctx, g, e), "type 0x%x, TPL %lu, group %s", t, tpl, g ? "given" : "none")

/* The services that return no status. */
static EFI_TPL EFIAPI entry_RaiseTPL(EFI_TPL tpl)
{
	enter();
	if (tracing)
		debug_printf("pvhefi: trace: RaiseTPL(%lu)\n", tpl);
	return real.RaiseTPL(tpl);
}

/* RestoreTPL polls itself, once the TPL is down. */
static VOID EFIAPI entry_RestoreTPL(EFI_TPL tpl)
{
	if (tracing)
		debug_printf("pvhefi: trace: RestoreTPL(%lu)\n", tpl);
	real.RestoreTPL(tpl);
}

static VOID EFIAPI entry_CopyMem(VOID *d, VOID *s, UINTN n)
{
	enter();
	if (tracing)
		debug_printf("pvhefi: trace: CopyMem(%p, %p, %lu bytes)\n", d, s, n);
	real.CopyMem(d, s, n);
}

static VOID EFIAPI entry_SetMem(VOID *b, UINTN n, UINT8 v)
{
	enter();
	if (tracing)
		debug_printf("pvhefi: trace: SetMem(%p, %lu bytes, 0x%x)\n", b, n, v);
	real.SetMem(b, n, v);
}

/* Variadic: the (GUID, interface) pairs are passed on as they are. */
static EFI_STATUS EFIAPI entry_InstallMultipleProtocolInterfaces(EFI_HANDLE *h, ...)
{
	__builtin_ms_va_list pairs;
	EFI_STATUS st;

	enter();
	if (tracing)
		debug_printf("pvhefi: trace: InstallMultipleProtocolInterfaces(%p)\n", h ? *h : NULL);
	__builtin_ms_va_start(pairs, h);
	st = proto_install_multiple(h, pairs);
	__builtin_ms_va_end(pairs);
	return leave("InstallMultipleProtocolInterfaces", st);
}

static EFI_STATUS EFIAPI entry_UninstallMultipleProtocolInterfaces(EFI_HANDLE h, ...)
{
	__builtin_ms_va_list pairs;
	EFI_STATUS st;

	enter();
	if (tracing)
		debug_printf("pvhefi: trace: UninstallMultipleProtocolInterfaces(%p)\n", h);
	__builtin_ms_va_start(pairs, h);
	st = proto_uninstall_multiple(h, pairs);
	__builtin_ms_va_end(pairs);
	return leave("UninstallMultipleProtocolInterfaces", st);
}

#define ENTRY(name) entries.name = entry_##name;

void entries_install(void)
{
	real = *gBS;
	entries = real;
	BOOT_SERVICES(ENTRY)
	table_update_crc(&entries.Hdr);
	gST->BootServices = &entries;
	table_update_crc(&gST->Hdr);
}

void trace_enable(void)
{
	tracing = true;
	runtime_trace(true);
	debug_printf("pvhefi: trace: on (boot and runtime services, on this port)\n");
}

bool trace_enabled(void)
{
	return tracing;
}
