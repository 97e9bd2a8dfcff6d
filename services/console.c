/*
 * EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL on the byte console (COM1, port 0xE9) for ConOut and StdErr:
 * UTF-16 becomes UTF-8, colours and cursor moves become ANSI escapes for the terminal at the
 * other end. One 80x25 mode; the Mode structure tracks the cursor as a text screen would.
 */
#include <stdbool.h>

#include "lib/lib.h"
#include "lib/uefi.h"
#include "lib/utf16.h"
#include "services/console.h"
#include "services/protocol.h"
#include "services/efi.h"

#define COLS 80
#define ROWS 25
#define TAB_STOP 8
#define DEFAULT_ATTR EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK)

static SIMPLE_TEXT_OUTPUT_MODE mode = {
	.MaxMode = 1,
	.Attribute = DEFAULT_ATTR,
	.CursorVisible = TRUE,
};
static bool after_cr; /* a LF right after a CR needs no CR of its own */

static struct vendor_device_path console_path =
	VENDOR_DEVICE_PATH_OF(HARDWARE_DEVICE_PATH, HW_VENDOR_DP, PVHEFI_CONSOLE_DEVICE_GUID);

static void emit(const char *s)
{
	efi_machine->console_write(s, strlen(s));
}

static void line_feed(void)
{
	if (mode.CursorRow < ROWS - 1)
		mode.CursorRow++; /* else the terminal scrolls */
}

/* The character at s (NUL-terminated): a surrogate pair counts as one, a lone surrogate stays
 * itself. */
static uint32_t next_char(const CHAR16 *s, size_t *units)
{
	return utf16_decode(s, s[1] ? 2 : 1, units);
}

/* A UTF-8 terminal shows everything but controls, lone surrogates and non-characters. */
static bool printable(uint32_t c)
{
	return c >= 0x20 && !(c >= 0x7f && c < 0xa0) && !(c >= 0xd800 && c <= 0xdfff) &&
	       (c & 0xfffe) != 0xfffe;
}

static bool is_control(uint32_t c)
{
	return c == CHAR_BACKSPACE || c == CHAR_TAB || c == CHAR_LINEFEED || c == CHAR_CARRIAGE_RETURN;
}

static void put_glyph(const CHAR16 *s, size_t units)
{
	char utf8[8];

	efi_machine->console_write(utf8, utf16_to_utf8(s, units, utf8, sizeof(utf8)));
	after_cr = false;
	if (++mode.CursorColumn == COLS) {
		/* Wrap here rather than leave it to the terminal (which wraps late, or not at all
		 * when wider): the cursor on screen stays where Mode says. */
		emit("\r\n");
		mode.CursorColumn = 0;
		line_feed();
	}
}

static void put_control(uint32_t c)
{
	static const CHAR16 space[] = { ' ', 0 };

	switch (c) {
	case CHAR_CARRIAGE_RETURN:
		emit("\r");
		mode.CursorColumn = 0;
		break;
	case CHAR_LINEFEED:
		emit(after_cr ? "\n" : "\r\n"); /* a lone LF would leave a terminal's column */
		mode.CursorColumn = 0;
		line_feed();
		break;
	case CHAR_BACKSPACE:
		if (mode.CursorColumn > 0) {
			emit("\b");
			mode.CursorColumn--;
		}
		break;
	case CHAR_TAB:
		do
			put_glyph(space, 1);
		while (mode.CursorColumn % TAB_STOP);
		break;
	}
	after_cr = c == CHAR_CARRIAGE_RETURN;
}

static EFI_STATUS EFIAPI conout_output_string(SIMPLE_TEXT_OUTPUT_INTERFACE *this, CHAR16 *s)
{
	EFI_STATUS st = EFI_SUCCESS;
	size_t units;
	uint32_t c;

	if (!s)
		return EFI_INVALID_PARAMETER;
	for (; *s; s += units) {
		c = next_char(s, &units);
		if (is_control(c))
			put_control(c);
		else if (printable(c))
			put_glyph(s, units);
		else
			st = EFI_WARN_UNKNOWN_GLYPH; /* skipped */
	}
	return st;
}

