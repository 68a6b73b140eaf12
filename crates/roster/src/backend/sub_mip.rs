//! The sub-MIP of one neighbourhood, built apart from the whole model.
//!
//! A neighbourhood search round fixes most assignment columns at the roster in hand and frees
//! the rest. Handing HiGHS the whole model with bounds changed makes it presolve the whole
//! model every round: on Curtois Instance 13 (41,500 columns) that took 0.3-0.6 s a round,
//! for sub-problems of 13 to 1,300 columns after presolve; on Instance 24 (1,067,642 columns)
//! 13 s. Here the sub-MIP holds only what a round can change:
//! - the free columns: the assignment columns the neighbourhood frees, and every other column
//!   (worked days, weekends, rest positions, hours, over-cover) reachable from them through a
//!   row, then from those through theirs, and so on; fixed assignment columns stop the spread;
//! - the rows holding a free column, their bounds less the part of the fixed columns.
//!
//! Every other column keeps its value in the roster in hand. The rows left out hold fixed
//! columns only, which the roster in hand satisfies, so a roster of the sub-MIP, completed by
//! the fixed values, is a roster of the whole model: the same neighbourhood as before except
//! that columns out of reach of every free assignment keep their values rather than being
//! re-optimised on their own.

use super::verify::{ModelCopy, RowWise};
use std::ffi::c_void;

/// One neighbourhood's sub-MIP: which model column each of its columns is, and which model row
/// each of its rows is.
pub struct SubMip {
    columns: Vec<usize>,
    /// Whether each of them is an integer column.
    integer: Vec<bool>,
    /// The model rows it holds, in order: the only rows a change to its columns can break.
    rows: Vec<usize>,
}

/// Builds one sub-MIP after another on the same model. Its marks, one per column and per row,
/// are kept between rounds and cleared where a round set them, so that a round's work grows
/// with its neighbourhood and what that reaches, not with the whole model: on Curtois Instance
/// 24 (1,067,642 columns), allocating and filling whole-model vectors every round took 25 ms a
/// round.
pub struct SubMips<'m> {
    rows: &'m RowWise,
    /// Per column: an assignment column, which stays at its value in the roster in hand unless
    /// a round frees it.
    assignment: Vec<bool>,
    /// Per column: in the sub-MIP.
    free: Vec<bool>,
    /// Per row: its place in the sub-MIP, or [`SubMips::NONE`].
    sub_row: Vec<u32>,
}

impl<'m> SubMips<'m> {
    const NONE: u32 = u32::MAX;

