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
use highs::HighsModelStatus;

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

/// What the LP relaxation gave the dive.
pub(super) enum Dived {
    /// The LP optimum and the face's roster, if any.
    Face(Face),
    /// The LP relaxation stopped before its optimum (its time ran out): the Lagrangian bound at
    /// the interior point's last multipliers, if they give a finite one, and that last iterate
    /// (columns, row multipliers; both empty when postsolve did not give them).
    Interrupted { bound: Option<f64>, lp_seconds: f64, values: Vec<f64>, duals: Vec<f64> },
}

/// A reduced cost or dual of at least this size (relative to the objective's scale) fixes.
const DUAL_TOLERANCE: f64 = 1e-6;

/// Solves the LP relaxation of `lp`, restricts `mip` to the optimal face and solves that.
///
/// `lp` and `mip` are two copies of the stage-1 model; `original` is its copy for pricing;
/// `empty` a configured model without rows or columns, for the presolved LP ([`relax`]), which
/// must end by `deadline`. `configure_face` sets limits (time, threads) on the face MIP just
/// before it runs, told how long the LP took; when it returns `false` the face MIP does not run
/// (no roster, the LP's bound and solution all the same).
pub(super) fn dive(
    lp: highs::Model,
    mut mip: highs::Model,
    original: &ModelCopy,
    (empty, deadline): (highs::Model, std::time::Instant),
    configure_face: impl FnOnce(&mut highs::Model, f64) -> Result<bool, String>,
) -> Result<Dived, String> {
    let n = original.columns();
    let started = std::time::Instant::now();
    let (bound, x, d, y) = match relax(lp, original, empty, deadline)? {
        Relaxed::Optimal { bound, x, d, y } => (bound, x, d, y),
        Relaxed::Interrupted { bound, iterate } => {
            let lp_seconds = started.elapsed().as_secs_f64();
            let (values, duals) = iterate.unwrap_or_default();
            return Ok(Dived::Interrupted { bound, lp_seconds, values, duals });
        }
    };
    let lp_seconds = started.elapsed().as_secs_f64();
    let activity = original.activity(&x);
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
    let columns = match configure_face(&mut mip, lp_seconds)? {
        true => {
            let solved = mip.try_solve().map_err(|e| format!("HiGHS failed on the optimal face: {e:?}"))?;
            super::has_solution(&solved).then(|| solved.get_solution().columns().to_vec())
        }
        false => None,
    };
    let columns = columns
        .filter(|c| original.violation(c).is_none())
        .filter(|c| original.objective(c).is_some_and(|v| v <= bound + super::exchange::improvement_tolerance(bound)));
    Ok(Dived::Face(Face { bound, columns, fixed_columns, tight_rows, lp_seconds, relaxation: x, duals: y }))
}

/// The LP relaxation as [`relax`] leaves it.
pub(super) enum Relaxed {
    /// Its optimum (as minimised), column values, reduced costs and row duals of the model.
    Optimal { bound: f64, x: Vec<f64>, d: Vec<f64>, y: Vec<f64> },
    /// Stopped before its optimum: the Lagrangian bound at the last multipliers, if finite, and
    /// the last iterate (column values, row multipliers) in the model's space, if postsolve
    /// gave it.
    Interrupted { bound: Option<f64>, iterate: Option<(Vec<f64>, Vec<f64>)> },
}