static EFI_STATUS EFIAPI conout_test_string(SIMPLE_TEXT_OUTPUT_INTERFACE *this, CHAR16 *s)
{
	size_t units;
	uint32_t c;

	if (!s)
		return EFI_INVALID_PARAMETER;
	for (; *s; s += units) {
		c = next_char(s, &units);
		if (!is_control(c) && !printable(c))
			return EFI_UNSUPPORTED;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_query_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *this, UINTN n, UINTN *cols,
					UINTN *rows)
{
	if (n != 0)
		return EFI_UNSUPPORTED;
	if (!cols || !rows)
		return EFI_INVALID_PARAMETER;
	*cols = COLS;
	*rows = ROWS;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_clear_screen(SIMPLE_TEXT_OUTPUT_INTERFACE *this)
{
	emit("\033[2J\033[H");
	mode.CursorColumn = 0;
	mode.CursorRow = 0;
	after_cr = false;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_set_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *this, UINTN n)
{
	if (n != 0)
		return EFI_UNSUPPORTED;
	mode.Mode = 0;
	return conout_clear_screen(this);
}

static EFI_STATUS EFIAPI conout_set_attribute(SIMPLE_TEXT_OUTPUT_INTERFACE *this, UINTN attr)
{
	/* EFI colours are BGR bits, ANSI ones RGB. */
	static const uint8_t ansi[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	char sgr[24];

	if (attr & ~0x7fULL)
		return EFI_UNSUPPORTED;
	mode.Attribute = (INT32)attr;
	if (attr == DEFAULT_ATTR) {
		emit("\033[0m"); /* the terminal's own colours */
		return EFI_SUCCESS;
	}
	snprintf(sgr, sizeof(sgr), "\033[0;%u;%um", (attr & EFI_BRIGHT ? 90 : 30) + ansi[attr & 7],
		 40 + ansi[(attr >> 4) & 7]);
	emit(sgr);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_set_cursor_position(SIMPLE_TEXT_OUTPUT_INTERFACE *this, UINTN col,
						 UINTN row)
{
	char csi[24];

	if (col >= COLS || row >= ROWS)
		return EFI_UNSUPPORTED;
	snprintf(csi, sizeof(csi), "\033[%u;%uH", (unsigned)row + 1, (unsigned)col + 1);
	emit(csi);
	mode.CursorColumn = (INT32)col;
	mode.CursorRow = (INT32)row;
	after_cr = false;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_enable_cursor(SIMPLE_TEXT_OUTPUT_INTERFACE *this, BOOLEAN visible)
{
	emit(visible ? "\033[?25h" : "\033[?25l");
	mode.CursorVisible = visible ? TRUE : FALSE;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI conout_reset(SIMPLE_TEXT_OUTPUT_INTERFACE *this, BOOLEAN extended)
{
	conout_set_attribute(this, DEFAULT_ATTR);
	conout_enable_cursor(this, TRUE);
	return conout_set_mode(this, 0);
}

static SIMPLE_TEXT_OUTPUT_INTERFACE conout = {
	.Reset = conout_reset,
	.OutputString = conout_output_string,
	.TestString = conout_test_string,
	.QueryMode = conout_query_mode,
	.SetMode = conout_set_mode,
	.SetAttribute = conout_set_attribute,
	.ClearScreen = conout_clear_screen,
	.SetCursorPosition = conout_set_cursor_position,
	.EnableCursor = conout_enable_cursor,
	.Mode = &mode,
};

/* One handle for input, output and errors: they are one serial line. */
EFI_STATUS console_install(EFI_SYSTEM_TABLE *st)
{
	static EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	static EFI_GUID out_guid = EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID;
	static EFI_GUID in_guid = EFI_SIMPLE_TEXT_INPUT_PROTOCOL_GUID;
	SIMPLE_INPUT_INTERFACE *in;
	EFI_HANDLE handle = NULL;
	EFI_STATUS status;

	status = conin_init(&in);
	if (status != EFI_SUCCESS)
		return status;
	if ((status = proto_install(&handle, &path_guid, &console_path)) != EFI_SUCCESS ||
	    (status = proto_install(&handle, &out_guid, &conout)) != EFI_SUCCESS ||
	    (status = proto_install(&handle, &in_guid, in)) != EFI_SUCCESS)
		return status;
	st->ConIn = in;
	st->ConsoleInHandle = handle;
	st->ConOut = &conout;
	st->ConsoleOutHandle = handle;
	st->StdErr = &conout;
	st->StandardErrorHandle = handle;
	return EFI_SUCCESS;
}
