/* The harness's words about the machine, from QEMU's fw_cfg (its legacy I/O interface). */
#include "lib/io.h"
#include "machine.h"

#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_ENTRY_SIZE 64 /* be32 size, be16 key, be16 reserved, name[56] */
#define MACHINE_FILE "opt/pvhefi/machine"

static void fw_cfg_select(UINT16 key)
{
	outw(FW_CFG_SELECTOR, key);
}

/* The selected item's next n bytes. */
static void fw_cfg_bytes(void *buf, UINTN n)
{
	UINT8 *p = buf;

	while (n--)
		*p++ = inb(FW_CFG_DATA);
}

static UINT32 be32(const UINT8 *p)
{
	return (UINT32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The words, read once; empty without fw_cfg or without the file. */
static const char *machine_words(void)
{
	static char words[256];
	static BOOLEAN done;
	UINT8 sig[4], count[4], entry[FW_CFG_ENTRY_SIZE];

	if (done)
		return words;
	done = TRUE;
	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_bytes(sig, sizeof(sig));
	if (CompareMem(sig, "QEMU", 4))
		return words;
	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_bytes(count, sizeof(count));
	for (UINT32 i = 0; i < be32(count); i++) {
		fw_cfg_bytes(entry, sizeof(entry));
		if (strcmpa(entry + 8, (CHAR8 *)MACHINE_FILE))
			continue;
		fw_cfg_select((UINT16)(entry[4] << 8 | entry[5]));
		fw_cfg_bytes(words, be32(entry) < sizeof(words) ? be32(entry) : sizeof(words) - 1);
		break;
	}
	Print(L"machine: \"%a\"\n", words);
	return words;
}

BOOLEAN machine_has(const char *word)
{
	const char *words = machine_words(), *w;
	UINTN n = strlena((CHAR8 *)word);

	for (w = words; *w; w++)
		if ((w == words || w[-1] == ' ') && !CompareMem((void *)w, (void *)word, n) &&
		    (w[n] == ' ' || w[n] == 0))
			return TRUE;
	return FALSE;
}
