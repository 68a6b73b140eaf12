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

use super::verify::ModelCopy;
use std::ffi::c_void;

/// The model's matrix row by row: `(column, coefficient)` of row `i` at `start[i]..start[i+1]`.
pub struct RowWise {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
}

impl RowWise {
    /// The rows of `model`.
    pub fn of(model: &ModelCopy) -> RowWise {
        let mut count = vec![0usize; model.rows() + 1];
        for j in 0..model.columns() {
            for (i, _) in model.entries(j) {
                count[i + 1] += 1;
            }
        }
        for i in 0..model.rows() {
            count[i + 1] += count[i];
        }
        let start = count.clone();
        let mut next = count;
        let mut entries = vec![(0, 0.0); start[model.rows()]];
        for j in 0..model.columns() {
            for (i, a) in model.entries(j) {
                entries[next[i]] = (j, a);
                next[i] += 1;
            }
        }
        RowWise { start, entries }
    }

    fn row(&self, i: usize) -> &[(usize, f64)] {
        &self.entries[self.start[i]..self.start[i + 1]]
    }
}

/// One neighbourhood's sub-MIP: which model column each of its columns is.
pub struct SubMip {
    columns: Vec<usize>,
    /// Whether each of them is an integer column.
    integer: Vec<bool>,
}

/// Builds one sub-MIP after another on the same model. Its marks, one per column and per row,
/// are kept between rounds and cleared where a round set them, so that a round's work grows
/// with its neighbourhood and what that reaches, not with the whole model: on Curtois Instance
/// 24 (1,067,642 columns), allocating and filling whole-model vectors every round took 25 ms a
/// round.
pub struct SubMips {
    rows: RowWise,
    /// Per column: its place in the caller's bounded columns, or [`SubMips::NONE`].
    position: Vec<u32>,
    /// Per column: in the sub-MIP.
    free: Vec<bool>,
    /// Per row: its place in the sub-MIP, or [`SubMips::NONE`].
    sub_row: Vec<u32>,
}

impl SubMips {
    const NONE: u32 = u32::MAX;

    /// Ready to build sub-MIPs of `model`.
    pub fn of(model: &ModelCopy) -> SubMips {
        SubMips {
            rows: RowWise::of(model),
            position: vec![Self::NONE; model.columns()],
            free: vec![false; model.columns()],
            sub_row: vec![Self::NONE; model.rows()],
        }
    }

