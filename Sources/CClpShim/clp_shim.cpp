// clp_shim.cpp — the thin binding of the CLP shim (see include/clp_shim.h for the why).
//
// Contract. Every `aral_clp_*` function maps one-to-one onto `ClpSimplex` calls: load and
// reload (with a carried basis), bound and cost setters that keep CLP's basis and work arrays,
// the solves (warm `dual(0, 7)`, cold from a slack basis, presolved `initialSolve` for large
// LPs, primal from a carried basis), status and solution access, names and MPS output. No
// C++ exception escapes; failures return a negative code with a message in
// `aral_clp_last_error`. A solve that does not end optimal from warm-start state is confirmed
// by a cold re-solve, so a non-optimal status is never an artifact of reuse. The only place a
// solve may be answered without CLP's simplex is `tryFastSolve` (clp_fast_path.cpp), whose
// answers are CLP's by contract; the binding records what changed for it.
//
// Warm start notes (CLP 1.17, ClpSimplex.cpp / ClpSimplexDual.cpp):
//  * `dual(0, startFinishOptions)`: bit 1 keeps work arrays and factorization after the solve,
//    bit 2 reuses the old factorization when the row count is unchanged, bit 4 skips
//    re-checking/re-scaling the matrix and re-allocating work arrays when `whatsChanged_ & 1`.
//  * Even with bit 4, `startup()` calls `createRim(63, …)`, which recopies bounds, costs and
//    the solution from the model arrays into the (scaled) work arrays and moves every
//    nonbasic variable onto its (possibly new) bound. So changing bounds/costs between solves
//    is safe as long as the *model* arrays are updated — which `ClpSimplex::setColumnBounds`,
//    `setRowBounds` and `setObjectiveCoefficient` do (they also patch the work arrays and
//    clear the matching `whatsChanged_` bits). We always go through those setters, never
//    through raw pointers like `columnLower()`.
//  * `ClpSimplex::setColumnSetBounds` in the CLP sources we read clears the *row* bits
//    (16/32) instead of 128/256, so we do not use it: the batch setters loop over
//    `setColumnBounds`, which costs nothing measurable at these sizes.
//  * The matrix never changes after load, so bit 2 (MATRIX_SAME) stays valid.

#include "clp_handle.hpp"

#include <CoinPackedMatrix.hpp>
#include <ClpSolve.hpp>
#include <CoinError.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

using namespace aral_clp_detail;

