/*
 * EFI images: LoadImage from a memory buffer (no copy of the file: pe_load reads it where it
 * lies; the embedded kernel is even loaded where it lies), StartImage with the Microsoft x64 ABI, Exit back to StartImage, UnloadImage. Each
 * image handle carries EFI_LOADED_IMAGE_PROTOCOL (and the loaded-image device path when there
 * is a file path).
 */
#include <efi.h>
#include <x86_64/pe.h>

#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/uefi.h"
#include "lib/utf16.h"
#include "pe/pe.h"
#include "services/events.h"
#include "services/image.h"
#include "services/memory.h"
#include "services/paging.h"
#include "services/protocol.h"
#include "services/systab.h"

#define IMAGE_MAGIC 0x474d4948504fULL /* marks our own image records */

/* What image_call saves for image_return (services/image_call.asm: the offsets). */
struct image_jump {
	UINT64 rbx, rbp, r12, r13, r14, r15, rsp, rip;
	UINT8 xmm[10][16]; /* XMM6-XMM15 */
	UINT32 mxcsr;
	UINT16 fcw;
};
_Static_assert(__builtin_offsetof(struct image_jump, xmm) == 64 &&
		       __builtin_offsetof(struct image_jump, mxcsr) == 224 &&
		       __builtin_offsetof(struct image_jump, fcw) == 228,
	       "struct image_jump matches services/image_call.asm");

struct image {
	EFI_LOADED_IMAGE loaded; /* first: the protocol interface is the record */
	UINT64 magic;
	EFI_HANDLE handle;
	EFI_PHYSICAL_ADDRESS pages;
	UINTN nr_pages;
	UINT64 entry;
	BOOLEAN started;
	struct image_jump jump;
	struct image *caller; /* the image that was running when this one started */
	UINTN exit_data_size;
	CHAR16 *exit_data;
	EFI_DEVICE_PATH *file_path; /* pool copy, or NULL */
};

EFI_STATUS image_call(struct image_jump *jump, UINT64 entry, EFI_HANDLE image, EFI_SYSTEM_TABLE *st);
void image_return(struct image_jump *jump, EFI_STATUS status) __attribute__((noreturn));

static EFI_GUID loaded_image_guid = LOADED_IMAGE_PROTOCOL;
static EFI_GUID loaded_image_dp_guid = EFI_LOADED_IMAGE_DEVICE_PATH_PROTOCOL_GUID;
static struct image *running; /* the image executing now; NULL while the firmware runs */
EFI_HANDLE firmware_image_handle;

static struct image *image_from_handle(EFI_HANDLE handle)
{
	struct image *img;

	if (proto_lookup(handle, &loaded_image_guid, (void **)&img) != EFI_SUCCESS)
		return NULL;
	return img && img->magic == IMAGE_MAGIC ? img : NULL;
}

static void memory_types_for(UINT16 subsystem, EFI_LOADED_IMAGE *li)
{
	if (subsystem == IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER) {
		li->ImageCodeType = EfiBootServicesCode;
		li->ImageDataType = EfiBootServicesData;
	} else {
		li->ImageCodeType = EfiLoaderCode;
		li->ImageDataType = EfiLoaderData;
	}
}

/*
 * Pages for SizeOfImage at the section alignment (at least a page). An image whose relocations
 * were stripped runs only where it was linked: at its ImageBase, or it is not loaded.
 */
static EFI_STATUS allocate_image(struct image *img, const struct pe_info *pe, void **base)
{
	UINT64 align = MAX(pe->section_alignment, PAGE_SIZE);
	UINT64 slack = pe->relocs_stripped ? 0 : align - PAGE_SIZE;
	EFI_ALLOCATE_TYPE how = pe->relocs_stripped ? AllocateAddress : AllocateAnyPages;
	EFI_PHYSICAL_ADDRESS addr = pe->preferred_base;

	img->nr_pages = (pe->image_size + slack + PAGE_SIZE - 1) / PAGE_SIZE;
	if ((pe->relocs_stripped && addr % align) ||
	    mem_alloc_pages(how, img->loaded.ImageCodeType, img->nr_pages, &addr) != EFI_SUCCESS) {
		if (pe->relocs_stripped)
			log_printf("pvhefi: LoadImage: relocations stripped and ImageBase 0x%lx is not free\n",
				   (unsigned long)pe->preferred_base);
		return EFI_OUT_OF_RESOURCES;
	}
	img->pages = addr;
	*base = (void *)ALIGN_UP(img->pages, align);
	return EFI_SUCCESS;
}

/* An interface that is not there need not go; one that someone holds cannot. */
static EFI_STATUS can_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	EFI_STATUS st = proto_check_uninstall(handle, guid, iface);

	return st == EFI_NOT_FOUND ? EFI_SUCCESS : st;
}