/// Solves the LP relaxation `lp` (continuous columns) by interior point without crossover.
///
/// HiGHS presolves `lp` here and the presolved LP is solved apart, in `empty` (a configured
/// model without rows or columns), with presolve off; its solution is postsolved through `lp`.
/// HiGHS solving a presolved LP itself drops the iterate when its time runs out, and with
/// presolve off altogether the interior point is slower (Curtois Instance 13: 10.2 s against
/// 7.1 s; 20: 15.0 against 11.4). Apart, a stopped solve still leaves multipliers of a model
/// known here: their Lagrangian bound ([`ModelCopy::lagrangian_bound`]) is proven, and the
/// iterate, postsolved, guides as the optimum would. When presolve fails or changes nothing
/// (or solves the LP by itself) `lp` is solved directly, presolve off.
pub(super) fn relax(
    mut lp: highs::Model,
    original: &ModelCopy,
    empty: highs::Model,
    deadline: std::time::Instant,
) -> Result<Relaxed, String> {
    let (n, m) = (original.columns(), original.rows());
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
    let interior = |model: &mut highs::Model| -> Result<(), String> {
        model.try_set_option("solver", "ipm").map_err(|_| "HiGHS rejected solver=ipm")?;
        model.try_set_option("run_crossover", "off").map_err(|_| "HiGHS rejected run_crossover")?;
        model.try_set_option("presolve", "off").map_err(|_| "HiGHS rejected presolve")?;
        let left = deadline.saturating_duration_since(std::time::Instant::now()).as_secs_f64().max(0.01);
        model.try_set_option("time_limit", left).map_err(|_| "HiGHS rejected time_limit")?;
        Ok(())
    };
    // SAFETY: `lp` is live; the sizes are read right after its presolve.
    let presolved = unsafe {
        let ptr = lp.as_mut_ptr();
        (highs_sys::Highs_presolve(ptr) != highs_sys::kHighsStatusError).then(|| {
            let c = highs_sys::Highs_getPresolvedNumCol(ptr).max(0) as usize;
            let r = highs_sys::Highs_getPresolvedNumRow(ptr).max(0) as usize;
            (c, r)
        })
    };
    // Directly: the iterate of an LP solved without presolve is the model's own.
    let directly = |mut lp: highs::Model| -> Result<Relaxed, String> {
        interior(&mut lp)?;
        let solved = lp.try_solve().map_err(|e| format!("HiGHS failed on the LP relaxation: {e:?}"))?;
        let solution = solved.get_solution();
        let (x, y) = (solution.columns().to_vec(), solution.dual_rows().to_vec());
        if solved.status() == HighsModelStatus::Optimal && x.len() == n && y.len() == m {
            let d = solution.dual_columns().to_vec();
            return Ok(Relaxed::Optimal { bound: solved.objective_value(), x, d, y });
        }
        let bound = original.lagrangian_bound(&y);
        Ok(Relaxed::Interrupted { bound, iterate: (x.len() == n).then_some((x, y)) })
    };
    let Some((pc, pr)) = presolved.filter(|&(c, r)| c > 0 && r > 0 && (c, r) != (n, m)) else {
        return directly(lp);
    };
    let mut reduced = empty;
    // SAFETY: `lp` is live and presolved; `reduced` is live.
    let handed = unsafe {
        ModelCopy::presolved_of(lp.as_mut_ptr())
            .filter(|c| c.columns() == pc && c.rows() == pr && c.pass_lp(reduced.as_mut_ptr()))
    };
    let Some(reduced_copy) = handed else {
        return directly(lp);
    };
    interior(&mut reduced)?;
    let solved = reduced.try_solve().map_err(|e| format!("HiGHS failed on the LP relaxation: {e:?}"))?;
    let optimal = solved.status() == HighsModelStatus::Optimal;
    let solution = solved.get_solution();
    let (rx, rd, ry) = (solution.columns(), solution.dual_columns(), solution.dual_rows());
    if rx.len() != pc || rd.len() != pc || ry.len() != pr {
        return Ok(Relaxed::Interrupted { bound: None, iterate: None });
    }
    // Back to the model's space, through `lp`'s postsolve.
    // SAFETY: `lp` is live and presolved; `rx`, `rd` hold `pc` values and `ry` `pr`, the
    // presolved LP's sizes; the output arrays have the model's sizes.
    let postsolved = unsafe {
        let ptr = lp.as_mut_ptr();
        let status = highs_sys::Highs_postsolve(ptr, rx.as_ptr(), rd.as_ptr(), ry.as_ptr());
        let (mut x, mut d, mut activity, mut y) = (vec![0.0; n], vec![0.0; n], vec![0.0; m], vec![0.0; m]);
        let got =
            highs_sys::Highs_getSolution(ptr, x.as_mut_ptr(), d.as_mut_ptr(), activity.as_mut_ptr(), y.as_mut_ptr());
        (status != highs_sys::kHighsStatusError && got != highs_sys::kHighsStatusError).then_some((x, d, y))
    };
    match (optimal, postsolved) {
        (true, Some((x, d, y))) => Ok(Relaxed::Optimal { bound: solved.objective_value(), x, d, y }),
        // Solved, but not back in the model's space: the optimum is still a bound.
        (true, None) => Ok(Relaxed::Interrupted { bound: Some(solved.objective_value()), iterate: None }),
        (false, postsolved) => Ok(Relaxed::Interrupted {
            bound: reduced_copy.lagrangian_bound(ry),
            iterate: postsolved.map(|(x, _, y)| (x, y)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    /// One binary per weight, rows `x_a + x_b <= 1` for the pairs in `rows`, minimising
    /// `-sum weight * x`; with `fixed`, one more column fixed at 1 costing -1 in a redundant row
    /// with `x_0` (presolve removes both); interior point stopped after `ipm_iterations` if
    /// given; the face MIP run only when `face_mip`. Returns the dive's result.
    fn dive_with(
        weights: &[f64],
        rows: &[(usize, usize)],
        fixed: bool,
        ipm_iterations: Option<i32>,
        face_mip: bool,
    ) -> Dived {
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = weights.iter().map(|_| vars.add(variable().binary())).collect();
        let mut objective: Expression = weights.iter().zip(&x).map(|(w, &v)| -w * v).sum();
        let mut constraints: Vec<_> = rows.iter().map(|&(a, b)| (x[a] + x[b]).leq(1.0)).collect();
        if fixed {
            let z = vars.add(variable().min(1.0).max(1.0));
            objective -= z;
            constraints.push((z + x[0]).leq(2.0));
        }
        let limit = |mut m: highs::Model| {
            if let Some(k) = ipm_iterations {
                m.try_set_option("ipm_iteration_limit", k).unwrap();
            }
            m
        };
        let model = || build(vars.clone(), objective.clone(), constraints.clone(), &limits(0.0, 0.0)).unwrap();
        let (lp, mut mip) = (limit(model()), model());
        // SAFETY: `mip` is live.
        let original = unsafe { ModelCopy::of(mip.as_mut_ptr()) };
        let empty = build(ProblemVariables::new(), Expression::default(), Vec::new(), &limits(0.0, 0.0)).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        dive(lp, mip, &original, (limit(empty), deadline), |_, _| Ok(face_mip)).unwrap()
    }

    fn dive_on(weights: &[f64], rows: &[(usize, usize)], face_mip: bool) -> Face {
        match dive_with(weights, rows, false, None, face_mip) {
            Dived::Face(face) => face,
            Dived::Interrupted { .. } => panic!("the LP relaxation solves"),
        }
    }

    /// A cycle of five: the LP puts 1/2 on each column (-2.5), with the fixed column -3.5.
    const FIVE: [(usize, usize); 5] = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)];

    #[test]
    fn the_presolved_relaxation_gives_the_lp_optimum_in_the_models_space() {
        let Dived::Face(face) = dive_with(&[1.0; 5], &FIVE, true, None, true) else {
            panic!("the LP relaxation solves")
        };
        assert!((face.bound + 3.5).abs() < 1e-6, "bound {}", face.bound);
        assert_eq!(face.relaxation.len(), 6);
        assert!(face.relaxation[..5].iter().all(|v| (v - 0.5).abs() < 1e-4), "{:?}", face.relaxation);
        assert!((face.relaxation[5] - 1.0).abs() < 1e-9);
        // Integer optimum -3 (two of the five, and the fixed column) lies above the LP's.
        assert!(face.columns.is_none());
    }

    #[test]
    fn a_stopped_relaxation_still_gives_a_proven_bound_and_its_iterate() {
        for fixed in [true, false] {
            let optimum = if fixed { -3.5 } else { -2.5 };
            let Dived::Interrupted { bound, values, duals, .. } = dive_with(&[1.0; 5], &FIVE, fixed, Some(1), true)
            else {
                panic!("one interior-point iteration does not reach the optimum");
            };
            let bound = bound.expect("a finite Lagrangian bound");
            assert!(bound <= optimum + 1e-9, "bound {bound} above the LP optimum {optimum}");
            assert_eq!(values.len(), if fixed { 6 } else { 5 });
            assert_eq!(duals.len(), if fixed { 6 } else { 5 });
        }
    }

    #[test]
    fn finds_a_roster_worth_the_lp_bound_when_the_relaxation_is_tight() {
        // Two separate pairs: the LP optimum -2 is also the integer optimum. Weights 2 and 1 in
        // each pair make the face a single point: x0 = x2 = 1.
        let face = dive_on(&[2.0, 1.0, 2.0, 1.0], &[(0, 1), (2, 3)], true);
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
        let face = dive_on(&[1.0, 1.0, 1.0], &[(0, 1), (1, 2), (0, 2)], true);
        assert!((face.bound + 1.5).abs() < 1e-6, "bound {}", face.bound);
        assert!(face.columns.is_none());
    }

    #[test]
    fn a_face_the_caller_declines_gives_the_lp_bound_and_no_roster() {
        // The tight pairs above, whose face holds the optimum: declined (the caller's time is
        // shorter than the LP took), the dive still gives the LP's bound and solution.
        let face = dive_on(&[2.0, 1.0, 2.0, 1.0], &[(0, 1), (2, 3)], false);
        assert!((face.bound + 4.0).abs() < 1e-6, "bound {}", face.bound);
        assert!(face.columns.is_none());
        assert_eq!(face.relaxation.len(), 4);
        assert!((face.relaxation[0] - 1.0).abs() < 1e-4, "{:?}", face.relaxation);
    }
}
