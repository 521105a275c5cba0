// PostgreSQL's client library (Debian: libpq-dev), for the migration's COPY paths.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
