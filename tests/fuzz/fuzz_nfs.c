/*
 * fuzz_nfs.c - the Ganesha export parser and writer (api/gateways/nfs/nfs_format.c):
 * the input is the text of an export-<id> object, as a hand edit with the rados CLI
 * may leave it, given to nfs_parse_export as every reader of the pool gives it.
 * Properties: text is either refused with a reason or parsed; what parses, written
 * back by nfs_format_export, parses to the same export, and writing that again gives
 * the same text (the writer is a function of the export); the API's view of it
 * (nfs_export_json) can be made.
 */
#include "api/gateways/nfs/nfs.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *written, *again;
	const char *why = NULL;
	cJSON *e = nfs_parse_export(text, &why), *back, *view;

	if (!e) {
		FUZZ_ASSERT(why && *why, "refused without a reason");
		free(text);
		return 0;
	}
	written = nfs_format_export(e);
	why = NULL;
	back = nfs_parse_export(written, &why);
	FUZZ_ASSERT(back && cJSON_Compare(e, back, 1), "the export written as\n%s\nreads %s",
		    written, back ? "differently" : why);
	again = nfs_format_export(back);
	FUZZ_ASSERT(!strcmp(written, again), "written twice:\n%s\nthen\n%s", written, again);
	view = nfs_export_json(e);
	FUZZ_ASSERT(view && cJSON_IsObject(view), "no API view");
	cJSON_Delete(view);
	free(again);
	cJSON_Delete(back);
	free(written);
	cJSON_Delete(e);
	free(text);
	return 0;
}