    /// Ready to build sub-MIPs of `model` whose assignment columns are `assignments`.
    pub fn of(model: &'m ModelCopy, assignments: impl IntoIterator<Item = usize>) -> SubMips<'m> {
        let mut assignment = vec![false; model.columns()];
        for j in assignments {
            assignment[j] = true;
        }
        SubMips {
            rows: model.by_row(),
            assignment,
            free: vec![false; model.columns()],
            sub_row: vec![Self::NONE; model.rows()],
        }
    }

    /// Builds the sub-MIP of `model` around `at` (a roster of it, worth `at_objective` as
    /// minimised) in which the assignment columns `freed` are free and every other assignment
    /// column is fixed at its value in `at`, and passes it to the HiGHS instance `highs`,
    /// replacing its model (options and callbacks stay).
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn pass(
        &mut self,
        model: &ModelCopy,
        freed: &[usize],
        (at, at_objective): (&[f64], f64),
        highs: *mut c_void,
    ) -> SubMip {
        let SubMips { rows, assignment, free, sub_row } = self;
        // Fixed: an assignment the round does not free, or a column whose own bounds meet.
        let fixed = |j: usize| {
            let (lo, up) = model.column_bounds(j);
            assignment[j] || lo >= up
        };
        // Free columns: the freed assignments, then every other column reachable through rows.
        let mut columns: Vec<usize> = freed.iter().copied().filter(|&j| !free[j]).collect();
        for &j in &columns {
            free[j] = true;
        }
        // `columns` is also the work list: the columns at `next..` have not been spread from yet.
        let mut kept: Vec<usize> = Vec::new();
        let mut next = 0;
        while let Some(&j) = columns.get(next) {
            next += 1;
            for (i, _) in model.entries(j) {
                if sub_row[i] != Self::NONE {
                    continue;
                }
                // In the sub-MIP; its place is set once every row is known.
                sub_row[i] = 0;
                kept.push(i);
                for (k, _) in rows.row(i) {
                    if !free[k] && !fixed(k) {
                        free[k] = true;
                        columns.push(k);
                    }
                }
            }
        }
        columns.sort_unstable();
        kept.sort_unstable();
        for (r, &i) in kept.iter().enumerate() {
            sub_row[i] = r as u32;
        }
        // The value of a column outside the sub-MIP: an assignment's rounded, a column fixed by
        // its bounds at its bound, any other's in the roster in hand.
        let value = |j: usize| match (assignment[j], fixed(j)) {
            (true, _) => at[j].round(),
            (false, true) => model.column_bounds(j).0,
            (false, false) => at[j],
        };
        // Row bounds less the part of the columns outside.
        let (mut row_lower, mut row_upper) = (Vec::with_capacity(kept.len()), Vec::with_capacity(kept.len()));
        for &i in &kept {
            let outside: f64 = rows.row(i).filter(|(k, _)| !free[*k]).map(|(k, a)| a * value(k)).sum();
            let (lo, up) = model.row_bounds(i);
            row_lower.push(lo - outside);
            row_upper.push(up - outside);
        }
        let (mut start, mut index, mut coefficient) = (Vec::with_capacity(columns.len() + 1), Vec::new(), Vec::new());
        for &j in &columns {
            start.push(index.len() as highs_sys::HighsInt);
            for (i, a) in model.entries(j) {
                index.push(sub_row[i] as highs_sys::HighsInt);
                coefficient.push(a);
            }
        }
        // The columns outside are worth what the roster in hand is worth less its sub-MIP part
        // (they hold their values in it, up to rounding): no pass over the whole model.
        let offset = at_objective - columns.iter().map(|&j| model.min_cost(j) * at[j]).sum::<f64>();
        let cost: Vec<f64> = columns.iter().map(|&j| model.min_cost(j)).collect();
        let (sub_lower, sub_upper): (Vec<f64>, Vec<f64>) = columns.iter().map(|&j| model.column_bounds(j)).unzip();
        let integrality: Vec<highs_sys::HighsInt> =
            columns
                .iter()
                .map(|&j| {
                    if model.is_integer(j) {
                        highs_sys::kHighsVarTypeInteger
                    } else {
                        highs_sys::kHighsVarTypeContinuous
                    }
                })
                .collect();
        // HiGHS reads no entry of an empty array, but wants a pointer.
        start.push(index.len() as highs_sys::HighsInt);
        index.push(0);
        coefficient.push(0.0);
        // SAFETY: `highs` is live (the caller's guarantee); every array has the length the
        // counts passed say (start: a column count plus one, read up to the column count).
        unsafe {
            highs_sys::Highs_passMip(
                highs,
                columns.len() as highs_sys::HighsInt,
                kept.len() as highs_sys::HighsInt,
                (index.len() - 1) as highs_sys::HighsInt,
                highs_sys::kHighsMatrixFormatColwise,
                highs_sys::kHighsObjSenseMinimize,
                offset,
                cost.as_ptr(),
                sub_lower.as_ptr(),
                sub_upper.as_ptr(),
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                coefficient.as_ptr(),
                integrality.as_ptr(),
            );
        }
        // Clear this round's marks for the next.
        for &j in &columns {
            free[j] = false;
        }
        for &i in &kept {
            sub_row[i] = Self::NONE;
        }
        let integer = columns.iter().map(|&j| model.is_integer(j)).collect();
        SubMip { columns, integer, rows: kept }
    }

    /// What `whole` (a roster of `model` that differs from a roster of it only in `sub`'s
    /// columns) breaks, if anything: only `sub`'s columns and rows can be broken, so only those
    /// are checked, not the whole model.
    pub fn violation(&self, model: &ModelCopy, sub: &SubMip, whole: &[f64]) -> Option<String> {
        sub.columns.iter().find_map(|&j| model.column_violation(j, whole[j])).or_else(|| {
            sub.rows.iter().find_map(|&i| {
                let activity: f64 = self.rows.row(i).map(|(k, a)| a * whole[k]).sum();
                model.row_violation(i, activity)
            })
        })
    }
}

impl SubMip {
    /// Number of columns of the sub-MIP.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// The sub-MIP's part of a roster of the whole model.
    pub fn restrict(&self, whole: &[f64]) -> Vec<f64> {
        self.columns.iter().map(|&j| whole[j]).collect()
    }

