// clp_fast_path.cpp — the basis-reuse fast path of the CLP shim.
//
// Contract. `tryFastSolve` is called by `aral_clp_solve` only when the handle is hot (CLP's
// work arrays and factorization exist), the fast path is on, and the saved solution (x, r)
// is CLP's own optimal answer, or a fast answer derived from one, for the basis in CLP's
// status array. Since then only single bounds and costs changed (batch setters, scaling and
// loads invalidate the saved solution). It returns true only if the previous optimal basis is
// still optimal for the changed LP — dual feasible with the new costs and primal feasible
// with the new bounds — which is exactly when CLP's warm dual simplex would do zero pivots and
// return that basis; the solution is then that basis's, updated in place with FTRAN/BTRAN
// through CLP's own factorization. It returns false, and CLP solves, when:
//  * 64 fast answers came in a row (kMaxFastSteps), so rounding cannot build up;
//  * a changed variable has a status the path cannot follow (free, superbasic, a fixed status
//    on an open box, an infinite bound);
//  * a nonbasic reduced cost gets the wrong sign after a cost change;
//  * a moved nonbasic variable's new box is empty (lower above upper by more than CLP's
//    primal tolerance): CLP reports such an LP infeasible;
//  * a basic variable leaves its bounds by more than CLP's absolute primal tolerance
//    (`primalTolerance()`) after the nonbasic ones moved. Reduced costs are judged with
//    CLP's `dualTolerance()`. Both are read from the model, so the path accepts exactly
//    what CLP's warm dual simplex would accept without a pivot.
// It never reports infeasibility or unboundedness: those always come from CLP.

#include "clp_handle.hpp"

#include <ClpFactorization.hpp>
#include <CoinIndexedVector.hpp>
#include <CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>

using namespace aral_clp_detail;

namespace {

/// Sign of a row activity's move relative to its slack's internal column, as `ClpSimplex::unpack`
/// gives it (pinned by the fast-path tests against fresh solves: flipping it fails them).
constexpr double kRowSign = 1.0;
/// Sign of the dual change relative to CLP's BTRAN of the basic cost changes (pinned like
/// kRowSign by the tests).
constexpr double kDualSign = 1.0;

/// Fast steps in a row before CLP re-solves from scratch anyway, so rounding in the in-place
/// updates cannot build up.
constexpr int kMaxFastSteps = 64;
/// Up to this many moving nonbasic variables, the basics are updated one FTRAN per move;
/// above it, recomputed with one FTRAN of the whole right-hand side.
constexpr size_t kIncrementalMoves = 4;

/// The value a nonbasic variable takes under its (possibly new) bounds, or NaN if the fast
/// path cannot tell (free, superbasic, fixed status with an open box, infinite bound) or the
/// box is empty beyond CLP's primal tolerance: a variable moved to one bound must not cross
/// the other (a row set to [8, 7] is infeasible, and only CLP reports that).
inline double nonbasicValue(ClpSimplex::Status status, double lower, double upper, double primalTolerance) {
    if (lower > upper + primalTolerance) return NAN;
    double v;
    switch (status) {
    case ClpSimplex::atLowerBound: v = lower; break;
    case ClpSimplex::atUpperBound: v = upper; break;
    case ClpSimplex::isFixed: v = lower == upper ? lower : NAN; break;
    default: return NAN;
    }
    return std::fabs(v) < kInfinityCut ? v : NAN;
}

/// Whether a basic value lies within its bounds as CLP judges it: CLP's primal tolerance is
/// absolute (1e-7 by default, on the unscaled LP — the fast path only runs with scaling off),
/// so a relative allowance would accept what CLP would pivot on.
inline bool within(double value, double lower, double upper, double primalTolerance) {
    return value >= lower - primalTolerance && value <= upper + primalTolerance;
}

/// Counts why the path hands this solve to CLP, and hands it over.
inline bool decline(aral_clp *clp, int reason) {
    clp->declines[reason] += 1;
    clp->declined = true;
    return false;
}

}  // namespace

/// Basis-reuse fast path. Between steps usually only a few bounds move and the optimal basis
/// stays optimal: the costs did not change, so the basis stays dual feasible, and if the basic
/// variables recomputed under the new bounds stay within theirs it stays primal feasible —
/// which is exactly the case in which CLP's warm dual simplex would do zero pivots. Then the
/// new solution is the old one moved along a column of B⁻¹A (or B⁻¹) per changed nonbasic
/// bound, a few hundred flops instead of CLP's full set-up and tear-down of its work arrays.
/// Returns true if the current solution (x, r) is now optimal for the changed LP; false means
/// CLP must solve (x and r may then be half-updated; CLP's solve replaces them).
bool aral_clp_detail::tryFastSolve(aral_clp *clp) {
    ClpSimplex &m = *clp->model;
    const int n = m.numberColumns(), rows = m.numberRows();
    if (clp->fastSinceSolve >= kMaxFastSteps) return decline(clp, ARAL_CLP_DECLINE_STREAK);
    const double *colLower = m.columnLower(), *colUpper = m.columnUpper();
    const double *rowLower = m.rowLower(), *rowUpper = m.rowUpper();
    const int *pivot = m.pivotVariable();
    double *dj = m.dualColumnSolution();
    // CLP's own tolerances, read from the model (absolute, as CLP applies them).
    const double dualTolerance = m.dualTolerance();
    const double primalTolerance = m.primalTolerance();

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
            return decline(clp, ARAL_CLP_DECLINE_UNSUPPORTED);
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
            if (!dualFeasible(m.getColumnStatus(j), dj[j])) return decline(clp, ARAL_CLP_DECLINE_REDUCED_COST);
        }
    } else {
        const CoinPackedMatrix *matrix = m.matrix();
        if (!matrix || !matrix->isColOrdered()) return decline(clp, ARAL_CLP_DECLINE_UNSUPPORTED);
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
            if (status != ClpSimplex::basic && !dualFeasible(status, y[i])) return decline(clp, ARAL_CLP_DECLINE_REDUCED_COST);
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
            if (!dualFeasible(status, dj[j])) return decline(clp, ARAL_CLP_DECLINE_REDUCED_COST);
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
        const double target = nonbasicValue(status, colLower[j], colUpper[j], primalTolerance);
        if (std::isnan(target)) return decline(clp, ARAL_CLP_DECLINE_UNSUPPORTED);
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
        const double target = nonbasicValue(status, rowLower[i], rowUpper[i], primalTolerance);
        if (std::isnan(target)) return decline(clp, ARAL_CLP_DECLINE_UNSUPPORTED);
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
        if (!matrix || !matrix->isColOrdered()) return decline(clp, ARAL_CLP_DECLINE_UNSUPPORTED);
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
            if (!within(clp->x[p], colLower[p], colUpper[p], primalTolerance)) return decline(clp, ARAL_CLP_DECLINE_BASIC_COLUMN);
        } else {
            const int i = p - n;
            if (!within(clp->r[i], rowLower[i], rowUpper[i], primalTolerance)) return decline(clp, ARAL_CLP_DECLINE_BASIC_ROW);
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