/*
 * Takes the image off its handle, then frees it. Its own opens go first, as edk2's unload
 * closes them (they would pin interfaces for an agent that is gone). An interface someone else
 * still holds BY_DRIVER or EXCLUSIVE keeps the whole image loaded, since its record is that
 * interface: EFI_ACCESS_DENIED, nothing freed.
 */
static EFI_STATUS unload(struct image *img)
{
	EFI_STATUS st;

	if (img->handle) {
		proto_close_agent(img->handle);
		if ((img->file_path &&
		     (st = can_uninstall(img->handle, &loaded_image_dp_guid, img->file_path)) != EFI_SUCCESS) ||
		    (st = can_uninstall(img->handle, &loaded_image_guid, &img->loaded)) != EFI_SUCCESS)
			return st;
		if (img->file_path)
			proto_uninstall(img->handle, &loaded_image_dp_guid, img->file_path);
		proto_uninstall(img->handle, &loaded_image_guid, &img->loaded);
	}
	if (img->pages)
		mem_free_pages(img->pages, img->nr_pages);
	if (img->file_path)
		mem_free_pool(img->file_path);
	img->magic = 0;
	mem_free_pool(img);
	return EFI_SUCCESS;
}

/* A malformed path (no end node before a node shorter than its header) is refused. */
static EFI_STATUS copy_file_path(struct image *img, const EFI_DEVICE_PATH *path)
{
	UINTN size;

	if (!path)
		return EFI_SUCCESS;
	if (!(size = devpath_size(path)))
		return EFI_INVALID_PARAMETER;
	if (mem_alloc_pool(EfiBootServicesData, size, (void **)&img->file_path) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	memcpy(img->file_path, path, size);
	return EFI_SUCCESS;
}

/* What pe_each_section's callbacks share: where the image is, and how the walk went. */
struct sections {
	uint64_t base;
	BOOLEAN page_aligned;
	EFI_STATUS st;
};

static void check_alignment(void *ctx, const struct pe_section *s)
{
	((struct sections *)ctx)->page_aligned &= s->rva % PAGE_SIZE == 0;
}

/* A section is executable or writable as its flags say, never both unless they say both. */
static void protect_section(void *ctx, const struct pe_section *s)
{
	struct sections *secs = ctx;
	uint64_t start = secs->base + s->rva, end = ALIGN_UP(start + s->size, PAGE_SIZE), attrs = 0;

	if (!(s->characteristics & IMAGE_SCN_MEM_WRITE))
		attrs |= EFI_MEMORY_RO;
	if (!(s->characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE)))
		attrs |= EFI_MEMORY_XP;
	if (end > start && secs->st == EFI_SUCCESS)
		secs->st = paging_change_attributes(start, end, attrs, PAGING_ACCESS_ATTRS & ~attrs);
}

/*
 * W^X from the PE section flags: the headers, and what no section covers, read-only. Only for
 * an image whose sections each start on a page (SectionAlignment of a page or more, as Linux
 * and gnu-efi link them): else a page may hold code and data, and the image's pages stay
 * writable and executable, as code allocations are.
 */
static EFI_STATUS protect_image(struct image *img, const void *buf, UINTN size, uint64_t base)
{
	struct sections secs = { base, TRUE, EFI_SUCCESS };

	pe_each_section(buf, size, check_alignment, &secs);
	if (!secs.page_aligned)
		return EFI_SUCCESS;
	secs.st = paging_change_attributes(img->pages, img->pages + img->nr_pages * PAGE_SIZE,
					   EFI_MEMORY_RO | EFI_MEMORY_XP, EFI_MEMORY_RP);
	pe_each_section(buf, size, protect_section, &secs);
	return secs.st;
}

/*
 * The embedded kernel is loaded where it lies when the payload left it room for SizeOfImage and
 * its sections lie in the file at their addresses (pe_check_in_place): its pages are handed
 * over to it and nothing is copied. Linux's bzImage is such a file.
 */
static BOOLEAN can_run_in_place(const void *buf, UINTN size, UINTN room, const struct pe_info *pe)
{
	UINT64 align = MAX(pe->section_alignment, PAGE_SIZE);

	return room >= pe->image_size && (UINT64)buf % align == 0 && !pe_check_in_place(buf, size);
}

static EFI_STATUS load_in_place(struct image *img, void *buf, UINTN size, const struct pe_info *pe)
{
	const char *err;
	EFI_STATUS st;

	img->nr_pages = ALIGN_UP(pe->image_size, PAGE_SIZE) / PAGE_SIZE;
	if ((st = mem_hand_over((UINT64)buf, img->nr_pages, img->loaded.ImageCodeType)) != EFI_SUCCESS)
		return st;
	img->pages = (UINT64)buf;
	if ((err = pe_load_in_place(buf, size, pe))) {
		log_printf("pvhefi: LoadImage: %s\n", err);
		return EFI_LOAD_ERROR;
	}
	log_printf("pvhefi: LoadImage: in place at 0x%lx\n", (unsigned long)img->pages);
	return EFI_SUCCESS;
}

