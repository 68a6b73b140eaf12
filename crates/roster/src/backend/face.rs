//! The optimal-face dive: a primal heuristic that finds a roster worth exactly the LP bound,
//! and so proves it optimal without a branch-and-bound tree.
//!
//! On many pool rosters (the sample's larger component among them) the LP relaxation of the
//! stage-1 model, with its clique rows, is as strong as the integer optimum; what takes HiGHS
//! long there is finding a roster that reaches it.
//! Every roster whose cost equals the LP optimum `z` is itself an optimal LP solution, so it
//! satisfies complementary slackness with *any* optimal dual solution `(y, d)`: a column with
//! reduced cost `d_j != 0` sits at the bound it has in the LP solution, and a row with dual
//! `y_i != 0` is tight. Fixing those columns and rows leaves a much smaller MIP (the optimal
//! face) in which every feasible point costs `z`. Solving it for any feasible point either
//! finds a roster that is optimal, with the LP bound as proof, or shows (or suggests, when the
//! budget runs out) that the integer optimum lies above `z`; then the caller falls back to the
//! full branch-and-bound and has lost only the budget.
//!
//! Interior point without crossover gives duals in the relative interior of the optimal dual
//! face, which fix the most (strict complementarity). When interior point does not reach an
//! optimum the dive gives up and the branch-and-bound runs.

use super::verify::ModelCopy;
use highs::{HighsModelStatus, HighsSolutionStatus};

/// What the dive found.
pub(super) struct Face {
    /// The LP relaxation's optimum: a proven lower bound on the stage-1 objective.
    pub bound: f64,
    /// A roster on the optimal face (priced at `bound` within tolerance), if one was found.
    pub columns: Option<Vec<f64>>,
    /// Columns fixed by their reduced costs.
    pub fixed_columns: usize,
    /// Rows made tight by their duals.
    pub tight_rows: usize,
    /// Seconds the LP relaxation took.
    pub lp_seconds: f64,
    /// The LP relaxation's column values (they guide the neighbourhood search when the face is empty).
    pub relaxation: Vec<f64>,
    /// The LP relaxation's row duals (column generation's first stability centre).
    pub duals: Vec<f64>,
}

/// A reduced cost or dual of at least this size (relative to the objective's scale) fixes.
const DUAL_TOLERANCE: f64 = 1e-6;

