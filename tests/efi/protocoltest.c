/*
 * protocoltest: the handle database. Install/Reinstall/Uninstall, HandleProtocol,
 * LocateProtocol/LocateHandle(Buffer), ProtocolsPerHandle, OpenProtocol and its information,
 * the multiple-interface calls with their rollback, RegisterProtocolNotify, LocateDevicePath,
 * the program's own LoadedImage, and that there is no GOP (no display).
 * Every protocol here uses a made-up GUID, so nothing the firmware has can answer for it.
 */
#include "check.h"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

static EFI_GUID guid_a = { 0x2f6c1d8e, 0x1a2b, 0x4c3d, { 0x9e, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01 } };
static EFI_GUID guid_b = { 0x2f6c1d8e, 0x1a2b, 0x4c3d, { 0x9e, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02 } };
static EFI_GUID guid_c = { 0x2f6c1d8e, 0x1a2b, 0x4c3d, { 0x9e, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x03 } };
static EFI_GUID guid_never = { 0x2f6c1d8e, 0x1a2b, 0x4c3d, { 0x9e, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0xff } };
static EFI_GUID guid_vendor = { 0x6d3b2a19, 0x7c8d, 0x4e5f, { 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18 } };

/* Interfaces are only compared by address. */
static UINT64 iface_a = 0xa, iface_a2 = 0xa2, iface_b = 0xb, iface_c = 0xc, iface_wrong = 0xee;

/* A vendor hardware node, then a second vendor node or the end. */
struct vendor_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
};

struct vendor_path2 {
	VENDOR_DEVICE_PATH vendor, more;
	EFI_DEVICE_PATH end;
};

/* Nodes follow each other without padding. */
_Static_assert(sizeof(struct vendor_path) == 24 && sizeof(struct vendor_path2) == 44,
	       "device path nodes are packed");

static void set_node(EFI_DEVICE_PATH *n, UINT8 type, UINT8 sub, UINT16 len)
{
	n->Type = type;
	n->SubType = sub;
	n->Length[0] = (UINT8)len;
	n->Length[1] = (UINT8)(len >> 8);
}

static void make_vendor(VENDOR_DEVICE_PATH *v, UINT8 last)
{
	set_node(&v->Header, HARDWARE_DEVICE_PATH, HW_VENDOR_DP, sizeof(*v));
	v->Guid = guid_vendor;
	v->Guid.Data4[7] = last;
}

static BOOLEAN has_handle(EFI_HANDLE *hs, UINTN n, EFI_HANDLE h)
{
	for (UINTN i = 0; i < n; i++)
		if (hs[i] == h)
			return TRUE;
	return FALSE;
}

static BOOLEAN has_guid(EFI_GUID **gs, UINTN n, EFI_GUID *g)
{
	for (UINTN i = 0; i < n; i++)
		if (!CompareGuid(gs[i], g))
			return TRUE;
	return FALSE;
}

/* ---- install, look up, locate -------------------------------------------------------- */

static EFI_HANDLE h1, h2;

