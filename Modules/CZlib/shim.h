#ifndef BYLINE_CZLIB_SHIM_H
#define BYLINE_CZLIB_SHIM_H
#include <zlib.h>
#include <iconv.h>
#endif
