//! A copy of the stage-1 model as HiGHS holds it (costs, bounds, rows, integrality), used to
//! price and verify every solution that crosses the [`super::exchange::Exchange`].
//!
//! Solutions come from several HiGHS runs (the branch-and-bound, the search's sub-MIPs with
//! changed bounds, time-limited runs). HiGHS reports each with an objective value that, after
//! presolve and postsolve, need not belong to the vector handed over, and a time-limited run
//! can return a vector that is feasible only in its presolved space. So nothing is taken on
//! trust: the objective is recomputed here and a vector that breaks a row, a bound or
//! integrality of the original model is refused.

use std::ffi::c_void;

/// The original model in column-wise form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelCopy {
    offset: f64,
    /// +1 minimise, -1 maximise (costs are stored as HiGHS holds them).
    sense: f64,
    cost: Vec<f64>,
    col_lower: Vec<f64>,
    col_upper: Vec<f64>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    start: Vec<usize>,
    index: Vec<usize>,
    value: Vec<f64>,
    integer: Vec<bool>,
    /// The matrix row by row, built on first use and shared by every search on this model.
    by_row: ByRow,
}

/// The model's matrix row by row: the columns and coefficients of row `i` at
/// `start[i]..start[i + 1]`.
#[derive(Debug, Clone, Default)]
pub struct RowWise {
    start: Vec<usize>,
    column: Vec<u32>,
    coefficient: Vec<f64>,
}

impl RowWise {
    /// The entries `(column, coefficient)` of row `i`.
    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let span = self.start[i]..self.start[i + 1];
        self.column[span.clone()].iter().map(|&j| j as usize).zip(self.coefficient[span].iter().copied())
    }
}

/// [`ModelCopy`]'s rows, built once (on Curtois Instance 24, 20 million entries: about a second
/// and 240 MB, which each search used to spend again on its own copy). A cache: it takes no part
/// in comparing two models.
#[derive(Debug, Clone, Default)]
struct ByRow(std::sync::OnceLock<RowWise>);

impl PartialEq for ByRow {
    fn eq(&self, _: &ByRow) -> bool {
        true
    }
}

/// `Highs_getLp` and `Highs_getPresolvedLp`.
type GetLp = unsafe extern "C" fn(
    *const c_void,
    highs_sys::HighsInt,
    *mut highs_sys::HighsInt,
    *mut highs_sys::HighsInt,
    *mut highs_sys::HighsInt,
    *mut highs_sys::HighsInt,
    *mut f64,
    *mut f64,
    *mut f64,
    *mut f64,
    *mut f64,
    *mut f64,
    *mut highs_sys::HighsInt,
    *mut highs_sys::HighsInt,
    *mut f64,
    *mut highs_sys::HighsInt,
) -> highs_sys::HighsInt;

/// Slack allowed on rows and bounds (relative to the bound's size) and on integrality.
const TOLERANCE: f64 = 1e-5;

/// The slack allowed beyond `bound`.
fn slack(bound: f64) -> f64 {
    TOLERANCE * bound.abs().max(1.0)
}

impl ModelCopy {
    /// Reads the model out of the HiGHS instance `highs`.
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn of(highs: *mut c_void) -> ModelCopy {
        // SAFETY: guaranteed by the caller; the sizes are the model's.
        unsafe {
            let cols = highs_sys::Highs_getNumCol(highs).max(0) as usize;
            let rows = highs_sys::Highs_getNumRow(highs).max(0) as usize;
            let nz = highs_sys::Highs_getNumNz(highs).max(0) as usize;
            ModelCopy::read(highs, (cols, rows, nz), highs_sys::Highs_getLp).unwrap_or_default()
        }
    }

