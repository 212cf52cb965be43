// clp_handle.hpp — the shim's handle and what its two halves share (internal; not part of the
// C API in include/clp_shim.h).
//
// The shim has two halves, each in its own file with its contract at the top:
//  * clp_shim.cpp — the thin binding: load/reload, bound/cost setters, CLP's solves (warm,
//    cold, presolved, from a carried basis), status and solution access, names and MPS.
//  * clp_fast_path.cpp — the basis-reuse fast path (`tryFastSolve`), which answers a solve
//    from the previous optimal basis without running CLP's simplex when that is exactly what
//    CLP's warm dual simplex would return, and otherwise hands the solve back to CLP.
// The binding owns the handle's life cycle; the fast path only reads CLP's model and updates
// the saved solution (`x`, `r`, `objective`) in place.
#ifndef ARAL_CLP_HANDLE_HPP
#define ARAL_CLP_HANDLE_HPP

#include "clp_shim.h"

#include <ClpSimplex.hpp>
#include <CoinFinite.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct aral_clp {
    ClpSimplex *model = nullptr;
    /// Work arrays and factorization from a previous solve exist (last solve used bit 1).
    bool hot = false;
    int iterations = 0;
    int64_t coldRetries = 0;
    std::string lastError;

    // Basis-reuse fast path (see aral_clp_solve): the last optimal solution, kept here so it
    // can be updated in place, and what changed since.
    bool fastPath = true;
    /// `x` and `r` hold an optimal solution for the current basis and the bounds as they were.
    bool solutionValid = false;
    std::vector<double> x;          // column values
    std::vector<double> r;          // row activities
    std::vector<int32_t> touched;   // pivot rows (≥ 0) or -1-sequence of basics to check
    std::vector<std::pair<int32_t, double>> moves;  // (sequence, change) of nonbasic moves
    std::vector<double> rhs;        // right-hand side for a full recomputation of the basics
    std::vector<uint32_t> costMark; // costGeneration where a column's cost change was seen
    std::vector<std::pair<int32_t, double>> basicCosts;  // (column, cost change) of basics
    std::vector<int32_t> costChecks;                     // nonbasic columns whose cost changed
    std::vector<int32_t> rowOf;     // pivot row of each basic variable (sequence-indexed)
    std::vector<double> rho;        // δᵀB⁻¹ for a step's basic cost changes
    uint32_t costGeneration = 0;
    std::vector<int32_t> changedColumns;
    std::vector<int32_t> changedRows;
    std::vector<std::pair<int32_t, double>> changedCosts;  // (column, old cost)
    double objective = 0;
    int fastSinceSolve = 0;
    int64_t fastSolves = 0;
    /// Why solves went to CLP, by ARAL_CLP_DECLINE_* (diagnostic only).
    int64_t declines[ARAL_CLP_DECLINE_COUNT] = {};
    /// The last solve was handed to CLP by the fast path (so its pivots are counted).
    bool declined = false;

    // Reload with a carried basis (aral_clp_reload) and presolved cold starts.
    /// The loaded model holds a basis carried over from the previous one: the next solve runs
    /// the primal simplex from it.
    bool carriedBasis = false;
    /// The loaded model was never solved and has no carried basis: a solve starts from scratch.
    bool noBasis = true;
    /// Cold solves of models with at least this many rows go through presolve (`initialSolve`).
    int32_t presolveRows = INT32_MAX;
};

namespace aral_clp_detail {

constexpr int kKeepArrays = 1;      // keep work areas and factorization at end
constexpr int kWarm = 1 | 2 | 4;    // + reuse factorization + skip re-initialization
/// Bounds at or beyond ±1e30 are infinite (CLP's own cut-off).
constexpr double kInfinityCut = 1.0e30;

inline double clampBound(double value) {
    if (value >= kInfinityCut) return COIN_DBL_MAX;
    if (value <= -kInfinityCut) return -COIN_DBL_MAX;
    return value;
}

/// The basis-reuse fast path (clp_fast_path.cpp). Returns true if the saved solution (x, r,
/// objective) is now optimal for the changed LP, exactly as CLP would report it; false means
/// CLP must solve (x and r may then be half-updated; CLP's solve replaces them).
bool tryFastSolve(aral_clp *clp);

}  // namespace aral_clp_detail

#endif