static void test_install(void)
{
	EFI_HANDLE h = NULL;
	void *p = NULL;

	CHECK_ST(BS->InstallProtocolInterface(&h1, &guid_a, EFI_NATIVE_INTERFACE, &iface_a),
		 EFI_SUCCESS, "install: InstallProtocolInterface on a new handle");
	CHECK(h1 != NULL, "install: a handle was created");
	CHECK(BS->HandleProtocol(h1, &guid_a, &p) == EFI_SUCCESS && p == &iface_a,
	      "install: HandleProtocol gives the interface");
	CHECK_ST(BS->HandleProtocol(h1, &guid_b, &p), EFI_UNSUPPORTED,
		 "install: HandleProtocol of an absent protocol gives EFI_UNSUPPORTED");
	CHECK_ST(BS->HandleProtocol(NULL, &guid_a, &p), EFI_INVALID_PARAMETER,
		 "install: HandleProtocol(NULL handle) gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->HandleProtocol(h1, NULL, &p), EFI_INVALID_PARAMETER,
		 "install: HandleProtocol(NULL GUID) gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->HandleProtocol(h1, &guid_a, NULL), EFI_INVALID_PARAMETER,
		 "install: HandleProtocol(NULL Interface) gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->InstallProtocolInterface(&h1, &guid_a, EFI_NATIVE_INTERFACE, &iface_a2),
		 EFI_INVALID_PARAMETER, "install: the same protocol twice gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->InstallProtocolInterface(&h, &guid_a, (EFI_INTERFACE_TYPE)1, &iface_a),
		 EFI_INVALID_PARAMETER, "install: a non-native interface type: EFI_INVALID_PARAMETER");
	CHECK_ST(BS->InstallProtocolInterface(NULL, &guid_a, EFI_NATIVE_INTERFACE, &iface_a),
		 EFI_INVALID_PARAMETER, "install: NULL Handle pointer gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->InstallProtocolInterface(&h, NULL, EFI_NATIVE_INTERFACE, &iface_a),
		 EFI_INVALID_PARAMETER, "install: NULL GUID gives EFI_INVALID_PARAMETER");
	CHECK(h == NULL, "install: failed calls create no handle");
	/* A NULL interface is allowed: the protocol is a tag. */
	CHECK_ST(BS->InstallProtocolInterface(&h1, &guid_c, EFI_NATIVE_INTERFACE, NULL),
		 EFI_SUCCESS, "install: a NULL interface (tag protocol)");
	p = &iface_wrong;
	CHECK(BS->HandleProtocol(h1, &guid_c, &p) == EFI_SUCCESS && p == NULL,
	      "install: HandleProtocol of the tag gives NULL");
	CHECK_ST(BS->UninstallProtocolInterface(h1, &guid_c, NULL), EFI_SUCCESS,
		 "install: uninstall the tag");
}

static void test_locate(void)
{
	EFI_HANDLE buf[4], *hs = NULL;
	UINTN size, n = 0;
	void *p;

	p = NULL;
	CHECK(BS->LocateProtocol(&guid_a, NULL, &p) == EFI_SUCCESS && p == &iface_a,
	      "locate: LocateProtocol finds the interface");
	p = &iface_wrong;
	CHECK_ST(BS->LocateProtocol(&guid_never, NULL, &p), EFI_NOT_FOUND,
		 "locate: LocateProtocol of an unknown GUID gives EFI_NOT_FOUND");
	CHECK(p == NULL, "locate: ... and sets Interface to NULL");
	CHECK_ST(BS->LocateProtocol(&guid_a, NULL, NULL), EFI_INVALID_PARAMETER,
		 "locate: LocateProtocol(NULL Interface) gives EFI_INVALID_PARAMETER");

	size = 0;
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_a, NULL, &size, NULL), EFI_BUFFER_TOO_SMALL,
		 "locate: LocateHandle with size 0 gives EFI_BUFFER_TOO_SMALL");
	CHECK_EQ(size, sizeof(EFI_HANDLE), "locate: ... and the size of one handle");
	size = sizeof(buf);
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_a, NULL, &size, buf), EFI_SUCCESS,
		 "locate: LocateHandle ByProtocol");
	CHECK(size == sizeof(EFI_HANDLE) && buf[0] == h1, "locate: ... gives the one handle");
	size = sizeof(buf);
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_never, NULL, &size, buf), EFI_NOT_FOUND,
		 "locate: LocateHandle of an unknown GUID gives EFI_NOT_FOUND");
	size = sizeof(buf);
	CHECK_ST(BS->LocateHandle(ByProtocol, NULL, NULL, &size, buf), EFI_INVALID_PARAMETER,
		 "locate: LocateHandle ByProtocol with NULL GUID gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_a, NULL, NULL, buf), EFI_INVALID_PARAMETER,
		 "locate: LocateHandle with NULL BufferSize gives EFI_INVALID_PARAMETER");

	CHECK_ST(BS->InstallProtocolInterface(&h2, &guid_a, EFI_NATIVE_INTERFACE, &iface_a2),
		 EFI_SUCCESS, "locate: install the protocol on a second handle");
	size = sizeof(EFI_HANDLE);
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_a, NULL, &size, buf), EFI_BUFFER_TOO_SMALL,
		 "locate: room for one handle of two gives EFI_BUFFER_TOO_SMALL");
	CHECK_EQ(size, 2 * sizeof(EFI_HANDLE), "locate: ... and the size of two");
	CHECK_ST(BS->LocateHandleBuffer(ByProtocol, &guid_a, NULL, &n, &hs), EFI_SUCCESS,
		 "locate: LocateHandleBuffer ByProtocol");
	CHECK(n == 2 && hs && has_handle(hs, n, h1) && has_handle(hs, n, h2),
	      "locate: ... gives both handles");
	if (hs)
		CHECK_ST(BS->FreePool(hs), EFI_SUCCESS, "locate: FreePool of its buffer");
	hs = NULL;
	CHECK_ST(BS->LocateHandleBuffer(ByProtocol, &guid_never, NULL, &n, &hs), EFI_NOT_FOUND,
		 "locate: LocateHandleBuffer of an unknown GUID gives EFI_NOT_FOUND");
	CHECK_ST(BS->LocateHandleBuffer(AllHandles, NULL, NULL, &n, &hs), EFI_SUCCESS,
		 "locate: LocateHandleBuffer AllHandles");
	CHECK(hs && has_handle(hs, n, h1) && has_handle(hs, n, h2),
	      "locate: ... includes the new handles");
	if (hs)
		BS->FreePool(hs);
	size = 0;
	CHECK_ST(BS->LocateHandle(AllHandles, NULL, NULL, &size, NULL), EFI_BUFFER_TOO_SMALL,
		 "locate: LocateHandle AllHandles size 0 gives EFI_BUFFER_TOO_SMALL");
	CHECKF(size >= 2 * sizeof(EFI_HANDLE) && size % sizeof(EFI_HANDLE) == 0,
	       "locate: ... with a whole number of handles", L"%ld", (INT64)size);
}