static EFI_STATUS load_copy(struct image *img, const void *buf, UINTN size, const struct pe_info *pe,
			    void **base)
{
	const char *err;
	EFI_STATUS st;

	if ((st = allocate_image(img, pe, base)) != EFI_SUCCESS)
		return st;
	if ((err = pe_load(buf, size, pe, *base))) {
		log_printf("pvhefi: LoadImage: %s\n", err);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

/* room: the bytes from buf on that the image may take (0: it is copied, as LoadImage's are). */
static EFI_STATUS map_image(struct image *img, const void *buf, UINTN size, UINTN room)
{
	struct pe_info pe;
	const char *err;
	void *base = (void *)buf; /* where it lies, unless it is copied */
	EFI_STATUS st;

	if ((err = pe_parse(buf, size, &pe))) {
		log_printf("pvhefi: LoadImage: not a valid x86_64 EFI image: %s\n", err);
		return EFI_LOAD_ERROR;
	}
	/* Its code and data would have to move with the runtime unit at SetVirtualAddressMap. */
	if (pe.subsystem == IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER) {
		log_printf("pvhefi: LoadImage: runtime drivers are not supported\n");
		return EFI_UNSUPPORTED;
	}
	memory_types_for(pe.subsystem, &img->loaded);
	if (can_run_in_place(buf, size, room, &pe))
		st = load_in_place(img, base, size, &pe);
	else
		st = load_copy(img, buf, size, &pe, &base);
	if (st != EFI_SUCCESS || (st = protect_image(img, buf, size, (uint64_t)base)) != EFI_SUCCESS)
		return st;
	img->loaded.ImageBase = base;
	img->loaded.ImageSize = pe.image_size;
	img->entry = (UINT64)base + pe.entry_rva;
	return EFI_SUCCESS;
}

static EFI_STATUS create_image(EFI_HANDLE parent, const EFI_DEVICE_PATH *path, const void *buf,
			       UINTN size, UINTN room, EFI_HANDLE *handle)
{
	struct image *img;
	EFI_STATUS st;

	if (mem_alloc_pool(EfiBootServicesData, sizeof(*img), (void **)&img) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	memset(img, 0, sizeof(*img));
	img->magic = IMAGE_MAGIC;
	img->loaded.Revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION;
	img->loaded.ParentHandle = parent;
	img->loaded.SystemTable = gST;
	if ((st = copy_file_path(img, path)) == EFI_SUCCESS && (st = map_image(img, buf, size, room)) == EFI_SUCCESS)
		img->loaded.FilePath = img->file_path;
	if (st == EFI_SUCCESS)
		st = proto_install(&img->handle, &loaded_image_guid, &img->loaded);
	if (st == EFI_SUCCESS && img->file_path)
		st = proto_install(&img->handle, &loaded_image_dp_guid, img->file_path);
	if (st != EFI_SUCCESS) {
		unload(img); /* nobody had the handle yet: nothing holds its interfaces */
		return st;
	}
	*handle = img->handle;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bs_load_image(BOOLEAN boot_policy, EFI_HANDLE parent, EFI_DEVICE_PATH *path,
				    VOID *buf, UINTN size, EFI_HANDLE *handle)
{
	if (!handle || !image_from_handle(parent))
		return EFI_INVALID_PARAMETER;
	if (!buf)
		return path ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER; /* no file systems to load from */
	if (!size)
		return EFI_LOAD_ERROR;
	return create_image(parent, path, buf, size, 0, handle);
}

/*
 * Where the payload comes from: its device is the embedded payload (a vendor node), its file
 * path the memory the PE file lies in (a memory-mapped node), as a loader would say of an image
 * it read from a device.
 */
static struct vendor_device_path payload_device_path =
	VENDOR_DEVICE_PATH_OF(HARDWARE_DEVICE_PATH, HW_VENDOR_DP, PVHEFI_PAYLOAD_DEVICE_GUID);

static struct {
	MEMMAP_DEVICE_PATH memmap;
	EFI_DEVICE_PATH end;
} __attribute__((packed)) payload_file_path = {
	{ { HARDWARE_DEVICE_PATH, HW_MEMMAP_DP, { sizeof(MEMMAP_DEVICE_PATH), 0 } }, EfiBootServicesData, 0, 0 },
	DEVPATH_END_NODE,
};

EFI_STATUS image_load_from_memory(const void *pe, UINTN size, UINTN room, const CHAR16 *load_options,
				  EFI_HANDLE *handle)
{
	static EFI_GUID path_guid = DEVICE_PATH_PROTOCOL;
	EFI_HANDLE device = NULL;
	struct image *img;
	EFI_STATUS st;

	payload_file_path.memmap.StartingAddress = (UINT64)pe;
	payload_file_path.memmap.EndingAddress = (UINT64)pe + size - 1;
	if ((st = proto_install(&device, &path_guid, &payload_device_path)) != EFI_SUCCESS ||
	    (st = create_image(firmware_image_handle, (EFI_DEVICE_PATH *)&payload_file_path, pe, size,
			       room, handle)) != EFI_SUCCESS)
		return st;
	img = image_from_handle(*handle);
	img->loaded.DeviceHandle = device;
	if (load_options) {
		img->loaded.LoadOptions = (void *)load_options;
		img->loaded.LoadOptionsSize = (utf16_len(load_options, SIZE_MAX) + 1) * sizeof(CHAR16);
	}
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bs_start_image(EFI_HANDLE handle, UINTN *exit_data_size, CHAR16 **exit_data)
{
	struct image *img = image_from_handle(handle);
	EFI_TPL tpl = events_tpl();
	EFI_STATUS st;

	if (!img || img->started || !img->entry)
		return EFI_INVALID_PARAMETER;
	img->started = TRUE;
	img->caller = running;
	running = img;
	st = image_call(&img->jump, img->entry, handle, gST);
	running = img->caller;
	/* Exit may come from a raised TPL (a notification, or after RaiseTPL): its RestoreTPL
	 * never runs, so the caller gets its own TPL back here, as edk2 does. */
	if (events_tpl() != tpl)
		events_restore_tpl(tpl);
	if (exit_data_size)
		*exit_data_size = img->exit_data_size;
	if (exit_data)
		*exit_data = img->exit_data;
	/* An application is gone once it returns, and so is any image that failed; unless someone
	 * holds its interfaces, then it stays loaded (unload says why). */
	if ((st != EFI_SUCCESS || img->loaded.ImageCodeType == EfiLoaderCode) && unload(img) != EFI_SUCCESS)
		log_printf("pvhefi: StartImage: the image stays loaded: its LoadedImage is held open\n");
	return st;
}

static EFI_STATUS EFIAPI bs_exit(EFI_HANDLE handle, EFI_STATUS status, UINTN data_size, CHAR16 *data)
{
	struct image *img = image_from_handle(handle);

	if (!img)
		return EFI_INVALID_PARAMETER;
	if (!img->started)
		return unload(img);
	if (img != running)
		return EFI_INVALID_PARAMETER;
	img->exit_data_size = data ? data_size : 0;
	img->exit_data = data;
	image_return(&img->jump, status);
}

/* True for the running image and every image waiting in StartImage for one it started. */
static BOOLEAN on_start_chain(const struct image *img)
{
	for (const struct image *r = running; r; r = r->caller)
		if (r == img)
			return TRUE;
	return FALSE;
}

/*
 * An image on the StartImage chain is executing, or will be when StartImage returns to it:
 * unloading it would free the code it runs and the record StartImage reads. The spec's
 * "started, and does not support unload" answers it; its Unload is not called.
 */
static EFI_STATUS EFIAPI bs_unload_image(EFI_HANDLE handle)
{
	struct image *img = image_from_handle(handle);
	EFI_STATUS st;

	if (!img || handle == firmware_image_handle)
		return EFI_INVALID_PARAMETER;
	if (on_start_chain(img))
		return EFI_UNSUPPORTED;
	if (img->started) {
		if (!img->loaded.Unload)
			return EFI_UNSUPPORTED;
		if ((st = img->loaded.Unload(handle)) != EFI_SUCCESS)
			return st;
	}
	return unload(img);
}

/* The firmware's own image handle: parent of the payload, as a boot manager would be. */
static void create_firmware_image(void)
{
	static struct image self;

	self.magic = IMAGE_MAGIC;
	self.started = TRUE;
	self.loaded.Revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION;
	self.loaded.SystemTable = gST;
	self.loaded.ImageBase = __image_start;
	self.loaded.ImageSize = __image_end - __image_start;
	self.loaded.ImageCodeType = EfiBootServicesCode;
	self.loaded.ImageDataType = EfiBootServicesData;
	if (proto_install(&self.handle, &loaded_image_guid, &self.loaded) != EFI_SUCCESS)
		panic("cannot create the firmware's image handle");
	firmware_image_handle = self.handle;
}

void image_install(EFI_BOOT_SERVICES *bs)
{
	bs->LoadImage = bs_load_image;
	bs->StartImage = bs_start_image;
	bs->Exit = bs_exit;
	bs->UnloadImage = bs_unload_image;
	create_firmware_image();
}
