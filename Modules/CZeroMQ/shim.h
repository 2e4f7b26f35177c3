#ifndef BYLINE_CZEROMQ_SHIM_H
#define BYLINE_CZEROMQ_SHIM_H
#include <zmq.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif
#endif