    /// Adds to the sub-MIP held by `highs` a row that keeps its rosters at least `distance`
    /// away from `at` in the binary model columns `columns` (those of them in the sub-MIP): the
    /// number of them whose value differs from `at`'s is `distance` or more (the Hamming
    /// distance of local branching, from below). Returns how many of `columns` the sub-MIP
    /// holds (the row is added only when that is at least `distance`).
    ///
    /// # Safety
    /// `highs` must be the live HiGHS instance this sub-MIP was passed to.
    pub unsafe fn keep_away(&self, at: &[f64], columns: &[usize], distance: usize, highs: *mut c_void) -> usize {
        // sum over ones of (1 - x) + sum over zeros of x >= distance, that is
        // sum over zeros of x - sum over ones of x >= distance - ones.
        let (mut index, mut value, mut ones) = (Vec::new(), Vec::new(), 0usize);
        for &j in columns {
            let Ok(k) = self.columns.binary_search(&j) else { continue };
            index.push(k as highs_sys::HighsInt);
            if at[j] > 0.5 {
                ones += 1;
                value.push(-1.0);
            } else {
                value.push(1.0);
            }
        }
        if index.len() >= distance.max(1) {
            let lower = distance as f64 - ones as f64;
            // SAFETY: `highs` is live (the caller's guarantee); the arrays hold `index.len()` entries.
            unsafe {
                highs_sys::Highs_addRow(
                    highs,
                    lower,
                    f64::INFINITY,
                    index.len() as highs_sys::HighsInt,
                    index.as_ptr(),
                    value.as_ptr(),
                );
            }
        }
        index.len()
    }

    /// `sub` (a value per sub-MIP column, as HiGHS returns them) with its integer columns
    /// rounded (HiGHS leaves them within its feasibility tolerance of an integer).
    pub fn rounded(&self, sub: &[f64]) -> Vec<f64> {
        sub.iter().zip(&self.integer).map(|(&v, &integer)| if integer { v.round() } else { v }).collect()
    }

    /// The objective of the roster made of `at` (worth `at_objective`) outside the sub-MIP and
    /// `sub` (a value per sub-MIP column) inside, from the sub-MIP's columns alone.
    pub fn objective(&self, model: &ModelCopy, (at, at_objective): (&[f64], f64), sub: &[f64]) -> f64 {
        at_objective + self.columns.iter().zip(sub).map(|(&j, &v)| model.min_cost(j) * (v - at[j])).sum::<f64>()
    }