namespace {

void configure(ClpSimplex &model, int scalingMode) {
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.scaling(scalingMode);
}

/// CLP's special option 4096 ("skip some optimality checks") for the warm dual re-solve of
/// a step, on while it lasts (restored on every exit, exceptions included). Read in CLP
/// 1.17.6's sources: it skips the dual's final "original tolerance" round — costs reloaded,
/// duals and primals recomputed, one more pass — when no cost was shifted during the solve,
/// and drops ratio-test cost shifts below 1e-12; it also lets the dual declare infeasibility
/// sooner, which `confirmNonOptimal` re-checks with a cold solve without it. Measured on the
/// Syr Darya's monthly steps (200 traces × 30 years, one worker): 19% less time per run, every
/// result identical, as on the 187 Pywr models and the plans compared. It is part of the fast
/// path: with the fast path off (`--no-fast-path`, `ClpSolver(usesFastPath: false)`) CLP runs
/// with its default checks, so the tests that compare the two paths at every step
/// (`FastPathPropertyTests`, `PywrGeneratedBasinTests`) also compare this option with CLP's
/// plain solve.
struct QuickFinish {
    static constexpr unsigned int kSkipSomeOptimalityChecks = 4096;
    ClpSimplex &model;
    const unsigned int plain;
    QuickFinish(ClpSimplex &m, bool on) : model(m), plain(m.specialOptions()) {
        if (on) model.setSpecialOptions(plain | kSkipSomeOptimalityChecks);
    }
    ~QuickFinish() { model.setSpecialOptions(plain); }
    QuickFinish(const QuickFinish &) = delete;
    QuickFinish &operator=(const QuickFinish &) = delete;
};

void recordException(aral_clp *clp, const char *where) {
    try {
        throw;
    } catch (const CoinError &e) {
        clp->lastError = std::string(where) + ": " + e.className() + "::" + e.methodName() + ": " + e.message();
    } catch (const std::exception &e) {
        clp->lastError = std::string(where) + ": " + e.what();
    } catch (...) {
        clp->lastError = std::string(where) + ": unknown C++ exception";
    }
}

/// Longest name we hand to CLP, in bytes. CoinMpsIO::writeMps copies names into fixed
/// 100-byte stack buffers: a 101-byte name aborts or segfaults the process (measured with
/// CoinUtils 2.11.4). 56 bytes plus a `#n` de-duplication suffix stays far below that.
constexpr size_t kMaxNameBytes = 56;

/// MPS names may not contain blanks; CoinMpsIO also chokes on control characters and on
/// long names (see kMaxNameBytes). Truncation happens on a UTF-8 character boundary.
std::vector<std::string> sanitizedNames(const char *const *names, int count, char prefix) {
    std::vector<std::string> result;
    result.reserve(static_cast<size_t>(count));
    std::unordered_set<std::string> seen;
    for (int i = 0; i < count; ++i) {
        std::string name = (names && names[i]) ? names[i] : "";
        if (name.size() > kMaxNameBytes) {
            size_t cut = kMaxNameBytes;
            // Back up over UTF-8 continuation bytes (10xxxxxx) so a character is not split.
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
            name.resize(cut);
        }
        for (char &c : name) {
            unsigned char u = static_cast<unsigned char>(c);
            if (u <= 0x20 || u == 0x7f) c = '_';
        }
        if (name.empty()) name = prefix + std::to_string(i);
        if (!seen.insert(name).second) {
            std::string base = name;
            int suffix = 2;
            do {
                name = base + "#" + std::to_string(suffix++);
            } while (!seen.insert(name).second);
        }
        result.push_back(std::move(name));
    }
    return result;
}

/// After CLP itself solved: take its solution as the base of later fast steps.
int finishSolve(aral_clp *clp) {
    clp->hot = true;
    ClpSimplex &m = *clp->model;
    const int n = m.numberColumns(), rows = m.numberRows();
    const int status = m.problemStatus();
    clp->x.assign(m.primalColumnSolution(), m.primalColumnSolution() + n);
    clp->r.assign(m.primalRowSolution(), m.primalRowSolution() + rows);
    clp->objective = m.objectiveValue();
    clp->changedColumns.clear();
    clp->changedRows.clear();
    clp->changedCosts.clear();
    clp->fastSinceSolve = 0;
    clp->solutionValid = status == 0 && m.scalingFlag() == 0 && m.pivotVariable() && m.rowArray(0);
    return status;
}

/// Never report a non-optimal status that could be an artifact of a warm start (stale work
/// arrays, a carried-over basis, presolve): if the last solve did not end optimal, confirm it
/// from a slack basis with fresh work arrays. Returns whether it re-solved.
bool confirmNonOptimal(aral_clp *clp) {
    ClpSimplex &m = *clp->model;
    if (m.problemStatus() == 0) return false;
    clp->coldRetries += 1;
    m.allSlackBasis(true);
    m.dual(0, kKeepArrays);
    clp->iterations += m.numberIterations();
    return true;
}

/// A new model holding the given problem (bounds clamped to CLP's infinity), configured like
/// the one it replaces. Throws what CLP throws.
ClpSimplex *newModel(const ClpSimplex &previous, int32_t columns, int32_t rows,
                     const int32_t *column_starts, const int32_t *row_indices, const double *elements,
                     const double *column_lower, const double *column_upper, const double *objective,
                     const double *row_lower, const double *row_upper) {
    std::vector<double> colLo(column_lower, column_lower + columns);
    std::vector<double> colUp(column_upper, column_upper + columns);
    std::vector<double> rowLo(row_lower, row_lower + rows);
    std::vector<double> rowUp(row_upper, row_upper + rows);
    for (double &v : colLo) v = clampBound(v);
    for (double &v : colUp) v = clampBound(v);
    for (double &v : rowLo) v = clampBound(v);
    for (double &v : rowUp) v = clampBound(v);
    static_assert(sizeof(CoinBigIndex) == sizeof(int32_t), "CLP built with 64-bit CoinBigIndex");
    int scalingMode = previous.scalingFlag();
    ClpSimplex *fresh = new ClpSimplex();
    try {
        configure(*fresh, scalingMode < 0 ? -scalingMode : scalingMode);
        fresh->loadProblem(columns, rows, column_starts, row_indices, elements,
                           colLo.data(), colUp.data(), objective, rowLo.data(), rowUp.data());
    } catch (...) {
        delete fresh;
        throw;
    }
    return fresh;
}

/// A nonbasic status that is valid under the bounds [lower, upper]: `status` itself when its
/// bound is finite, else the other bound, else free. Basic stays basic.
unsigned char validNonbasic(unsigned char status, double lower, double upper) {
    const bool hasLower = lower > -kInfinityCut, hasUpper = upper < kInfinityCut;
    switch (static_cast<ClpSimplex::Status>(status)) {
    case ClpSimplex::basic:
        return status;
    case ClpSimplex::atLowerBound:
        if (hasLower) return status;
        break;
    case ClpSimplex::atUpperBound:
        if (hasUpper) return status;
        break;
    case ClpSimplex::isFixed:
        if (hasLower && lower == upper) return status;
        break;
    default:
        break;
    }
    if (hasLower) return ClpSimplex::atLowerBound;
    if (hasUpper) return ClpSimplex::atUpperBound;
    return ClpSimplex::isFree;
}

/// Gives `fresh` the basis of `old` as a starting point: columns and rows that exist in both
/// (same index) keep their status and column value; new columns start nonbasic at a bound,
/// new rows with their slack basic. Returns false if `old` has no basis to carry.
/// The result need not be a valid basis (rows dropped while nonbasic leave too many basic
/// variables, a changed matrix may make it singular): CLP repairs both when it factorizes.
bool carryBasis(const ClpSimplex &old, ClpSimplex &fresh) {
    if (!old.statusExists()) return false;
    const int n = fresh.numberColumns(), m = fresh.numberRows();
    const int oldN = old.numberColumns(), oldM = old.numberRows();
    const unsigned char *oldStatus = old.statusArray();
    const double *colLo = fresh.columnLower(), *colUp = fresh.columnUpper();
    const double *rowLo = fresh.rowLower(), *rowUp = fresh.rowUpper();
    std::vector<unsigned char> status(static_cast<size_t>(n + m));
    for (int j = 0; j < n; ++j) {
        const unsigned char carried = j < oldN ? (oldStatus[j] & 7) : ClpSimplex::atLowerBound;
        status[j] = validNonbasic(carried, colLo[j], colUp[j]);
    }
    for (int i = 0; i < m; ++i) {
        const unsigned char carried = i < oldM ? (oldStatus[oldN + i] & 7) : ClpSimplex::basic;
        status[n + i] = validNonbasic(carried, rowLo[i], rowUp[i]);
    }
    fresh.copyinStatus(status.data());
    const double *oldX = old.getColSolution();
    double *x = fresh.primalColumnSolution();
    if (oldX && x) std::copy(oldX, oldX + std::min(n, oldN), x);
    return true;
}

}  // namespace

