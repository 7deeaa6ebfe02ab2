#include <libxml/xmlversion.h>
/* Debian's libxml2 pulls in the system ICU, whose UErrorCode clashes with Foundation's
   _FoundationICU on clean builds. Nothing here uses libxml2's ICU encoders. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>

/* xmlFree is a mutable C global, which Swift 6 refuses to read: a function wraps it. */
static inline void cxml_free(void *pointer) { xmlFree(pointer); }
