/*
 * clp_shim.h — a thin C interface over COIN-OR CLP's C++ `ClpSimplex`.
 *
 * Why not CLP's own C interface (`Clp_C_Interface.h`)? A step LP is tiny and almost never
 * pivots, so per-call setup dominates: `Clp_dual` rebuilds work arrays and refactorizes on
 * every call (~80 µs), while `ClpSimplex::dual(0, 7)` keeps them (~15 µs). This shim exposes
 * exactly what the Swift `ClpSolver` needs and nothing more.
 *
 * Conventions:
 *  - Every function is prefixed `aral_clp_` and never lets a C++ exception escape; functions
 *    that can fail return an `int` (0 = success, negative = failure) and leave a message in
 *    `aral_clp_last_error`.
 *  - Infinite bounds may be passed as ±HUGE_VAL (Swift's `±.infinity`); they are mapped to
 *    CLP's ±COIN_DBL_MAX.
 *  - Indices are 0-based and are NOT range-checked here (the Swift layer checks them).
 *  - A handle is not thread-safe; use one per thread.
 */
#ifndef ARAL_CLP_SHIM_H
#define ARAL_CLP_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle owning one heap-allocated `ClpSimplex` and its warm-start state. */
typedef struct aral_clp aral_clp;

/** Status returned by the solve functions when CLP threw instead of returning. */
#define ARAL_CLP_STATUS_EXCEPTION (-100)

/** Creates a solver with logging off and scaling off. Returns NULL only if allocation fails. */
aral_clp *aral_clp_create(void);
/** Frees the handle; NULL is ignored. */
void aral_clp_free(aral_clp *clp);

/**
 * Loads a problem given column-wise (CSC): column j owns entries
 * column_starts[j] ..< column_starts[j+1] of row_indices/elements.
 * `column_starts` has `columns + 1` entries. Any previous problem and basis are dropped.
 * Returns 0 on success, -1 on failure (see aral_clp_last_error).
 */
int aral_clp_load(aral_clp *clp, int32_t columns, int32_t rows,
                  const int32_t *column_starts, const int32_t *row_indices, const double *elements,
                  const double *column_lower, const double *column_upper, const double *objective,
                  const double *row_lower, const double *row_upper);

/**
 * Like aral_clp_load, but the next solve starts from the basis of the problem loaded so far:
 * columns and rows with the same index keep their status (and columns their value), new
 * columns start nonbasic at a bound, new rows with their slack basic. Meant for a sequence of
 * related LPs — rows appended, costs, bounds or coefficients changed — where a solve from the
 * previous optimal basis takes a few pivots instead of a full solve. That next solve runs the
 * primal simplex (the carried basis usually stays primal feasible when the objective changes);
 * a non-optimal end is confirmed from a slack basis as for warm solves. With no basis to
 * carry (nothing solved yet) this is aral_clp_load. Returns 0 on success, -1 on failure.
 */
int aral_clp_reload(aral_clp *clp, int32_t columns, int32_t rows,
                    const int32_t *column_starts, const int32_t *row_indices, const double *elements,
                    const double *column_lower, const double *column_upper, const double *objective,
                    const double *row_lower, const double *row_upper);

/**
 * A solve from scratch (after aral_clp_load, no basis yet) of a problem with at least `rows`
 * rows goes through CLP's presolve and `initialSolve` instead of the dual simplex from a slack
 * basis. Default INT32_MAX (never): the simulation's step LPs are small and presolve would
 * only add set-up; a plan over thousands of steps solves ~50× faster with it.
 */
void aral_clp_set_presolve_rows(aral_clp *clp, int32_t rows);

/**
 * Sets row and column names (arrays of NUL-terminated UTF-8 strings of length rows/columns;
 * either array may be NULL to keep generated names). Names are sanitized for MPS: whitespace
 * and control characters become '_', empty names get `R<i>`/`C<j>`, duplicates get a suffix.
 * Returns 0 on success, -1 on failure.
 */
int aral_clp_set_names(aral_clp *clp, const char *const *row_names, const char *const *column_names);

/** Changes one column's bounds; keeps the basis and factorization for the next solve. */
void aral_clp_set_column_bounds(aral_clp *clp, int32_t column, double lower, double upper);
/** Changes one row's bounds (its right-hand side); keeps the basis. */
void aral_clp_set_row_bounds(aral_clp *clp, int32_t row, double lower, double upper);
/** Changes one objective coefficient; keeps the basis. */
void aral_clp_set_objective_coefficient(aral_clp *clp, int32_t column, double value);
/** Replaces all column bounds at once (arrays of length `columns`). */
void aral_clp_set_all_column_bounds(aral_clp *clp, const double *lower, const double *upper);
/** Replaces all row bounds at once (arrays of length `rows`). */
void aral_clp_set_all_row_bounds(aral_clp *clp, const double *lower, const double *upper);
/** Replaces the whole objective (array of length `columns`). */
void aral_clp_set_all_objective(aral_clp *clp, const double *objective);