    /// Builds the sub-MIP of `model` around `at` (a roster of it) in which the columns
    /// `bounded` get the bounds `lower`/`upper` (a column whose bounds meet is fixed there) and
    /// passes it to the HiGHS instance `highs`, replacing its model (options and callbacks stay).
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn pass(
        &mut self,
        model: &ModelCopy,
        (bounded, lower, upper): (&[highs_sys::HighsInt], &[f64], &[f64]),
        at: &[f64],
        highs: *mut c_void,
    ) -> SubMip {
        // Columns the caller bounds are assignments: free only where the caller frees them.
        for (k, &j) in bounded.iter().enumerate() {
            self.position[j as usize] = k as u32;
        }
        let SubMips { rows, position, free, sub_row } = self;
        let bounds = |j: usize| match position[j] {
            Self::NONE => model.column_bounds(j),
            k => (lower[k as usize], upper[k as usize]),
        };
        let fixed = |j: usize| {
            let (lo, up) = bounds(j);
            lo >= up
        };
        // Free columns: the freed assignments, then every other column reachable through rows.
        let mut columns: Vec<usize> = bounded
            .iter()
            .zip(lower.iter().zip(upper))
            .filter(|(_, (lo, up))| lo < up)
            .map(|(&j, _)| j as usize)
            .collect();
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
                for &(k, _) in rows.row(i) {
                    if !free[k] && position[k] == Self::NONE && !fixed(k) {
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
        // Row bounds less the fixed columns' part (a fixed column sits at its bound; the roster
        // in hand gives the others outside the sub-MIP).
        let value = |j: usize| if fixed(j) { bounds(j).0 } else { at[j] };
        let (mut row_lower, mut row_upper) = (Vec::with_capacity(kept.len()), Vec::with_capacity(kept.len()));
        for &i in &kept {
            let outside: f64 = rows.row(i).iter().filter(|(k, _)| !free[*k]).map(|&(k, a)| a * value(k)).sum();
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
        let offset = model.min_offset()
            + (0..model.columns()).filter(|&j| !free[j]).map(|j| model.min_cost(j) * value(j)).sum::<f64>();
        let cost: Vec<f64> = columns.iter().map(|&j| model.min_cost(j)).collect();
        let sub_lower: Vec<f64> = columns.iter().map(|&j| bounds(j).0).collect();
        let sub_upper: Vec<f64> = columns.iter().map(|&j| bounds(j).1).collect();
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
        for &j in bounded {
            position[j as usize] = Self::NONE;
        }
        for &j in &columns {
            free[j] = false;
        }
        for &i in &kept {
            sub_row[i] = Self::NONE;
        }
        let integer = columns.iter().map(|&j| model.is_integer(j)).collect();
        SubMip { columns, integer }
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

    /// The roster of the whole model made of `at` outside the sub-MIP and `sub` (a value per
    /// sub-MIP column) inside, integer columns rounded (HiGHS leaves them within its
    /// feasibility tolerance of an integer).
    pub fn extend(&self, at: &[f64], sub: &[f64]) -> Vec<f64> {
        let mut whole = at.to_vec();
        for ((&j, &v), &integer) in self.columns.iter().zip(sub).zip(&self.integer) {
            whole[j] = if integer { v.round() } else { v };
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
        let bounded = [0, 1, 2, 3];
        let (lower, upper) = ([0.0, 0.0, 1.0, 0.0], [1.0, 1.0, 1.0, 0.0]);
        let mut sub_mips = SubMips::of(&copy);
        // SAFETY: the model is live.
        let sub = unsafe { sub_mips.pass(&copy, (&bounded, &lower, &upper), &in_hand, model.as_mut_ptr()) };
        assert_eq!(sub.columns, vec![0, 1, 4, 6]);
        // SAFETY: the model is live.
        assert_eq!(unsafe { highs_sys::Highs_getNumRow(model.as_mut_ptr()) }, 5);
        assert_eq!(sub.restrict(&in_hand), vec![0.0, 0.0, 0.0, 0.0]);
        let solved = model.try_solve().unwrap();
        let whole = sub.extend(&in_hand, solved.get_solution().columns());
        assert_eq!(whole, vec![0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0]);
        assert_eq!(copy.objective(&whole), Some(-1.75));
        assert_eq!(copy.violation(&whole), None);
        // The marks of one round do not leak into the next: freeing b's assignments around the
        // new roster gives b's two, w_b, and four rows (b's two, the two vacancies'; nothing of
        // a's link to z_a).
        let mut model = highs::Model::from(solved);
        let (lower, upper) = ([0.0, 1.0, 0.0, 0.0], [0.0, 1.0, 1.0, 1.0]);
        // SAFETY: the model is live.
        let sub = unsafe { sub_mips.pass(&copy, (&bounded, &lower, &upper), &whole, model.as_mut_ptr()) };
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
        let bounded = [0, 1, 2];
        let (lower, upper) = ([0.0; 3], [1.0; 3]);
        for (distance, expected) in [(1, Some(vec![0.0, 1.0, 0.0])), (2, Some(vec![0.0, 1.0, 0.0])), (3, None)] {
            let mut model = build(vars.clone(), objective.clone(), rows.clone(), &limits(0.0, 0.0)).unwrap();
            // SAFETY: the model is live.
            let copy = unsafe { ModelCopy::of(model.as_mut_ptr()) };
            let mut sub_mips = SubMips::of(&copy);
            // SAFETY: the model is live and holds the sub-MIP.
            let held = unsafe {
                let sub = sub_mips.pass(&copy, (&bounded, &lower, &upper), &in_hand, model.as_mut_ptr());
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
