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

#include <ClpFactorization.hpp>
#include <CoinPackedMatrix.hpp>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinIndexedVector.hpp>
#include <CoinError.hpp>
#include <CoinFinite.hpp>

#include <algorithm>
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

    // Reload with a carried basis (aral_clp_reload) and presolved cold starts.
    /// The loaded model holds a basis carried over from the previous one: the next solve runs
    /// the primal simplex from it.
    bool carriedBasis = false;
    /// The loaded model was never solved and has no carried basis: a solve starts from scratch.
    bool noBasis = true;
    /// Cold solves of models with at least this many rows go through presolve (`initialSolve`).
    int32_t presolveRows = INT32_MAX;
};

namespace {

constexpr int kKeepArrays = 1;      // keep work areas and factorization at end
constexpr int kWarm = 1 | 2 | 4;    // + reuse factorization + skip re-initialization
constexpr double kInfinityCut = 1.0e30;
/// Sign of a row activity's move relative to its slack's internal column, as `ClpSimplex::unpack`
/// gives it (pinned by the fast-path tests against fresh solves: flipping it fails them).
constexpr double kRowSign = 1.0;
/// Sign of the dual change relative to CLP's BTRAN of the basic cost changes (pinned like
/// kRowSign by the tests).
constexpr double kDualSign = 1.0;

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

/// Fast steps in a row before CLP re-solves from scratch anyway, so rounding in the in-place
/// updates cannot build up.
constexpr int kMaxFastSteps = 64;
/// Up to this many moving nonbasic variables, the basics are updated one FTRAN per move;
/// above it, recomputed with one FTRAN of the whole right-hand side.
constexpr size_t kIncrementalMoves = 4;

/// The value a nonbasic variable takes under its (possibly new) bounds, or NaN if the fast
/// path cannot tell (free, superbasic, fixed status with an open box, infinite bound).
inline double nonbasicValue(ClpSimplex::Status status, double lower, double upper) {
    double v;
    switch (status) {
    case ClpSimplex::atLowerBound: v = lower; break;
    case ClpSimplex::atUpperBound: v = upper; break;
    case ClpSimplex::isFixed: v = lower == upper ? lower : NAN; break;
    default: return NAN;
    }
    return std::fabs(v) < kInfinityCut ? v : NAN;
}

inline bool within(double value, double lower, double upper) {
    const double tolLo = 1e-9 * std::max(1.0, std::fabs(lower));
    const double tolUp = 1e-9 * std::max(1.0, std::fabs(upper));
    return value >= lower - tolLo && value <= upper + tolUp;
}

/// Basis-reuse fast path. Between steps usually only a few bounds move and the optimal basis
/// stays optimal: the costs did not change, so the basis stays dual feasible, and if the basic
/// variables recomputed under the new bounds stay within theirs it stays primal feasible —
/// which is exactly the case in which CLP's warm dual simplex would do zero pivots. Then the
/// new solution is the old one moved along a column of B⁻¹A (or B⁻¹) per changed nonbasic
/// bound, a few hundred flops instead of CLP's full set-up and tear-down of its work arrays.
/// Returns true if the current solution (x, r) is now optimal for the changed LP; false means
/// CLP must solve (x and r may then be half-updated; CLP's solve replaces them).
bool tryFastSolve(aral_clp *clp) {
    ClpSimplex &m = *clp->model;
    const int n = m.numberColumns(), rows = m.numberRows();
    if (clp->fastSinceSolve >= kMaxFastSteps) return false;
    const double *colLower = m.columnLower(), *colUpper = m.columnUpper();
    const double *rowLower = m.rowLower(), *rowUpper = m.rowUpper();
    const int *pivot = m.pivotVariable();
    double *dj = m.dualColumnSolution();
    const double dualTolerance = m.dualTolerance();

    // Costs. A nonbasic column's reduced cost moves by its cost change. A basic column's cost
    // change moves the duals by ρ = δᵀB⁻¹ (one BTRAN for all of them, δ holding the changes
    // at the columns' pivot rows), and so every nonbasic reduced cost by −ρᵀaⱼ (a row
    // activity's by +ρᵢ). The basis stays optimal if every nonbasic reduced cost keeps the
    // sign its bound status needs.
    double objectiveChange = 0;
    // A column whose cost was set twice is listed twice; only its first entry holds the cost
    // of the last solve.
    clp->costMark.resize(static_cast<size_t>(n), 0);
    if (++clp->costGeneration == 0) {  // wrapped: forget every mark
        std::fill(clp->costMark.begin(), clp->costMark.end(), 0u);
        clp->costGeneration = 1;
    }
    std::vector<std::pair<int32_t, double>> &basicCosts = clp->basicCosts;
    std::vector<int32_t> &costChecks = clp->costChecks;
    basicCosts.clear();
    costChecks.clear();
    for (const auto &change : clp->changedCosts) {
        const int j = change.first;
        if (clp->costMark[j] == clp->costGeneration) continue;
        clp->costMark[j] = clp->costGeneration;
        const double delta = m.objective()[j] - change.second;
        if (delta == 0) continue;
        objectiveChange += delta * clp->x[j];
        const ClpSimplex::Status status = m.getColumnStatus(j);
        if (status == ClpSimplex::basic) {
            basicCosts.emplace_back(j, delta);
        } else if (status == ClpSimplex::atLowerBound || status == ClpSimplex::atUpperBound || status == ClpSimplex::isFixed) {
            dj[j] += delta;
            costChecks.push_back(j);
        } else {
            return false;
        }
    }
    auto dualFeasible = [dualTolerance](ClpSimplex::Status status, double d) {
        switch (status) {
        case ClpSimplex::atLowerBound: return d >= -dualTolerance;
        case ClpSimplex::atUpperBound: return d <= dualTolerance;
        case ClpSimplex::isFixed: case ClpSimplex::basic: return true;
        default: return std::fabs(d) <= dualTolerance;
        }
    };
    if (basicCosts.empty()) {
        for (int32_t j : costChecks) {
            if (!dualFeasible(m.getColumnStatus(j), dj[j])) return false;
        }
    } else {
        const CoinPackedMatrix *matrix = m.matrix();
        if (!matrix || !matrix->isColOrdered()) return false;
        std::vector<int32_t> &rowOf = clp->rowOf;
        rowOf.resize(static_cast<size_t>(n + rows));
        for (int k = 0; k < rows; ++k) rowOf[pivot[k]] = k;
        CoinIndexedVector *scratch = m.rowArray(0), *vector = m.rowArray(1);
        scratch->clear();
        vector->clear();
        for (const auto &change : basicCosts) vector->insert(rowOf[change.first], change.second);
        m.factorization()->updateColumnTranspose(scratch, vector);
        std::vector<double> &rho = clp->rho;
        rho.assign(static_cast<size_t>(rows), 0.0);
        {
            const int count = vector->getNumElements();
            const int *index = vector->getIndices();
            const double *value = vector->denseVector();
            const bool packed = vector->packedMode();
            for (int e = 0; e < count; ++e) rho[index[e]] = packed ? value[e] : value[index[e]];
        }
        vector->clear();
        double *y = m.dualRowSolution();
        for (int i = 0; i < rows; ++i) {
            y[i] += kDualSign * rho[i];
            const ClpSimplex::Status status = m.getRowStatus(i);
            if (status != ClpSimplex::basic && !dualFeasible(status, y[i])) return false;
        }
        const CoinBigIndex *start = matrix->getVectorStarts();
        const int *length = matrix->getVectorLengths();
        const int *rowIndex = matrix->getIndices();
        const double *element = matrix->getElements();
        for (int j = 0; j < n; ++j) {
            const ClpSimplex::Status status = m.getColumnStatus(j);
            if (status == ClpSimplex::basic) continue;
            double s = 0;
            for (CoinBigIndex e = start[j]; e < start[j] + length[j]; ++e) s += rho[rowIndex[e]] * element[e];
            dj[j] -= kDualSign * s;
            if (!dualFeasible(status, dj[j])) return false;
        }
    }

    // Nonbasic variables move to their (new) bounds: column j, or row i as sequence n + i.
    std::vector<std::pair<int32_t, double>> &moves = clp->moves;
    std::vector<int32_t> &touched = clp->touched;
    moves.clear();
    touched.clear();
    const double *cost = m.objective();
    double objective = clp->objective + objectiveChange;
    for (int32_t j : clp->changedColumns) {
        const ClpSimplex::Status status = m.getColumnStatus(j);
        if (status == ClpSimplex::basic) {  // only its new box needs checking
            touched.push_back(-1 - j);
            continue;
        }
        const double target = nonbasicValue(status, colLower[j], colUpper[j]);
        if (std::isnan(target)) return false;
        const double delta = target - clp->x[j];
        if (delta == 0) continue;
        clp->x[j] = target;
        objective += cost[j] * delta;
        moves.emplace_back(j, delta);
    }
    for (int32_t i : clp->changedRows) {
        const ClpSimplex::Status status = m.getRowStatus(i);
        if (status == ClpSimplex::basic) {
            touched.push_back(-1 - (n + i));
            continue;
        }
        const double target = nonbasicValue(status, rowLower[i], rowUpper[i]);
        if (std::isnan(target)) return false;
        const double delta = target - clp->r[i];
        if (delta == 0) continue;
        clp->r[i] = target;
        moves.emplace_back(n + i, kRowSign * delta);
    }

    CoinIndexedVector *scratch = m.rowArray(0), *column = m.rowArray(1);
    // Walks the FTRAN result in `column`: f(pivot row, value).
    auto forEachNonzero = [&](auto &&f) {
        const int count = column->getNumElements();
        const int *index = column->getIndices();
        const double *value = column->denseVector();
        const bool packed = column->packedMode();
        for (int e = 0; e < count; ++e) {
            const int k = index[e];
            const double a = packed ? value[e] : value[k];
            if (a != 0) f(k, a);
        }
    };
    if (moves.size() <= kIncrementalMoves) {
        // Few moves: each drags the basic variables along its column of B⁻¹A,
        // value[pivot[k]] -= delta · (B⁻¹aⱼ)ₖ (for a row, CLP's internal slack column, whose
        // basic value is the row activity). Only the FTRAN's nonzeros are visited.
        for (const auto &move : moves) {
            const double delta = move.second;
            scratch->clear();
            column->clear();
            m.unpack(column, move.first);
            m.factorization()->updateColumn(scratch, column, false);
            forEachNonzero([&](int k, double a) {
                const int p = pivot[k];
                if (p < n) {
                    clp->x[p] -= delta * a;
                    objective -= cost[p] * delta * a;
                } else {
                    clp->r[p - n] -= delta * a;
                }
                touched.push_back(k);
            });
            column->clear();
        }
    } else {
        // Many moves (monthly steps change most bounds): one FTRAN of the whole right-hand
        // side instead, B·v_B = −Σ_nonbasic aⱼxⱼ + Σ_nonbasic rows eᵢrᵢ, as CLP's computePrimals.
        const CoinPackedMatrix *matrix = m.matrix();
        if (!matrix || !matrix->isColOrdered()) return false;
        const CoinBigIndex *start = matrix->getVectorStarts();
        const int *length = matrix->getVectorLengths();
        const int *rowIndex = matrix->getIndices();
        const double *element = matrix->getElements();
        std::vector<double> &rhs = clp->rhs;
        rhs.assign(static_cast<size_t>(rows), 0.0);
        for (int j = 0; j < n; ++j) {
            const double xj = clp->x[j];
            if (xj == 0 || m.getColumnStatus(j) == ClpSimplex::basic) continue;
            for (CoinBigIndex e = start[j]; e < start[j] + length[j]; ++e) rhs[rowIndex[e]] -= element[e] * xj;
        }
        for (int i = 0; i < rows; ++i) {
            if (m.getRowStatus(i) != ClpSimplex::basic) rhs[i] += kRowSign * clp->r[i];
        }
        scratch->clear();
        column->clear();
        for (int i = 0; i < rows; ++i) {
            if (rhs[i] != 0) column->insert(i, rhs[i]);
        }
        for (int k = 0; k < rows; ++k) {
            const int p = pivot[k];
            if (p < n) clp->x[p] = 0;
            else clp->r[p - n] = 0;
        }
        if (column->getNumElements() > 0) m.factorization()->updateColumn(scratch, column, false);
        forEachNonzero([&](int k, double a) {
            const int p = pivot[k];
            if (p < n) clp->x[p] = a;
            else clp->r[p - n] = a;
        });
        column->clear();
        touched.clear();
        for (int k = 0; k < rows; ++k) touched.push_back(k);
        objective = 0;
        for (int j = 0; j < n; ++j) objective += cost[j] * clp->x[j];
    }
    // Primal feasibility of every basic variable that moved or whose box changed.
    for (int32_t t : touched) {
        const int p = t >= 0 ? pivot[t] : -1 - t;
        if (p < n) {
            if (!within(clp->x[p], colLower[p], colUpper[p])) return false;
        } else {
            const int i = p - n;
            if (!within(clp->r[i], rowLower[i], rowUpper[i])) return false;
        }
    }
    clp->objective = objective;
    clp->changedColumns.clear();
    clp->changedRows.clear();
    clp->changedCosts.clear();
    clp->fastSinceSolve += 1;
    clp->fastSolves += 1;
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
        m.dual(0, kWarm);
        clp->iterations = m.numberIterations();
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
