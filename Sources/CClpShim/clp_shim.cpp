// clp_shim.cpp — see include/clp_shim.h for the why.
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

#include "clp_shim.h"

#include <ClpSimplex.hpp>
#include <CoinError.hpp>
#include <CoinFinite.hpp>

#include <cmath>
#include <exception>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

struct aral_clp {
    ClpSimplex *model = nullptr;
    /// Work arrays and factorization from a previous solve exist (last solve used bit 1).
    bool hot = false;
    int iterations = 0;
    int64_t coldRetries = 0;
    std::string lastError;
};

namespace {

constexpr int kKeepArrays = 1;      // keep work areas and factorization at end
constexpr int kWarm = 1 | 2 | 4;    // + reuse factorization + skip re-initialization
constexpr double kInfinityCut = 1.0e30;

inline double clampBound(double value) {
    if (value >= kInfinityCut) return COIN_DBL_MAX;
    if (value <= -kInfinityCut) return -COIN_DBL_MAX;
    return value;
}

void configure(ClpSimplex &model, int scalingMode) {
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.scaling(scalingMode);
}

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

int finishSolve(aral_clp *clp) {
    clp->hot = true;
    return clp->model->problemStatus();
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
        std::vector<double> colLo(column_lower, column_lower + columns);
        std::vector<double> colUp(column_upper, column_upper + columns);
        std::vector<double> rowLo(row_lower, row_lower + rows);
        std::vector<double> rowUp(row_upper, row_upper + rows);
        for (double &v : colLo) v = clampBound(v);
        for (double &v : colUp) v = clampBound(v);
        for (double &v : rowLo) v = clampBound(v);
        for (double &v : rowUp) v = clampBound(v);
        static_assert(sizeof(CoinBigIndex) == sizeof(int32_t), "CLP built with 64-bit CoinBigIndex");
        // A fresh model drops every trace of the old basis and work arrays.
        int scalingMode = clp->model->scalingFlag();
        ClpSimplex *fresh = new ClpSimplex();
        configure(*fresh, scalingMode < 0 ? -scalingMode : scalingMode);
        fresh->loadProblem(columns, rows, column_starts, row_indices, elements,
                           colLo.data(), colUp.data(), objective, rowLo.data(), rowUp.data());
        delete clp->model;
        clp->model = fresh;
        clp->hot = false;
        clp->iterations = 0;
        return 0;
    } catch (...) {
        recordException(clp, "load");
        return -1;
    }
}

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
        clp->model->setColumnBounds(column, clampBound(lower), clampBound(upper));
    } catch (...) {
        recordException(clp, "set_column_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_row_bounds(aral_clp *clp, int32_t row, double lower, double upper) {
    try {
        clp->model->setRowBounds(row, clampBound(lower), clampBound(upper));
    } catch (...) {
        recordException(clp, "set_row_bounds");
        clp->hot = false;
    }
}

void aral_clp_set_objective_coefficient(aral_clp *clp, int32_t column, double value) {
    try {
        clp->model->setObjectiveCoefficient(column, value);
    } catch (...) {
        recordException(clp, "set_objective_coefficient");
        clp->hot = false;
    }
}

void aral_clp_set_all_column_bounds(aral_clp *clp, const double *lower, const double *upper) {
    try {
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
        if (!clp->hot) {
            m.dual(0, kKeepArrays);
            clp->iterations = m.numberIterations();
            return finishSolve(clp);
        }
        m.dual(0, kWarm);
        clp->iterations = m.numberIterations();
        if (m.problemStatus() != 0) {
            // Never report a non-optimal status that could be an artifact of stale warm-start
            // state: confirm it from a slack basis with fresh work arrays.
            clp->coldRetries += 1;
            m.allSlackBasis(true);
            m.dual(0, kKeepArrays);
            clp->iterations += m.numberIterations();
        }
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

const double *aral_clp_primal(const aral_clp *clp) { return clp->model->primalColumnSolution(); }
const double *aral_clp_row_activity(const aral_clp *clp) { return clp->model->primalRowSolution(); }
const double *aral_clp_row_duals(const aral_clp *clp) { return clp->model->dualRowSolution(); }
const double *aral_clp_reduced_costs(const aral_clp *clp) { return clp->model->dualColumnSolution(); }
double aral_clp_objective_value(const aral_clp *clp) { return clp->model->objectiveValue(); }
int aral_clp_status(const aral_clp *clp) { return clp->model->problemStatus(); }
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
