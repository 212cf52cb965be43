#include "clp_shim.h"
#include <ClpSimplex.hpp>
extern "C" int aral_clp_placeholder(void) { ClpSimplex s; return s.numberRows(); }
