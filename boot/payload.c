/*
 * Finds the kernel, initrd and command line in the embedded payload section, and joins the
 * embedded ones with what the VMM passed: a pvhefi without an embedded kernel (the generic
 * firmware) boots the first module when it is a PE image. Pure: host-tested.
 */
#include <stdbool.h>

#include "boot/payload.h"
#include "lib/lib.h"
#include "pe/pe.h"

#define HOW_TO_GIVE_A_KERNEL "embed a kernel or UKI (pvhefi-pack -o OUT pvhefi.elf --kernel " \
	"FILE) or give it as the first module (QEMU -initrd FILE, xl ramdisk=FILE)"

static struct payload_blob *slot_for(struct payload *p, uint32_t kind)
{
	switch (kind) {
	case PAYLOAD_KERNEL:
		return &p->kernel;
	case PAYLOAD_INITRD:
		return &p->initrd;
	case PAYLOAD_CMDLINE:
		return &p->cmdline;
	default:
		return NULL;
	}
}

static uint64_t entry_room(const struct payload_entry *e)
{
	return (uint64_t)e->room_pages * PAYLOAD_PAGE;
}

static uint64_t entry_extent(const struct payload_entry *e)
{
	return MAX(e->size, entry_room(e));
}

/* A kernel loaded where it lies overwrites its room: no other blob may lie there. Called once
 * every entry is known to lie inside the section (no sum wraps). */
static bool entries_overlap(const struct payload_header *h)
{
	for (uint32_t i = 0; i < h->nr_entries; i++)
		for (uint32_t j = 0; j < i; j++) {
			const struct payload_entry *a = &h->entries[i], *b = &h->entries[j];

			if (entry_extent(a) && entry_extent(b) && a->offset < b->offset + entry_extent(b) &&
			    b->offset < a->offset + entry_extent(a))
				return true;
		}
	return false;
}

const char *payload_parse(const void *section, uint64_t section_size, struct payload *out)
{
	const struct payload_header *h = section;
	uint64_t table_end;

	memset(out, 0, sizeof(*out));
	if (section_size < sizeof(*h) || memcmp(h->magic, PAYLOAD_MAGIC, 8))
		return "no payload embedded, not even its header (build with make or pvhefi-pack)";
	if (h->version != PAYLOAD_VERSION)
		return "payload: unknown version";
	if (h->nr_entries > PAYLOAD_MAX_ENTRIES)
		return "payload: too many entries";
	table_end = sizeof(*h) + (uint64_t)h->nr_entries * sizeof(h->entries[0]);
	if (table_end > section_size)
		return "payload: entry table truncated";
	for (uint32_t i = 0; i < h->nr_entries; i++) {
		const struct payload_entry *e = &h->entries[i];
		struct payload_blob *slot = slot_for(out, e->kind);
		uint64_t extent = entry_extent(e);

		if (!slot)
			return "payload: unknown entry kind";
		if (slot->data) /* set below for every entry, an empty one too */
			return "payload: duplicate entry";
		if (e->offset < table_end || e->offset > section_size || extent > section_size - e->offset)
			return "payload: entry outside the section";
		/* A kernel is handed its room in whole pages: no other blob may share its last one. */
		if (e->offset % PAYLOAD_PAGE)
			return "payload: entry not on a page";
		slot->data = (const uint8_t *)section + e->offset;
		slot->size = e->size;
		slot->room = extent;
	}
	return entries_overlap(h) ? "payload: entries overlap" : NULL;
}

uint64_t payload_extent(const void *section, uint64_t max)
{
	const struct payload_header *h = section;
	uint64_t end = sizeof(*h), e_end;
	uint32_t n;

	/* Only max bytes are there to read: a header cut short is none, a table cut short ends
	 * the section at max, where payload_parse finds it truncated. */
	if (max < sizeof(*h) || memcmp(h->magic, PAYLOAD_MAGIC, 8))
		return 0;
	n = MIN(h->nr_entries, PAYLOAD_MAX_ENTRIES);
	end += (uint64_t)n * sizeof(h->entries[0]);
	if (end > max)
		return max;
	for (uint32_t i = 0; i < n; i++) {
		const struct payload_entry *e = &h->entries[i];

		e_end = e->offset + entry_extent(e);
		if (e_end < e->offset) /* wraps: payload_parse finds it outside any section */
			return max;
		end = MAX(end, e_end);
	}
	return MIN(end, max);
}

const char *payload_choose(struct payload *p, const struct machine *m)
{
	static char err[320];
	const struct machine_blob *mod = &m->modules[0];
	struct pe_info info;
	const char *why;

	if (p->kernel.size)
		return NULL;
	if (!m->nr_modules)
		return "no payload embedded and no module: " HOW_TO_GIVE_A_KERNEL;
	why = pe_parse((const void *)(uintptr_t)mod->addr, mod->size, &info);
	if (why) {
		snprintf(err, sizeof(err), "no payload embedded, and the first module is not an x86_64 "
			 "EFI image (%s): " HOW_TO_GIVE_A_KERNEL, why);
		return err;
	}
	p->kernel = (struct payload_blob){ (const void *)(uintptr_t)mod->addr, mod->size, 0 };
	p->first_initrd_module = 1;
	return NULL;
}

uint32_t payload_initrd(const struct payload *p, const struct machine *m,
			struct initrd_piece out[INITRD_MAX_PIECES])
{
	uint32_t n = 0;

	out[n++] = (struct initrd_piece){ p->initrd.data, p->initrd.size };
	for (uint32_t i = p->first_initrd_module; i < m->nr_modules && n < INITRD_MAX_PIECES; i++)
		out[n++] = (struct initrd_piece){ (const void *)(uintptr_t)m->modules[i].addr,
						  m->modules[i].size };
	return n;
}

static bool needs_space(const struct payload *p, const struct machine *m)
{
	return p->cmdline.size && m->cmdline_len;
}

size_t payload_cmdline_len(const struct payload *p, const struct machine *m)
{
	return p->cmdline.size + needs_space(p, m) + m->cmdline_len;
}

void payload_cmdline(const struct payload *p, const struct machine *m, char *out)
{
	if (p->cmdline.size) /* else there is no blob: its data is NULL */
		memcpy(out, p->cmdline.data, p->cmdline.size);
	if (needs_space(p, m))
		out[p->cmdline.size] = ' ';
	memcpy(out + payload_cmdline_len(p, m) - m->cmdline_len, m->cmdline, m->cmdline_len);
}

bool cmdline_has_word(const char *cmdline, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++) {
		bool starts = i == 0 || cmdline[i - 1] == ' ';
		bool ends = i + n == len || cmdline[i + n] == ' ';

		if (starts && ends && !memcmp(cmdline + i, word, n))
			return true;
	}
	return false;
}