/// Solves the LP relaxation of `lp`, restricts `mip` to the optimal face and solves that.
///
/// `lp` and `mip` are two copies of the stage-1 model; `original` is its copy for pricing.
/// `configure_face` sets limits (time, threads) on the face MIP just before it runs.
pub(super) fn dive(
    mut lp: highs::Model,
    mut mip: highs::Model,
    original: &ModelCopy,
    configure_face: impl FnOnce(&mut highs::Model) -> Result<(), String>,
) -> Result<Option<Face>, String> {
    let n = original.columns();
    let continuous = vec![highs_sys::kHighsVarTypeContinuous; n.max(1)];
    // SAFETY: `lp` is live and has `n` columns; `continuous` holds `n` entries.
    unsafe {
        if n > 0 {
            highs_sys::Highs_changeColsIntegralityByRange(
                lp.as_mut_ptr(),
                0,
                n as highs_sys::HighsInt - 1,
                continuous.as_ptr(),
            );
        }
    }
    lp.try_set_option("solver", "ipm").map_err(|_| "HiGHS rejected solver=ipm")?;
    lp.try_set_option("run_crossover", "off").map_err(|_| "HiGHS rejected run_crossover")?;
    let started = std::time::Instant::now();
    let solved = lp.try_solve().map_err(|e| format!("HiGHS failed on the LP relaxation: {e:?}"))?;
    let lp_seconds = started.elapsed().as_secs_f64();
    if solved.status() != HighsModelStatus::Optimal {
        return Ok(None);
    }
    let bound = solved.objective_value();
    let solution = solved.get_solution();
    let (x, d, activity, y) = (solution.columns(), solution.dual_columns(), solution.rows(), solution.dual_rows());
    if x.len() != n || d.len() != n || y.len() != original.rows() {
        return Ok(None);
    }
    let scale = original.cost_scale();
    let tolerance = DUAL_TOLERANCE * scale;
    // The bound a value with a non-zero dual sits at in the LP solution (complementary
    // slackness), if it sits at one and is not fixed already.
    let active_bound = |dual: f64, value: f64, (lo, up): (f64, f64)| {
        let near = |b: f64| b.is_finite() && (value - b).abs() <= 1e-6 * b.abs().max(1.0);
        if dual.abs() <= tolerance || lo == up {
            None
        } else if near(lo) {
            Some(lo)
        } else if near(up) {
            Some(up)
        } else {
            None
        }
    };
    let (relaxation, duals) = (x.to_vec(), y.to_vec());
    let (mut fixed_columns, mut tight_rows) = (0, 0);
    let ptr = mip.as_mut_ptr();
    for j in 0..n {
        if let Some(at) = active_bound(d[j], x[j], original.column_bounds(j)) {
            fixed_columns += 1;
            // SAFETY: `ptr` is the live `mip`, which has column `j`.
            unsafe { highs_sys::Highs_changeColBounds(ptr, j as highs_sys::HighsInt, at, at) };
        }
    }
    for i in 0..y.len() {
        if let Some(at) = active_bound(y[i], activity[i], original.row_bounds(i)) {
            tight_rows += 1;
            // SAFETY: `ptr` is the live `mip`, which has row `i`.
            unsafe { highs_sys::Highs_changeRowBounds(ptr, i as highs_sys::HighsInt, at, at) };
        }
    }
    configure_face(&mut mip)?;
    let solved = mip.try_solve().map_err(|e| format!("HiGHS failed on the optimal face: {e:?}"))?;
    let columns = (solved.primal_solution_status() == HighsSolutionStatus::Feasible)
        .then(|| solved.get_solution().columns().to_vec())
        .filter(|c| original.violation(c).is_none())
        .filter(|c| original.objective(c).is_some_and(|v| v <= bound + super::exchange::improvement_tolerance(bound)));
    Ok(Some(Face { bound, columns, fixed_columns, tight_rows, lp_seconds, relaxation, duals }))
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    /// One binary per weight, rows `x_a + x_b <= 1` for the pairs in `rows`, minimising
    /// `-sum weight * x`; returns the dive's result.
    fn dive_on(weights: &[f64], rows: &[(usize, usize)]) -> Face {
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = weights.iter().map(|_| vars.add(variable().binary())).collect();
        let objective: Expression = weights.iter().zip(&x).map(|(w, &v)| -w * v).sum();
        let constraints: Vec<_> = rows.iter().map(|&(a, b)| (x[a] + x[b]).leq(1.0)).collect();
        let model = || build(vars.clone(), objective.clone(), constraints.clone(), &limits(0.0, 0.0)).unwrap();
        let (lp, mut mip) = (model(), model());
        // SAFETY: `mip` is live.
        let original = unsafe { ModelCopy::of(mip.as_mut_ptr()) };
        dive(lp, mip, &original, |_| Ok(())).unwrap().expect("the LP relaxation solves")
    }

    #[test]
    fn finds_a_roster_worth_the_lp_bound_when_the_relaxation_is_tight() {
        // Two separate pairs: the LP optimum -2 is also the integer optimum. Weights 2 and 1 in
        // each pair make the face a single point: x0 = x2 = 1.
        let face = dive_on(&[2.0, 1.0, 2.0, 1.0], &[(0, 1), (2, 3)]);
        assert!((face.bound + 4.0).abs() < 1e-6, "bound {}", face.bound);
        let columns = face.columns.expect("a roster on the optimal face");
        let rounded: Vec<f64> = columns.iter().map(|v| v.round()).collect();
        assert_eq!(rounded, vec![1.0, 0.0, 1.0, 0.0]);
        assert!(face.fixed_columns + face.tight_rows > 0);
    }

    #[test]
    fn finds_nothing_when_the_integer_optimum_lies_above_the_lp_bound() {
        // An odd cycle: the LP puts 1/2 on each of the three columns (-1.5), no integer point
        // does better than -1, so the face holds no integer point and the caller must branch.
        let face = dive_on(&[1.0, 1.0, 1.0], &[(0, 1), (1, 2), (0, 2)]);
        assert!((face.bound + 1.5).abs() < 1e-6, "bound {}", face.bound);
        assert!(face.columns.is_none());
    }
}