static void test_per_handle(void)
{
	EFI_GUID **gs = NULL;
	UINTN n = 0;
	void *p = NULL;

	BS->InstallProtocolInterface(&h1, &guid_b, EFI_NATIVE_INTERFACE, &iface_b);
	CHECK_ST(BS->ProtocolsPerHandle(h1, &gs, &n), EFI_SUCCESS, "perhandle: ProtocolsPerHandle");
	CHECK(n == 2 && gs && has_guid(gs, n, &guid_a) && has_guid(gs, n, &guid_b),
	      "perhandle: gives exactly the two protocols");
	if (gs)
		CHECK_ST(BS->FreePool(gs), EFI_SUCCESS, "perhandle: FreePool of its buffer");
	CHECK_ST(BS->ProtocolsPerHandle(NULL, &gs, &n), EFI_INVALID_PARAMETER,
		 "perhandle: NULL handle gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->ProtocolsPerHandle(h1, NULL, &n), EFI_INVALID_PARAMETER,
		 "perhandle: NULL buffer gives EFI_INVALID_PARAMETER");

	CHECK_ST(BS->ReinstallProtocolInterface(h1, &guid_a, &iface_a, &iface_a2), EFI_SUCCESS,
		 "reinstall: ReinstallProtocolInterface");
	CHECK(BS->HandleProtocol(h1, &guid_a, &p) == EFI_SUCCESS && p == &iface_a2,
	      "reinstall: HandleProtocol gives the new interface");
	CHECK_ST(BS->ReinstallProtocolInterface(h1, &guid_a, &iface_wrong, &iface_a), EFI_NOT_FOUND,
		 "reinstall: a wrong old interface gives EFI_NOT_FOUND");
	BS->ReinstallProtocolInterface(h1, &guid_a, &iface_a2, &iface_a);
}

/* ---- RegisterProtocolNotify ---------------------------------------------------------- */