    /// The roster of the whole model made of `at` outside the sub-MIP and `sub` (a value per
    /// sub-MIP column, integer columns already [`SubMip::rounded`]) inside.
    pub fn extend(&self, at: &[f64], sub: &[f64]) -> Vec<f64> {
        let mut whole = at.to_vec();
        for (&j, &v) in self.columns.iter().zip(sub) {
            whole[j] = v;
        }
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    #[test]
    fn the_sub_mip_holds_the_freed_columns_what_they_reach_and_their_rows_only() {
        // Two people, a and b, and two vacancies, one person each; each person works one shift
        // at most, and working at all (w) costs 1, and w forces z (cost 0.25) for a. Covering
        // vacancy 1 saves 2, vacancy 2 saves 2. In hand: b covers vacancy 1, a works nothing
        // (objective -2 + 1 = -1). Freeing a's assignments: a cannot take vacancy 1 (b holds
        // it), takes vacancy 2, and w_a and z_a follow (-2 - 2 + 1 + 1 + 0.25 = -1.75). The
        // sub-MIP has a's two assignments, w_a and z_a (reached through rows), and the rows
        // holding them: a's two, the two vacancies' and w_a's link to z_a; b's rows (fixed
        // columns and w_b only) are left out, and w_b keeps its value.
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = (0..4).map(|_| vars.add(variable().binary())).collect(); // a1 a2 b1 b2
        let (w_a, w_b, z_a) =
            (vars.add(variable().binary()), vars.add(variable().binary()), vars.add(variable().binary()));
        let objective: Expression = -2.0 * (x[0] + x[1] + x[2] + x[3]) + w_a + w_b + 0.25 * z_a;
        let rows = vec![
            (x[0] + x[1] - 2.0 * w_a).leq(0.0),
            (x[2] + x[3] - 2.0 * w_b).leq(0.0),
            (x[0] + x[1]).leq(1.0),
            (x[2] + x[3]).leq(1.0),
            (x[0] + x[2]).leq(1.0),
            (x[1] + x[3]).leq(1.0),
            (w_a - z_a).leq(0.0),
        ];
        let mut model = build(vars, objective, rows, &limits(0.0, 0.0)).unwrap();
        // SAFETY: the model is live.
        let copy = unsafe { ModelCopy::of(model.as_mut_ptr()) };
        let in_hand = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0];
        assert_eq!(copy.objective(&in_hand), Some(-1.0));
        let mut sub_mips = SubMips::of(&copy, [0, 1, 2, 3]);
        // SAFETY: the model is live.
        let sub = unsafe { sub_mips.pass(&copy, &[0, 1], (&in_hand, -1.0), model.as_mut_ptr()) };
        assert_eq!(sub.columns, vec![0, 1, 4, 6]);
        // SAFETY: the model is live.
        assert_eq!(unsafe { highs_sys::Highs_getNumRow(model.as_mut_ptr()) }, 5);
        assert_eq!(sub.restrict(&in_hand), vec![0.0, 0.0, 0.0, 0.0]);
        let solved = model.try_solve().unwrap();
        assert_eq!(solved.objective_value(), -1.75);
        let found = sub.rounded(solved.get_solution().columns());
        assert_eq!(sub.objective(&copy, (&in_hand, -1.0), &found), -1.75);
        let whole = sub.extend(&in_hand, &found);
        assert_eq!(whole, vec![0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0]);
        assert_eq!(copy.objective(&whole), Some(-1.75));
        assert_eq!(copy.violation(&whole), None);
        assert_eq!(sub_mips.violation(&copy, &sub, &whole), None);
        // A change within the sub-MIP's columns that breaks one of its rows (a working both
        // shifts) is caught from its rows alone.
        let mut broken = whole.clone();
        broken[0] = 1.0;
        assert!(sub_mips.violation(&copy, &sub, &broken).is_some_and(|v| v.starts_with("row 2")));
        // The marks of one round do not leak into the next: freeing b's assignments around the
        // new roster gives b's two, w_b, and four rows (b's two, the two vacancies'; nothing of
        // a's link to z_a).
        let mut model = highs::Model::from(solved);
        // SAFETY: the model is live.
        let sub = unsafe { sub_mips.pass(&copy, &[2, 3], (&whole, -1.75), model.as_mut_ptr()) };
        assert_eq!(sub.columns, vec![2, 3, 5]);
        // SAFETY: the model is live.
        assert_eq!(unsafe { highs_sys::Highs_getNumRow(model.as_mut_ptr()) }, 4);
    }

    #[test]
    fn a_kept_away_sub_mip_changes_at_least_that_many_columns_and_is_the_best_that_does() {
        // One shift among three people, worth 3, 2 and 1 to cover by a, b, c; a holds it. At
        // distance 1 or 2 the best is b taking it from a (two columns change, -2); nobody (one
        // change, 0) is worse. At distance 3 every column would change: a off, b and c both
        // on, which the one-person row forbids.
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = (0..3).map(|_| vars.add(variable().binary())).collect();
        let objective: Expression = -(3.0 * x[0] + 2.0 * x[1] + x[2]);
        let rows = vec![(x[0] + x[1] + x[2]).leq(1.0)];
        let in_hand = [1.0, 0.0, 0.0];
        for (distance, expected) in [(1, Some(vec![0.0, 1.0, 0.0])), (2, Some(vec![0.0, 1.0, 0.0])), (3, None)] {
            let mut model = build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
            // SAFETY: the model is live.
            let copy = unsafe { ModelCopy::of(model.as_mut_ptr()) };
            let mut sub_mips = SubMips::of(&copy, [0, 1, 2]);
            // SAFETY: the model is live and holds the sub-MIP.
            let held = unsafe {
                let sub = sub_mips.pass(&copy, &[0, 1, 2], (&in_hand, -3.0), model.as_mut_ptr());
                sub.keep_away(&in_hand, &[0, 1, 2], distance, model.as_mut_ptr())
            };
            assert_eq!(held, 3);
            let solved = model.try_solve().unwrap();
            let found = crate::backend::has_solution(&solved)
                .then(|| solved.get_solution().columns().iter().map(|v| v.round()).collect::<Vec<f64>>());
            assert_eq!(found, expected, "distance {distance}");
        }
    }
}