    /// Reads the presolved LP out of the HiGHS instance `highs`, after `Highs_presolve`;
    /// `None` if HiGHS has none to give.
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn presolved_of(highs: *mut c_void) -> Option<ModelCopy> {
        // SAFETY: guaranteed by the caller; the sizes are the presolved LP's.
        unsafe {
            let cols = highs_sys::Highs_getPresolvedNumCol(highs).max(0) as usize;
            let rows = highs_sys::Highs_getPresolvedNumRow(highs).max(0) as usize;
            let nz = highs_sys::Highs_getPresolvedNumNz(highs).max(0) as usize;
            ModelCopy::read(highs, (cols, rows, nz), highs_sys::Highs_getPresolvedLp)
        }
    }

    /// Reads a model of `cols` columns, `rows` rows and `nz` non-zeros by `get`
    /// (`Highs_getLp` or `Highs_getPresolvedLp`, which share their signature).
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance whose model `get` reads has those sizes.
    unsafe fn read(highs: *mut c_void, (cols, rows, nz): (usize, usize, usize), get: GetLp) -> Option<ModelCopy> {
        let (mut num_col, mut num_row, mut num_nz, mut sense) = (0, 0, 0, 0);
        let mut offset = 0.0;
        let mut cost = vec![0.0; cols];
        let (mut col_lower, mut col_upper) = (vec![0.0; cols], vec![0.0; cols]);
        let (mut row_lower, mut row_upper) = (vec![0.0; rows], vec![0.0; rows]);
        let mut start = vec![0 as highs_sys::HighsInt; cols + 1];
        let mut index = vec![0 as highs_sys::HighsInt; nz.max(1)];
        let mut value = vec![0.0; nz.max(1)];
        let mut integrality = vec![0 as highs_sys::HighsInt; cols.max(1)];
        // SAFETY: guaranteed by the caller; every array has the size HiGHS reports.
        let status = unsafe {
            get(
                highs,
                highs_sys::kHighsMatrixFormatColwise,
                &mut num_col,
                &mut num_row,
                &mut num_nz,
                &mut sense,
                &mut offset,
                cost.as_mut_ptr(),
                col_lower.as_mut_ptr(),
                col_upper.as_mut_ptr(),
                row_lower.as_mut_ptr(),
                row_upper.as_mut_ptr(),
                start.as_mut_ptr(),
                index.as_mut_ptr(),
                value.as_mut_ptr(),
                integrality.as_mut_ptr(),
            )
        };
        if status == highs_sys::kHighsStatusError {
            return None;
        }
        start[cols] = num_nz;
        index.truncate(nz);
        value.truncate(nz);
        integrality.truncate(cols);
        Some(ModelCopy {
            offset,
            sense: if sense == highs_sys::kHighsObjSenseMaximize { -1.0 } else { 1.0 },
            cost,
            col_lower,
            col_upper,
            row_lower,
            row_upper,
            start: start.iter().map(|&s| s.max(0) as usize).collect(),
            index: index.iter().map(|&i| i.max(0) as usize).collect(),
            value,
            integer: integrality.iter().map(|&t| t == highs_sys::kHighsVarTypeInteger).collect(),
            by_row: ByRow::default(),
        })
    }

    /// Hands this model to the HiGHS instance `highs` as an LP (integrality dropped), in place
    /// of what it holds; whether HiGHS took it.
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn pass_lp(&self, highs: *mut c_void) -> bool {
        // SAFETY: guaranteed by the caller.
        unsafe { self.pass(highs, false) }
    }

    /// Hands this model to the HiGHS instance `highs`, integrality and all, in place of what it
    /// holds: a copy of the model this was read from, made from HiGHS's own arrays rather than
    /// built again from the formulation; whether HiGHS took it.
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    pub unsafe fn pass_mip(&self, highs: *mut c_void) -> bool {
        // SAFETY: guaranteed by the caller.
        unsafe { self.pass(highs, true) }
    }