static void test_notify(void)
{
	EFI_EVENT ev = NULL;
	EFI_HANDLE h = NULL, buf[4];
	void *reg = NULL;
	UINTN size;

	if (!CHECK_ST(BS->CreateEvent(0, 0, NULL, NULL, &ev), EFI_SUCCESS, "notify: CreateEvent"))
		return;
	CHECK_ST(BS->RegisterProtocolNotify(&guid_c, ev, &reg), EFI_SUCCESS,
		 "notify: RegisterProtocolNotify");
	CHECK_ST(BS->CheckEvent(ev), EFI_NOT_READY, "notify: not signalled before an install");
	BS->InstallProtocolInterface(&h, &guid_c, EFI_NATIVE_INTERFACE, &iface_c);
	CHECK_ST(BS->CheckEvent(ev), EFI_SUCCESS, "notify: an install signals the event");
	size = sizeof(buf);
	CHECK_ST(BS->LocateHandle(ByRegisterNotify, NULL, reg, &size, buf), EFI_SUCCESS,
		 "notify: LocateHandle ByRegisterNotify");
	CHECK(size == sizeof(EFI_HANDLE) && buf[0] == h, "notify: ... gives the new handle");
	size = sizeof(buf);
	CHECK_ST(BS->LocateHandle(ByRegisterNotify, NULL, reg, &size, buf), EFI_NOT_FOUND,
		 "notify: ... once: then EFI_NOT_FOUND");
	BS->UninstallProtocolInterface(h, &guid_c, &iface_c);
	BS->CloseEvent(ev);
}

/* ---- OpenProtocol ----------------------------------------------------------------------- */

