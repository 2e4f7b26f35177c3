#ifndef BYLINE_CLIBXML2_SHIM_H
#define BYLINE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and its encoding.h then includes ICU's headers, which clash
   with the ICU that Foundation bundles. Byline converts charsets itself and only ever holds pointers
   to libxml2's encoding handlers, so their ICU fields are never reached from Swift. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#endif
