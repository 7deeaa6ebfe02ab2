#include <zlib.h>
/* deflateInit2 is a macro Swift cannot call; zip entries use raw deflate (no zlib header). */
static inline int systemzlib_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
static inline int systemzlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