    /// [`ModelCopy::pass_mip`], or [`ModelCopy::pass_lp`] when not `mip`.
    ///
    /// # Safety
    /// `highs` must be a live HiGHS instance.
    unsafe fn pass(&self, highs: *mut c_void, mip: bool) -> bool {
        let int = |v: usize| v as highs_sys::HighsInt;
        let (start, index): (Vec<_>, Vec<_>) =
            (self.start.iter().map(|&s| int(s)).collect(), self.index.iter().map(|&i| int(i)).collect());
        let sense =
            if self.sense < 0.0 { highs_sys::kHighsObjSenseMaximize } else { highs_sys::kHighsObjSenseMinimize };
        let kind =
            |integer: bool| if integer { highs_sys::kHighsVarTypeInteger } else { highs_sys::kHighsVarTypeContinuous };
        let integrality: Vec<highs_sys::HighsInt> = match mip {
            true => self.integer.iter().map(|&i| kind(i)).collect(),
            false => Vec::new(),
        };
        let (cols, rows, nz) = (int(self.columns()), int(self.rows()), int(self.value.len()));
        let format = highs_sys::kHighsMatrixFormatColwise;
        let (cost, offset) = (self.cost.as_ptr(), self.offset);
        let (col_lower, col_upper) = (self.col_lower.as_ptr(), self.col_upper.as_ptr());
        let (row_lower, row_upper) = (self.row_lower.as_ptr(), self.row_upper.as_ptr());
        let (start, index, value) = (start.as_ptr(), index.as_ptr(), self.value.as_ptr());
        // SAFETY: guaranteed by the caller; every array has the size the counts say.
        let status = unsafe {
            match mip {
                true => highs_sys::Highs_passMip(
                    highs,
                    cols,
                    rows,
                    nz,
                    format,
                    sense,
                    offset,
                    cost,
                    col_lower,
                    col_upper,
                    row_lower,
                    row_upper,
                    start,
                    index,
                    value,
                    integrality.as_ptr(),
                ),
                false => highs_sys::Highs_passLp(
                    highs, cols, rows, nz, format, sense, offset, cost, col_lower, col_upper, row_lower, row_upper,
                    start, index, value,
                ),
            }
        };
        status != highs_sys::kHighsStatusError
    }

    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.cost.len()
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.row_lower.len()
    }

    /// Bounds of column `j`.
    pub fn column_bounds(&self, j: usize) -> (f64, f64) {
        (self.col_lower[j], self.col_upper[j])
    }

    /// Bounds of row `i`.
    pub fn row_bounds(&self, i: usize) -> (f64, f64) {
        (self.row_lower[i], self.row_upper[i])
    }

    /// The cost of column `j` as minimised (HiGHS's cost times the sense).
    pub fn min_cost(&self, j: usize) -> f64 {
        self.sense * self.cost[j]
    }

    /// The objective's constant as minimised.
    pub fn min_offset(&self) -> f64 {
        self.sense * self.offset
    }

    /// Whether column `j` must take an integer value.
    pub fn is_integer(&self, j: usize) -> bool {
        self.integer[j]
    }

    /// The matrix row by row (built on the first call).
    pub fn by_row(&self) -> &RowWise {
        self.by_row.0.get_or_init(|| {
            let mut start = vec![0usize; self.rows() + 1];
            for &i in &self.index {
                start[i + 1] += 1;
            }
            for i in 0..self.rows() {
                start[i + 1] += start[i];
            }
            let mut next = start.clone();
            let (mut column, mut coefficient) = (vec![0u32; self.index.len()], vec![0.0; self.index.len()]);
            for j in 0..self.columns() {
                for (i, a) in self.entries(j) {
                    (column[next[i]], coefficient[next[i]]) = (j as u32, a);
                    next[i] += 1;
                }
            }
            RowWise { start, column, coefficient }
        })
    }

    /// The non-zero entries `(row, coefficient)` of column `j`.
    pub fn entries(&self, j: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        (self.start[j]..self.start[j + 1]).map(|k| (self.index[k], self.value[k]))
    }

    /// Whether the optimum is an integer, so that a proven bound may be rounded up: the constant
    /// and every cost are integers, and every column with a cost is an integer column or a
    /// slack: a continuous column with integer bounds in exactly one row, with coefficient ±1,
    /// whose other columns are integer columns with integer coefficients, and whose bounds are
    /// integers. With the integer columns fixed, such a slack ranges over an interval with
    /// integer ends and its cost is best at one of them, so some optimum has an integer value
    /// (the under- and over-cover columns of the roster model are such slacks).
    pub fn integral_objective(&self) -> bool {
        let whole = |v: f64| !v.is_finite() || (v - v.round()).abs() <= 1e-9;
        if !whole(self.offset) || !self.cost.iter().all(|&c| whole(c)) {
            return false;
        }
        let mut row_columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.rows()];
        for j in 0..self.columns() {
            for k in self.start[j]..self.start[j + 1] {
                row_columns[self.index[k]].push((j, self.value[k]));
            }
        }
        (0..self.columns()).filter(|&j| self.cost[j] != 0.0 && !self.integer[j]).all(|j| {
            let mut rows = self.start[j]..self.start[j + 1];
            let (Some(k), None) = (rows.next(), rows.next()) else { return false };
            let i = self.index[k];
            self.value[k].abs() == 1.0
                && whole(self.col_lower[j])
                && whole(self.col_upper[j])
                && whole(self.row_lower[i])
                && whole(self.row_upper[i])
                && row_columns[i].iter().all(|&(other, a)| other == j || (self.integer[other] && whole(a)))
        })
    }

    /// A proven lower bound on the objective (as minimised) from any row multipliers `y` (in
    /// HiGHS's convention, reduced costs `c - Aᵀy`), converged or not: the Lagrangian bound of
    /// the LP relaxation, `min over the bounds of (c - Aᵀy)ᵀx + yᵀr` with `L ≤ r ≤ U`.
    ///
    /// The multipliers are first made usable: one whose sign would pair it with an infinite row
    /// bound counts as 0, and where a column's reduced cost would pair with an infinite column
    /// bound, the multipliers that push it that way count as 0 too (repeated until none does;
    /// every multiplier can only go to 0, so this ends, at worst at `y = 0`). The stage-1
    /// model's overtime columns are such: free of cost and unbounded above, their
    /// rows' optimal multipliers are 0, and an interior point leaves them slightly off it.
    /// `None` when `y` has the wrong length, or when even then no finite bound follows.
    ///
    /// An interrupted interior-point solve leaves such multipliers: their bound is weaker than
    /// the LP optimum but proven, where the alternative is no bound at all.
    pub fn lagrangian_bound(&self, y: &[f64]) -> Option<f64> {
        if y.len() != self.rows() {
            return None;
        }
        // Minimised: costs and multipliers both change sign when HiGHS maximises.
        let mut multiplier: Vec<f64> = (0..self.rows())
            .map(|i| {
                let v = self.sense * y[i];
                if v.is_finite() {
                    of_right_sign(v, self.row_bounds(i))
                } else {
                    0.0
                }
            })
            .collect();
        let reduced = |j: usize, multiplier: &[f64]| {
            self.min_cost(j) - self.entries(j).map(|(i, a)| a * multiplier[i]).sum::<f64>()
        };
        // Columns with an infinite bound: the only ones whose reduced cost has a wrong sign.
        let unbounded: Vec<usize> =
            (0..self.columns()).filter(|&j| !self.col_lower[j].is_finite() || !self.col_upper[j].is_finite()).collect();
        loop {
            let mut changed = false;
            for &j in &unbounded {
                let d = reduced(j, &multiplier);
                // A reduced cost of the sign the column's bounds cannot take: negative without
                // an upper bound, positive without a lower one.
                if least(d, self.column_bounds(j)).is_some() {
                    continue;
                }
                for (i, a) in self.entries(j) {
                    // `-a * y_i` is this multiplier's part of the reduced cost.
                    if multiplier[i] != 0.0 && (-a * multiplier[i] < 0.0) == (d < 0.0) {
                        multiplier[i] = 0.0;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut bound = self.min_offset();
        for (i, &v) in multiplier.iter().enumerate() {
            bound += least(v, self.row_bounds(i))?;
        }
        for j in 0..self.columns() {
            bound += least(reduced(j, &multiplier), self.column_bounds(j))?;
        }
        bound.is_finite().then_some(bound)
    }

    /// The largest cost coefficient in size (at least 1): the scale of the objective.
    pub fn cost_scale(&self) -> f64 {
        self.cost.iter().fold(1.0, |m: f64, c| m.max(c.abs()))
    }

    /// The objective value of `x` (as minimised), `None` if `x` has the wrong length.
    pub fn objective(&self, x: &[f64]) -> Option<f64> {
        (x.len() == self.cost.len())
            .then(|| self.sense * (self.offset + self.cost.iter().zip(x).map(|(c, v)| c * v).sum::<f64>()))
    }

    /// The row activities `Ax` (`x` has one value per column).
    pub fn activity(&self, x: &[f64]) -> Vec<f64> {
        let mut activity = vec![0.0; self.rows()];
        for (j, &v) in x.iter().enumerate().filter(|(_, v)| **v != 0.0) {
            for (i, a) in self.entries(j) {
                activity[i] += a * v;
            }
        }
        activity
    }

    /// What `x` breaks in the original model, if anything (the first problem found).
    pub fn violation(&self, x: &[f64]) -> Option<String> {
        if x.len() != self.cost.len() {
            return Some(format!("{} values for {} columns", x.len(), self.cost.len()));
        }
        x.iter()
            .enumerate()
            .find_map(|(j, &v)| self.column_violation(j, v))
            .or_else(|| self.activity(x).iter().enumerate().find_map(|(i, &a)| self.row_violation(i, a)))
    }

    /// What column `j` at `v` breaks (its bounds or integrality), if anything.
    pub fn column_violation(&self, j: usize, v: f64) -> Option<String> {
        let (lo, up) = (self.col_lower[j], self.col_upper[j]);
        if !v.is_finite() || v < lo - slack(lo) || v > up + slack(up) {
            return Some(format!("column {j} = {v} outside [{lo}, {up}]"));
        }
        (self.integer[j] && (v - v.round()).abs() > TOLERANCE).then(|| format!("integer column {j} = {v}"))
    }

    /// What row `i` at activity `a` breaks (its bounds), if anything.
    pub fn row_violation(&self, i: usize, a: f64) -> Option<String> {
        let (lo, up) = (self.row_lower[i], self.row_upper[i]);
        (a < lo - slack(lo) || a > up + slack(up)).then(|| format!("row {i}: {a} outside [{lo}, {up}]"))
    }
}

/// A multiplier `p` on a row with bounds `(lo, up)`, or 0 when its sign is wrong for the row
/// (positive without a lower bound, negative without an upper one): the Lagrangian bound at
/// such multipliers is valid. Interior point leaves a few of the wrong sign, within tolerance.
pub(super) fn of_right_sign(p: f64, (lo, up): (f64, f64)) -> f64 {
    match p {
        p if p > 0.0 && !lo.is_finite() => 0.0,
        p if p < 0.0 && !up.is_finite() => 0.0,
        p => p,
    }
}

/// The least of `weight * x` over `lo <= x <= up` (0 for a weight of about zero); `None` when
/// that is minus infinity.
pub(super) fn least(weight: f64, (lo, up): (f64, f64)) -> Option<f64> {
    const ZERO: f64 = 1e-9;
    let side = match weight {
        w if w > ZERO => lo,
        w if w < -ZERO => up,
        _ => return Some(0.0),
    };
    side.is_finite().then_some(weight * side)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// min x0 + 2 x1 + 5 s.t. x0 + x1 >= 1, x0 <= 1 binary, x1 continuous in [0, 3].
    fn copy() -> ModelCopy {
        ModelCopy {
            offset: 5.0,
            sense: 1.0,
            cost: vec![1.0, 2.0],
            col_lower: vec![0.0, 0.0],
            col_upper: vec![1.0, 3.0],
            row_lower: vec![1.0],
            row_upper: vec![f64::INFINITY],
            start: vec![0, 1, 2],
            index: vec![0, 0],
            value: vec![1.0, 1.0],
            integer: vec![true, false],
            by_row: ByRow::default(),
        }
    }

    #[test]
    fn an_objective_is_integral_with_integer_costs_on_integer_columns_and_slacks() {
        let mut m = copy();
        // x1 is a slack of row 0 (x0 + x1 >= 1): continuous, alone with an integer column,
        // coefficient 1, integer bounds. Costs 1 and 2, constant 5.
        assert!(m.integral_objective());
        m.offset = 5.5;
        assert!(!m.integral_objective());
        m.offset = 5.0;
        m.col_upper[1] = 2.5;
        assert!(!m.integral_objective(), "a slack with a fractional bound");
        m.col_upper[1] = 3.0;
        m.value[1] = 2.0;
        assert!(!m.integral_objective(), "a coefficient other than ±1");
        m.value[1] = 1.0;
        m.integer[0] = false;
        assert!(!m.integral_objective(), "two continuous columns in one row");
    }

    #[test]
    fn any_multipliers_give_a_proven_bound_and_the_optimal_ones_the_lp_optimum() {
        // The LP optimum is 6 (x0 = 1), its dual y = 1 on the row.
        let mut m = copy();
        let at = |m: &ModelCopy, y: f64| m.lagrangian_bound(&[y]);
        assert_eq!(at(&m, 1.0), Some(6.0));
        // y = 1/2: reduced costs 1/2 and 3/2 put both columns at 0; the row at its lower bound 1.
        assert_eq!(at(&m, 0.5), Some(5.5));
        // y = 3: reduced costs -2 and -1 put x0 at 1 and x1 at 3: 5 + 3 - 2 - 3.
        assert_eq!(at(&m, 3.0), Some(3.0));
        // A negative multiplier would pair with the row's infinite upper bound: counts as 0.
        assert_eq!(at(&m, -1.0), Some(5.0));
        assert_eq!(m.lagrangian_bound(&[]), None);
        // A reduced cost that would pair with an infinite column bound: x1 unbounded above with
        // reduced cost 2 - 3 < 0 at y = 3; the multiplier is dropped (y = 0: 5).
        m.col_upper[1] = f64::INFINITY;
        assert_eq!(at(&m, 3.0), Some(5.0));
        assert_eq!(at(&m, 1.0), Some(6.0));
        // A column unbounded both ways with a cost: no multiplier makes its reduced cost 0 here,
        // so there is no finite bound.
        m.col_lower[1] = f64::NEG_INFINITY;
        assert_eq!(at(&m, 1.0), None);
    }

    #[test]
    fn prices_and_verifies_against_the_original_rows() {
        let m = copy();
        assert_eq!(m.objective(&[1.0, 0.0]), Some(6.0));
        assert_eq!(m.objective(&[0.0, 0.5]), Some(6.0));
        assert_eq!(m.violation(&[1.0, 0.0]), None);
        assert_eq!(m.violation(&[0.0, 1.0]), None);
        assert!(m.violation(&[0.0, 0.5]).unwrap().starts_with("row 0"));
        assert!(m.violation(&[0.5, 0.5]).unwrap().starts_with("integer column 0"));
        assert!(m.violation(&[1.0, 4.0]).unwrap().starts_with("column 1"));
        assert!(m.violation(&[1.0]).is_some());
        assert_eq!(m.objective(&[1.0]), None);
    }
}