/**
 * Scaling mode as CLP's `ClpModel::scaling` (0 off, 1 equilibrium, 2 geometric, 3 auto…).
 * Takes effect at the next cold start (it forces one).
 */
void aral_clp_set_scaling(aral_clp *clp, int mode);

/**
 * Solves. With the fast path on (see aral_clp_set_fast_path) and only changes it can follow
 * since the last optimal solve, it first checks whether the previous optimal basis is still
 * optimal and, if so, answers without the simplex. Otherwise it runs the dual simplex, warm
 * from the previous basis and factorization when there is one (`dual(0, 7)`), else with a
 * full start (`dual(0, 1)`). If a warm solve does not end
 * optimal, the result is confirmed by a cold re-solve from a slack basis, so a non-optimal
 * status never comes from stale warm-start state.
 * Returns CLP's problem status (0 optimal, 1 primal infeasible, 2 dual infeasible,
 * 3 iteration limit, 4 errors, 5 event handler) or ARAL_CLP_STATUS_EXCEPTION.
 */
int aral_clp_solve(aral_clp *clp);
/**
 * Turns the basis-reuse fast path on (the default) or off. When on, a solve after only bound
 * and right-hand-side changes (and cost changes on nonbasic columns that keep their reduced
 * cost's sign) first checks whether the previous optimal basis is still optimal, updating the
 * solution along columns of B⁻¹A; only if it is not does CLP run. Off gives plain
 * `ClpSimplex::dual` every time (the bare-loop benchmark's reference).
 */
void aral_clp_set_fast_path(aral_clp *clp, int enabled);
/** How many solves the fast path answered without running CLP's simplex. */
int64_t aral_clp_fast_solves(const aral_clp *clp);
/** Why the fast path handed a solve to CLP (a diagnostic: counting changes no answer). */
enum {
    /** kMaxFastSteps fast answers in a row: CLP re-solves so rounding cannot build up. */
    ARAL_CLP_DECLINE_STREAK = 0,
    /** A changed variable the path cannot follow (free, superbasic, fixed status on an open
        box, infinite bound, empty box) or a matrix it cannot read. */
    ARAL_CLP_DECLINE_UNSUPPORTED = 1,
    /** A nonbasic reduced cost has the wrong sign after the cost changes. */
    ARAL_CLP_DECLINE_REDUCED_COST = 2,
    /** A basic column leaves its bounds: the basis must change (a real pivot). */
    ARAL_CLP_DECLINE_BASIC_COLUMN = 3,
    /** A basic row activity leaves its bounds: the basis must change (a real pivot). */
    ARAL_CLP_DECLINE_BASIC_ROW = 4,
    /** Warm solves CLP then ran after a decline that ended with zero pivots. */
    ARAL_CLP_DECLINE_ZERO_PIVOT_SOLVES = 5,
    ARAL_CLP_DECLINE_COUNT = 6
};
/** The count of `reason` (an ARAL_CLP_DECLINE_* value) since the handle was created. */
int64_t aral_clp_fast_declines(const aral_clp *clp, int reason);
/** Like aral_clp_solve but always from a slack basis with fresh work arrays. */
int aral_clp_solve_cold(aral_clp *clp);

/** Column values of the last solve (CLP's own array; `columns` long; do not free). */
const double *aral_clp_primal(const aral_clp *clp);
/** Row activities A·x of the last solve (`rows` long). */
const double *aral_clp_row_activity(const aral_clp *clp);
/** Row duals of the last solve (`rows` long; d(objective)/d(rhs) for minimization). */
const double *aral_clp_row_duals(const aral_clp *clp);
/** Reduced costs of the last solve (`columns` long). */
const double *aral_clp_reduced_costs(const aral_clp *clp);
/** Objective value of the last solve (including any objective offset). */
double aral_clp_objective_value(const aral_clp *clp);
/** CLP's problem status of the last solve. */
int aral_clp_status(const aral_clp *clp);
/** CLP's secondary status of the last solve. */
int aral_clp_secondary_status(const aral_clp *clp);
/** Simplex iterations of the last solve (both passes if a cold re-solve was needed). */
int aral_clp_iterations(const aral_clp *clp);
/** How many solves were re-done cold because a warm, carried-basis or presolved solve ended non-optimal. */
int64_t aral_clp_cold_retries(const aral_clp *clp);
int32_t aral_clp_rows(const aral_clp *clp);
int32_t aral_clp_columns(const aral_clp *clp);

/**
 * Writes the loaded problem (current bounds and costs) as MPS with row and column names and
 * full precision. Returns 0 on success, -1 on failure.
 */
int aral_clp_write_mps(aral_clp *clp, const char *path);

/** The message of the last failure on this handle ("" if none); valid until the next call. */
const char *aral_clp_last_error(const aral_clp *clp);

#ifdef __cplusplus
}
#endif
#endif
