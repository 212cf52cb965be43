// zlib from the system (Debian/Ubuntu zlib1g-dev; part of macOS): Pywr models read
// gzipped CSV files (`url: data.gz`), which pandas decompresses transparently.
#include <zlib.h>
