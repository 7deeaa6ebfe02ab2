#include <libxml/xmlversion.h>
/* Debian's libxml2 pulls in the system ICU, whose UErrorCode clashes with Foundation's
   _FoundationICU on clean builds. Nothing here uses libxml2's ICU encoders. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