extern "C" {

aral_clp *aral_clp_create(void) {
    try {
        aral_clp *clp = new aral_clp();
        clp->model = new ClpSimplex();
        configure(*clp->model, 0);
        return clp;
    } catch (...) {
        return nullptr;
    }
}

void aral_clp_free(aral_clp *clp) {
    if (!clp) return;
    try {
        delete clp->model;
    } catch (...) {
    }
    delete clp;
}

int aral_clp_load(aral_clp *clp, int32_t columns, int32_t rows,
                  const int32_t *column_starts, const int32_t *row_indices, const double *elements,
                  const double *column_lower, const double *column_upper, const double *objective,
                  const double *row_lower, const double *row_upper) {
    clp->lastError.clear();
    try {
        // A fresh model drops every trace of the old basis and work arrays.
        ClpSimplex *fresh = newModel(*clp->model, columns, rows, column_starts, row_indices, elements,
                                     column_lower, column_upper, objective, row_lower, row_upper);
        delete clp->model;
        clp->model = fresh;
        clp->hot = false;
        clp->solutionValid = false;
        clp->carriedBasis = false;
        clp->noBasis = true;
        clp->iterations = 0;
        return 0;
    } catch (...) {
        recordException(clp, "load");
        return -1;
    }
}

int aral_clp_reload(aral_clp *clp, int32_t columns, int32_t rows,
                    const int32_t *column_starts, const int32_t *row_indices, const double *elements,
                    const double *column_lower, const double *column_upper, const double *objective,
                    const double *row_lower, const double *row_upper) {
    clp->lastError.clear();
    try {
        ClpSimplex *fresh = newModel(*clp->model, columns, rows, column_starts, row_indices, elements,
                                     column_lower, column_upper, objective, row_lower, row_upper);
        bool carried = false;
        try {
            carried = carryBasis(*clp->model, *fresh);
        } catch (...) {
            delete fresh;
            throw;
        }
        delete clp->model;
        clp->model = fresh;
        // New work arrays and a new factorization either way; the fast path's saved solution
        // belongs to the old model.
        clp->hot = false;
        clp->solutionValid = false;
        clp->carriedBasis = carried;
        clp->noBasis = !carried;
        clp->iterations = 0;
        return 0;
    } catch (...) {
        recordException(clp, "reload");
        return -1;
    }
}

void aral_clp_set_presolve_rows(aral_clp *clp, int32_t rows) { clp->presolveRows = rows; }

int aral_clp_set_names(aral_clp *clp, const char *const *row_names, const char *const *column_names) {
    clp->lastError.clear();
    try {
        ClpSimplex &m = *clp->model;
        std::vector<std::string> rowNames = sanitizedNames(row_names, m.numberRows(), 'R');
        std::vector<std::string> columnNames = sanitizedNames(column_names, m.numberColumns(), 'C');
        m.copyNames(rowNames, columnNames);
        return 0;
    } catch (...) {
        recordException(clp, "set_names");
        return -1;
    }
}

void aral_clp_set_column_bounds(aral_clp *clp, int32_t column, double lower, double upper) {
    try {
        if (clp->solutionValid) clp->changedColumns.push_back(column);
        clp->model->setColumnBounds(column, clampBound(lower), clampBound(upper));
    } catch (...) {
        recordException(clp, "set_column_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_row_bounds(aral_clp *clp, int32_t row, double lower, double upper) {
    try {
        if (clp->solutionValid) clp->changedRows.push_back(row);
        clp->model->setRowBounds(row, clampBound(lower), clampBound(upper));
    } catch (...) {
        recordException(clp, "set_row_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_objective_coefficient(aral_clp *clp, int32_t column, double value) {
    try {
        if (clp->solutionValid) clp->changedCosts.emplace_back(column, clp->model->objective()[column]);
        clp->model->setObjectiveCoefficient(column, value);
    } catch (...) {
        recordException(clp, "set_objective_coefficient");
        clp->hot = false;
    }
}

void aral_clp_set_all_column_bounds(aral_clp *clp, const double *lower, const double *upper) {
    try {
        clp->solutionValid = false;
        ClpSimplex &m = *clp->model;
        const int n = m.numberColumns();
        for (int j = 0; j < n; ++j) m.setColumnBounds(j, clampBound(lower[j]), clampBound(upper[j]));
    } catch (...) {
        recordException(clp, "set_all_column_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_all_row_bounds(aral_clp *clp, const double *lower, const double *upper) {
    try {
        clp->solutionValid = false;
        ClpSimplex &m = *clp->model;
        const int n = m.numberRows();
        for (int i = 0; i < n; ++i) m.setRowBounds(i, clampBound(lower[i]), clampBound(upper[i]));
    } catch (...) {
        recordException(clp, "set_all_row_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_all_objective(aral_clp *clp, const double *objective) {
    try {
        clp->solutionValid = false;
        ClpSimplex &m = *clp->model;
        const int n = m.numberColumns();
        for (int j = 0; j < n; ++j) m.setObjectiveCoefficient(j, objective[j]);
    } catch (...) {
        recordException(clp, "set_all_objective");
        clp->hot = false;
    }
}

void aral_clp_set_scaling(aral_clp *clp, int mode) {
    try {
        clp->solutionValid = false;
        clp->model->scaling(mode);
    } catch (...) {
        recordException(clp, "set_scaling");
    }
    clp->hot = false;
}

int aral_clp_solve(aral_clp *clp) {
    clp->lastError.clear();
    try {
        ClpSimplex &m = *clp->model;
        const bool fromScratch = clp->noBasis;
        clp->noBasis = false;
        if (clp->hot && clp->fastPath && clp->solutionValid) {
            if (tryFastSolve(clp)) {
                clp->iterations = 0;
                return 0;
            }
        }
        clp->solutionValid = false;
        if (!clp->hot && clp->carriedBasis) {
            // A reloaded LP from the previous LP's basis. Typically only the objective and a
            // few rows changed, so that basis is primal feasible but not dual feasible: the
            // primal simplex continues from it (measured on the planner's LPs: ~2× fewer
            // iterations than the dual).
            clp->carriedBasis = false;
            m.primal(0, kKeepArrays);
            clp->iterations = m.numberIterations();
            confirmNonOptimal(clp);  // as for warm solves
            return finishSolve(clp);
        }
        if (!clp->hot && fromScratch && m.numberRows() >= clp->presolveRows) {
            // A large LP from scratch: presolve (and CLP's choice of algorithm on the reduced
            // LP) is far faster than the dual simplex from a slack basis — 0.1 s instead of
            // 5 s on a daily plan LP. initialSolve keeps no work arrays, so the next solve
            // starts from its basis with a fresh factorization (not hot).
            ClpSolve options;
            options.setPresolveType(ClpSolve::presolveOn);
            m.initialSolve(options);
            clp->iterations = m.numberIterations();
            if (confirmNonOptimal(clp)) return finishSolve(clp);
            const int status = finishSolve(clp);
            clp->hot = false;
            clp->solutionValid = false;
            return status;
        }
        if (!clp->hot) {
            m.dual(0, kKeepArrays);
            clp->iterations = m.numberIterations();
            return finishSolve(clp);
        }
        {
            QuickFinish quick(m, clp->fastPath);
            m.dual(0, kWarm);
        }
        clp->iterations = m.numberIterations();
        if (clp->declined && clp->iterations == 0) clp->declines[ARAL_CLP_DECLINE_ZERO_PIVOT_SOLVES] += 1;
        clp->declined = false;
        confirmNonOptimal(clp);
        return finishSolve(clp);
    } catch (...) {
        recordException(clp, "solve");
        clp->hot = false;
        return ARAL_CLP_STATUS_EXCEPTION;
    }
}

int aral_clp_solve_cold(aral_clp *clp) {
    clp->lastError.clear();
    try {
        ClpSimplex &m = *clp->model;
        clp->solutionValid = false;
        clp->noBasis = false;
        clp->carriedBasis = false;
        m.allSlackBasis(true);
        m.dual(0, kKeepArrays);
        clp->iterations = m.numberIterations();
        return finishSolve(clp);
    } catch (...) {
        recordException(clp, "solve_cold");
        clp->hot = false;
        return ARAL_CLP_STATUS_EXCEPTION;
    }
}

const double *aral_clp_primal(const aral_clp *clp) {
    return clp->hot && !clp->x.empty() ? clp->x.data() : clp->model->primalColumnSolution();
}
const double *aral_clp_row_activity(const aral_clp *clp) {
    return clp->hot && !clp->r.empty() ? clp->r.data() : clp->model->primalRowSolution();
}
const double *aral_clp_row_duals(const aral_clp *clp) { return clp->model->dualRowSolution(); }
const double *aral_clp_reduced_costs(const aral_clp *clp) { return clp->model->dualColumnSolution(); }
double aral_clp_objective_value(const aral_clp *clp) { return clp->hot ? clp->objective : clp->model->objectiveValue(); }
int aral_clp_status(const aral_clp *clp) { return clp->model->problemStatus(); }
void aral_clp_set_fast_path(aral_clp *clp, int enabled) {
    clp->fastPath = enabled != 0;
    clp->solutionValid = false;
}
int64_t aral_clp_fast_solves(const aral_clp *clp) { return clp->fastSolves; }
int64_t aral_clp_fast_declines(const aral_clp *clp, int reason) {
    return reason >= 0 && reason < ARAL_CLP_DECLINE_COUNT ? clp->declines[reason] : 0;
}
int aral_clp_secondary_status(const aral_clp *clp) { return clp->model->secondaryStatus(); }
int aral_clp_iterations(const aral_clp *clp) { return clp->iterations; }
int64_t aral_clp_cold_retries(const aral_clp *clp) { return clp->coldRetries; }
int32_t aral_clp_rows(const aral_clp *clp) { return clp->model->numberRows(); }
int32_t aral_clp_columns(const aral_clp *clp) { return clp->model->numberColumns(); }

int aral_clp_write_mps(aral_clp *clp, const char *path) {
    clp->lastError.clear();
    try {
        // formatType 1: extra accuracy (values round-trip); 2 values per line; names are used
        // because copyNames set lengthNames_.
        int rc = clp->model->writeMps(path, 1, 2, 0.0);
        if (rc != 0) {
            clp->lastError = "writeMps returned " + std::to_string(rc);
            return -1;
        }
        return 0;
    } catch (...) {
        recordException(clp, "write_mps");
        return -1;
    }
}

const char *aral_clp_last_error(const aral_clp *clp) { return clp->lastError.c_str(); }

}  // extern "C"
