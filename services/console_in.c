/*
 * EFI_SIMPLE_TEXT_INPUT_PROTOCOL on the serial line: bytes from a terminal become keys. UTF-8
 * becomes UnicodeChar; VT100/xterm escape sequences become scan codes.
 */
#include <stdbool.h>

#include "lib/lib.h"
#include "lib/timer.h"
#include "lib/utf16.h"
#include "services/console.h"
#include "services/events.h"
#include "services/efi.h"

#define QUEUE_SIZE 16
#define SEQUENCE_WAIT_US 20000 /* the rest of an escape or UTF-8 sequence comes within this */
#define ESC 0x1b
#define DEL 0x7f

static EFI_INPUT_KEY queue[QUEUE_SIZE];
static unsigned queue_head, queue_len;
static int pushed_back = -1; /* a byte read too far, to decode next */

/* The final letters of ESC [ x and ESC O x sequences, and their keys. */
static const char letters[] = "ABCDHFPQRS";
static const UINT16 letter_scans[] = { SCAN_UP, SCAN_DOWN, SCAN_RIGHT, SCAN_LEFT, SCAN_HOME,
				       SCAN_END, SCAN_F1, SCAN_F2, SCAN_F3, SCAN_F4 };
/* ESC [ n ~ */
static const UINT16 tilde_scans[] = {
	[1] = SCAN_HOME, [2] = SCAN_INSERT, [3] = SCAN_DELETE, [4] = SCAN_END,
	[5] = SCAN_PAGE_UP, [6] = SCAN_PAGE_DOWN, [7] = SCAN_HOME, [8] = SCAN_END,
	[11] = SCAN_F1, [12] = SCAN_F2, [13] = SCAN_F3, [14] = SCAN_F4, [15] = SCAN_F5,
	[17] = SCAN_F6, [18] = SCAN_F7, [19] = SCAN_F8, [20] = SCAN_F9, [21] = SCAN_F10,
	[23] = SCAN_F11, [24] = SCAN_F12,
};

static UINT16 letter_scan(int c)
{
	for (int i = 0; letters[i]; i++)
		if (letters[i] == c)
			return letter_scans[i];
	return SCAN_NULL;
}

static void push_key(UINT16 scan, CHAR16 c)
{
	queue[(queue_head + queue_len++) % QUEUE_SIZE] = (EFI_INPUT_KEY){ scan, c };
}

static int read_byte(void)
{
	int c = pushed_back;

	pushed_back = -1;
	return c >= 0 ? c : efi_machine->console_read();
}

/* A byte that belongs to a sequence begun: a terminal sends those together. */
static int sequence_byte(void)
{
	uint64_t start = timer_us();
	int c;

	while ((c = efi_machine->console_read()) < 0 && timer_us() - start < SEQUENCE_WAIT_US)
		;
	return c;
}

/* After ESC: a key sequence, or ESC alone (then the next byte is a key of its own). */
static void decode_escape(void)
{
	int intro = sequence_byte(), c, n = 0;
	bool modifiers = false;

	if (intro != '[' && intro != 'O') {
		push_key(SCAN_ESC, 0);
		pushed_back = intro;
		return;
	}
	/* Parameters: the first number counts; modifiers after ';' are ignored. */
	for (c = sequence_byte(); (c >= '0' && c <= '9') || c == ';'; c = sequence_byte()) {
		if (c == ';')
			modifiers = true;
		else if (!modifiers && n < 100)
			n = n * 10 + c - '0';
	}
	if (c == '~' && n < (int)ARRAY_SIZE(tilde_scans) && tilde_scans[n])
		push_key(tilde_scans[n], 0);
	else if (letter_scan(c))
		push_key(letter_scan(c), 0);
	/* else unknown: dropped whole */
}

/* A UTF-8 sequence beginning with lead: one key when it is a valid BMP character. */
static void decode_utf8(int lead)
{
	char bytes[4] = { (char)lead };
	uint16_t out[3];
	size_t n = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2, i = 1;
	int c = -1;

	if (lead < 0xc2 || lead > 0xf4)
		return; /* cannot begin a character */
	while (i < n && (c = sequence_byte()) >= 0x80 && c < 0xc0)
		bytes[i++] = (char)c;
	if (i < n && c >= 0)
		pushed_back = c; /* not a continuation: the start of the next key */
	if (utf8_to_utf16(bytes, i, out, 3) == 1 && out[0] != 0xfffd)
		push_key(SCAN_NULL, out[0]); /* UCS-2 keys: none beyond the BMP */
}

static void decode(int c)
{
	if (c == ESC)
		decode_escape();
	else if (c == DEL || c == '\b')
		push_key(SCAN_NULL, CHAR_BACKSPACE);
	else if (c > 0 && c < 0x80)
		push_key(SCAN_NULL, (CHAR16)c); /* CR, TAB, LF and other controls as they come */
	else if (c >= 0x80)
		decode_utf8(c);
}

/* Moves what the UART holds into the key queue while it has room (a byte makes one key at most). */
static void poll_keys(void)
{
	int c;

	while (queue_len < QUEUE_SIZE && (c = read_byte()) >= 0)
		decode(c);
}

static EFI_STATUS EFIAPI conin_read_key_stroke(SIMPLE_INPUT_INTERFACE *this, EFI_INPUT_KEY *key)
{
	if (!key)
		return EFI_INVALID_PARAMETER;
	events_poll();
	poll_keys();
	if (!queue_len)
		return EFI_NOT_READY;
	*key = queue[queue_head];
	queue_head = (queue_head + 1) % QUEUE_SIZE;
	queue_len--;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conin_reset(SIMPLE_INPUT_INTERFACE *this, BOOLEAN extended)
{
	/* Drops what was typed; a bound, as a stuck line could deliver bytes forever. */
	for (int i = 0; i < 4096 && efi_machine->console_read() >= 0; i++)
		;
	queue_len = 0;
	pushed_back = -1;
	return EFI_SUCCESS;
}

static VOID EFIAPI conin_wait_for_key(EFI_EVENT ev, VOID *ctx)
{
	poll_keys();
	if (queue_len)
		event_signal(ev);
}

static SIMPLE_INPUT_INTERFACE conin = {
	.Reset = conin_reset,
	.ReadKeyStroke = conin_read_key_stroke,
};

EFI_STATUS conin_init(SIMPLE_INPUT_INTERFACE **in)
{
	EFI_STATUS st = event_create(EVT_NOTIFY_WAIT, TPL_NOTIFY, conin_wait_for_key, NULL, &conin.WaitForKey);

	*in = &conin;
	return st;
}