static void test_open(EFI_HANDLE image)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info = NULL;
	EFI_HANDLE agent2 = NULL;
	UINTN n = 0;
	BOOLEAN found = FALSE;
	void *p = NULL;

	/* A second agent: any handle will do, as long as it is a valid one. */
	BS->InstallProtocolInterface(&agent2, &guid_c, EFI_NATIVE_INTERFACE, &iface_c);

	CHECK_ST(BS->OpenProtocol(h1, &guid_a, &p, image, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
		 EFI_SUCCESS, "open: GET_PROTOCOL");
	CHECK(p == &iface_a, "open: ... gives the interface");
	CHECK_ST(BS->OpenProtocol(h1, &guid_a, NULL, image, NULL, EFI_OPEN_PROTOCOL_TEST_PROTOCOL),
		 EFI_SUCCESS, "open: TEST_PROTOCOL of a present protocol");
	CHECK_ST(BS->OpenProtocol(h1, &guid_never, NULL, image, NULL,
				  EFI_OPEN_PROTOCOL_TEST_PROTOCOL),
		 EFI_UNSUPPORTED, "open: TEST_PROTOCOL of an absent protocol: EFI_UNSUPPORTED");
	CHECK_ST(BS->OpenProtocol(h1, &guid_a, NULL, image, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
		 EFI_INVALID_PARAMETER, "open: GET_PROTOCOL with NULL Interface: EFI_INVALID_PARAMETER");
	CHECK_ST(BS->OpenProtocol(h1, &guid_a, &p, image, NULL, 0x40), EFI_INVALID_PARAMETER,
		 "open: unknown Attributes give EFI_INVALID_PARAMETER");
	CHECK_ST(BS->OpenProtocol(h1, &guid_b, &p, image, NULL, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_INVALID_PARAMETER, "open: BY_DRIVER without controller: EFI_INVALID_PARAMETER");

	CHECK_ST(BS->OpenProtocol(h1, &guid_b, &p, image, h1, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_SUCCESS, "open: BY_DRIVER");
	CHECK(p == &iface_b, "open: BY_DRIVER gives the interface");
	p = NULL;
	CHECK_ST(BS->OpenProtocol(h1, &guid_b, &p, image, h1, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_ALREADY_STARTED, "open: BY_DRIVER again, same agent: EFI_ALREADY_STARTED");
	CHECK(p == &iface_b, "open: ... still gives the interface");
	CHECK_ST(BS->OpenProtocol(h1, &guid_b, &p, agent2, h1, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_ACCESS_DENIED, "open: BY_DRIVER by another agent: EFI_ACCESS_DENIED");

	CHECK_ST(BS->OpenProtocolInformation(h1, &guid_b, &info, &n), EFI_SUCCESS,
		 "openinfo: OpenProtocolInformation");
	for (UINTN i = 0; info && i < n; i++)
		if (info[i].AgentHandle == image && info[i].ControllerHandle == h1 &&
		    info[i].Attributes == EFI_OPEN_PROTOCOL_BY_DRIVER && info[i].OpenCount == 1)
			found = TRUE;
	CHECKF(n == 1 && found, "openinfo: one BY_DRIVER entry for our agent, OpenCount 1",
	       L"%ld entries", (INT64)n);
	if (info)
		BS->FreePool(info);
	CHECK_ST(BS->OpenProtocolInformation(h1, &guid_never, &info, &n), EFI_NOT_FOUND,
		 "openinfo: of an absent protocol gives EFI_NOT_FOUND");

	CHECK_ST(BS->CloseProtocol(h1, &guid_b, image, h1), EFI_SUCCESS, "close: CloseProtocol");
	CHECK_ST(BS->CloseProtocol(h1, &guid_b, image, h1), EFI_NOT_FOUND,
		 "close: CloseProtocol again gives EFI_NOT_FOUND");
	CHECK_ST(BS->CloseProtocol(h1, &guid_a, image, NULL), EFI_SUCCESS,
		 "close: CloseProtocol of the GET_PROTOCOL open");
	CHECK_ST(BS->CloseProtocol(h1, &guid_a, NULL, NULL), EFI_INVALID_PARAMETER,
		 "close: NULL agent gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->OpenProtocol(h1, &guid_b, &p, agent2, h1, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_SUCCESS, "open: after the close, another agent may open BY_DRIVER");
	BS->CloseProtocol(h1, &guid_b, agent2, h1);
	BS->UninstallProtocolInterface(agent2, &guid_c, &iface_c);
}

/* ---- uninstall ------------------------------------------------------------------------- */

static void test_uninstall(void)
{
	void *p;

	CHECK_ST(BS->UninstallProtocolInterface(h1, &guid_a, &iface_wrong), EFI_NOT_FOUND,
		 "uninstall: a wrong interface gives EFI_NOT_FOUND");
	CHECK_ST(BS->UninstallProtocolInterface(h1, &guid_never, NULL), EFI_NOT_FOUND,
		 "uninstall: an absent protocol gives EFI_NOT_FOUND");
	CHECK_ST(BS->UninstallProtocolInterface(h1, &guid_a, &iface_a), EFI_SUCCESS,
		 "uninstall: UninstallProtocolInterface");
	CHECK_ST(BS->HandleProtocol(h1, &guid_a, &p), EFI_UNSUPPORTED,
		 "uninstall: the protocol is gone");
	CHECK(BS->HandleProtocol(h1, &guid_b, &p) == EFI_SUCCESS && p == &iface_b,
	      "uninstall: the handle keeps its other protocol");
	CHECK_ST(BS->UninstallProtocolInterface(h1, &guid_b, &iface_b), EFI_SUCCESS,
		 "uninstall: the last protocol");
	CHECK_ST(BS->HandleProtocol(h1, &guid_b, &p), EFI_INVALID_PARAMETER,
		 "uninstall: the handle is gone: EFI_INVALID_PARAMETER");
	CHECK_ST(BS->UninstallProtocolInterface(h2, &guid_a, &iface_a2), EFI_SUCCESS,
		 "uninstall: the second handle's protocol");
	p = &iface_wrong;
	CHECK_ST(BS->LocateProtocol(&guid_a, NULL, &p), EFI_NOT_FOUND,
		 "uninstall: LocateProtocol finds nothing now");
}

/* ---- multiple interfaces, device paths ------------------------------------------------- */

static void test_multiple(void)
{
	static struct vendor_path dp, dp_copy;
	EFI_HANDLE h = NULL, h_dp = NULL, h_dup = NULL;
	void *p;

	make_vendor(&dp.vendor, 1);
	set_node(&dp.end, END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, 4);
	dp_copy = dp;

	CHECK_ST(BS->InstallMultipleProtocolInterfaces(&h, &guid_a, &iface_a, &guid_b, &iface_b,
						       NULL),
		 EFI_SUCCESS, "multi: InstallMultipleProtocolInterfaces of two");
	CHECK(h && BS->HandleProtocol(h, &guid_a, &p) == EFI_SUCCESS && p == &iface_a &&
		      BS->HandleProtocol(h, &guid_b, &p) == EFI_SUCCESS && p == &iface_b,
	      "multi: both are on the new handle");
	/* guid_a is there already: guid_c must be taken back. */
	CHECK_ST(BS->InstallMultipleProtocolInterfaces(&h, &guid_c, &iface_c, &guid_a, &iface_a2,
						       NULL),
		 EFI_INVALID_PARAMETER, "multi: one already installed gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->HandleProtocol(h, &guid_c, &p), EFI_UNSUPPORTED,
		 "multi: ... and the others are rolled back");
	CHECK(BS->HandleProtocol(h, &guid_a, &p) == EFI_SUCCESS && p == &iface_a,
	      "multi: ... and the existing one is untouched");
	CHECK_ST(BS->UninstallMultipleProtocolInterfaces(h, &guid_a, &iface_a, &guid_b, &iface_wrong,
							 NULL),
		 EFI_INVALID_PARAMETER, "multi: uninstall with a wrong interface: EFI_INVALID_PARAMETER");
	CHECK(BS->HandleProtocol(h, &guid_a, &p) == EFI_SUCCESS && p == &iface_a,
	      "multi: ... and the removed one is put back");
	CHECK_ST(BS->UninstallMultipleProtocolInterfaces(h, &guid_a, &iface_a, &guid_b, &iface_b,
							 NULL),
		 EFI_SUCCESS, "multi: UninstallMultipleProtocolInterfaces of both");
	CHECK_ST(BS->HandleProtocol(h, &guid_a, &p), EFI_INVALID_PARAMETER,
		 "multi: the handle is gone with its protocols");

	CHECK_ST(BS->InstallMultipleProtocolInterfaces(&h_dp, &DevicePathProtocol, &dp, &guid_c,
						       &iface_c, NULL),
		 EFI_SUCCESS, "multi: install a vendor device path and a protocol");
	CHECK_ST(BS->InstallMultipleProtocolInterfaces(&h_dup, &DevicePathProtocol, &dp_copy, NULL),
		 EFI_ALREADY_STARTED, "multi: an identical device path gives EFI_ALREADY_STARTED");
	CHECK(h_dup == NULL, "multi: ... and creates no handle");
	CHECK_ST(BS->LocateHandle(ByProtocol, &guid_c, NULL, &(UINTN){ 0 }, NULL),
		 EFI_BUFFER_TOO_SMALL, "multi: the device path handle is listed");
}

static void test_locate_device_path(void)
{
	static struct vendor_path2 query, other;
	EFI_DEVICE_PATH *rest;
	EFI_HANDLE h = NULL;

	make_vendor(&query.vendor, 1); /* the path test_multiple installed */
	make_vendor(&query.more, 2);
	set_node(&query.end, END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, 4);
	rest = &query.vendor.Header;
	CHECK_ST(BS->LocateDevicePath(&DevicePathProtocol, &rest, &h), EFI_SUCCESS,
		 "devpath: LocateDevicePath of a longer path");
	CHECK(rest == &query.more.Header, "devpath: ... leaves the unmatched rest");
	CHECK(h != NULL && BS->HandleProtocol(h, &guid_c, &(void *){ NULL }) == EFI_SUCCESS,
	      "devpath: ... and gives the handle of the installed path");
	rest = &query.vendor.Header;
	h = NULL;
	CHECK_ST(BS->LocateDevicePath(&guid_c, &rest, &h), EFI_SUCCESS,
		 "devpath: LocateDevicePath for another protocol of that handle");

	other = query;
	other.vendor.Guid.Data4[7] = 9;
	rest = &other.vendor.Header;
	CHECK_ST(BS->LocateDevicePath(&DevicePathProtocol, &rest, &h), EFI_NOT_FOUND,
		 "devpath: an unknown path gives EFI_NOT_FOUND");
	CHECK_ST(BS->LocateDevicePath(&DevicePathProtocol, NULL, &h), EFI_INVALID_PARAMETER,
		 "devpath: NULL DevicePath gives EFI_INVALID_PARAMETER");
	rest = &query.vendor.Header;
	CHECK_ST(BS->LocateDevicePath(&DevicePathProtocol, &rest, NULL), EFI_INVALID_PARAMETER,
		 "devpath: NULL Device gives EFI_INVALID_PARAMETER");
}

/* ---- the program's own image -------------------------------------------------------- */

/* Nodes of at least 4 bytes up to an end node, within a sane length. */
static BOOLEAN path_well_formed(EFI_DEVICE_PATH *p)
{
	for (UINTN total = 0; total < 4096;) {
		UINTN len = p->Length[0] | (p->Length[1] << 8);

		if (len < 4)
			return FALSE;
		if (p->Type == END_DEVICE_PATH_TYPE && p->SubType == END_ENTIRE_DEVICE_PATH_SUBTYPE)
			return TRUE;
		total += len;
		p = (EFI_DEVICE_PATH *)((UINT8 *)p + len);
	}
	return FALSE;
}

static void test_loaded_image(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	UINT8 *base, *entry = (UINT8 *)efi_main;
	void *p;

	if (!CHECK_ST(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li), EFI_SUCCESS,
		      "image: HandleProtocol(LoadedImage) of our image"))
		return;
	base = li->ImageBase;
	CHECK_EQ(li->Revision, EFI_LOADED_IMAGE_PROTOCOL_REVISION, "image: Revision 0x1000");
	CHECK(li->SystemTable == ST, "image: SystemTable is ST");
	/* UEFI 2.10: NULL for an image the boot manager loaded, as OVMF's did; pvhefi names its
	 * own image as the payload's parent. */
	if (check_option(L"pvhefi"))
		CHECK(li->ParentHandle && BS->HandleProtocol(li->ParentHandle, &LoadedImageProtocol,
							      &p) == EFI_SUCCESS,
		      "image: ParentHandle is the firmware's image (pvhefi)");
	else
		CHECK(li->ParentHandle == NULL, "image: ParentHandle is NULL (OVMF's boot manager)");
	CHECKF(entry >= base && entry < base + li->ImageSize,
	       "image: ImageBase..ImageSize holds efi_main", L"base 0x%lx size 0x%lx main 0x%lx",
	       (UINT64)base, li->ImageSize, (UINT64)entry);
	CHECK((UINT64)base % 4096 == 0, "image: ImageBase is page-aligned");
	CHECK_EQ(li->ImageCodeType, EfiLoaderCode, "image: ImageCodeType is EfiLoaderCode");
	CHECK_EQ(li->ImageDataType, EfiLoaderData, "image: ImageDataType is EfiLoaderData");
	/* OVMF gives the ESP's handle and \EFI\BOOT\BOOTX64.EFI, pvhefi the embedded payload's
	 * vendor node and the memory the file lies in. */
	CHECK(li->DeviceHandle &&
		      BS->HandleProtocol(li->DeviceHandle, &DevicePathProtocol, &p) == EFI_SUCCESS,
	      "image: DeviceHandle is a handle with a device path");
	CHECK(li->FilePath && path_well_formed(li->FilePath),
	      "image: FilePath is a well-formed device path");
	if (check_option(L"pvhefi")) {
		static const CHAR16 want[] = L"pvhefi";
		CHECKF(li->LoadOptions && (li->LoadOptionsSize == sizeof(want) ||
					   li->LoadOptionsSize == sizeof(want) - 2) &&
			       !CompareMem(li->LoadOptions, (void *)want, sizeof(want) - 2),
		       "image: LoadOptions is the command line (pvhefi)", L"size %d",
		       li->LoadOptionsSize);
	}
}

/* pvhefi offers a serial console only; OVMF has no GOP either when QEMU has no display
 * adapter (run.sh passes -vga none). */
static void test_no_gop(void)
{
	EFI_HANDLE *hs = NULL;
	UINTN n = 0;
	void *p = &n;

	CHECK_ST(BS->LocateProtocol(&GraphicsOutputProtocol, NULL, &p), EFI_NOT_FOUND,
		 "gop: no Graphics Output Protocol (no display)");
	CHECK(p == NULL, "gop: ... and Interface is NULL");
	CHECK_ST(BS->LocateHandleBuffer(ByProtocol, &GraphicsOutputProtocol, NULL, &n, &hs),
		 EFI_NOT_FOUND, "gop: no handle carries one");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	check_init(image, systab, "protocoltest");
	test_install();
	test_locate();
	test_per_handle();
	test_notify();
	test_open(image);
	test_uninstall();
	test_multiple();
	test_locate_device_path();
	test_loaded_image(image);
	test_no_gop();
	return check_finish();
}
