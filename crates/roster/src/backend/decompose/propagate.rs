//! Completing a labelled schedule without a MIP: bound propagation over one person's rows.
//!
//! Labelling chooses which assignment columns (options) a person works; the person's other
//! columns (work-day and weekend indicators, run starts, and the like) follow from them through
//! the person's rows. Fixing the options and propagating the rows' activity bounds settles
//! almost all of them; any left open is set to the bound its cost prefers and propagated in
//! turn. The result is checked against every row, so it is a schedule of the block or nothing:
//! when propagation cannot finish (a conflict, an unbounded column) the caller completes with
//! HiGHS as before. It costs microseconds where HiGHS's completion costs milliseconds.

/// Tolerance on row activities and bounds.
const TOLERANCE: f64 = 1e-6;

/// One block's rows, row-wise and column-wise, with their bounds.
pub(super) struct BlockRows {
    /// Row-wise entries: row `i` holds `entries[row_start[i]..row_start[i + 1]]`.
    row_start: Vec<usize>,
    entries: Vec<(usize, f64)>,
    /// Rows of each column.
    rows_of: Vec<Vec<usize>>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    integer: Vec<bool>,
}

impl BlockRows {
    /// The block of `columns` columns, given column-wise (`start`, `index`, `value`: HiGHS's
    /// layout), with row bounds and which columns are integer.
    pub(super) fn new(
        columns: usize,
        start: &[i32],
        index: &[i32],
        value: &[f64],
        row_lower: &[f64],
        row_upper: &[f64],
        integer: Vec<bool>,
    ) -> BlockRows {
        let rows = row_lower.len();
        let mut by_row: Vec<Vec<(usize, f64)>> = vec![Vec::new(); rows];
        let mut rows_of = vec![Vec::new(); columns];
        for j in 0..columns {
            let end = if j + 1 < columns { start[j + 1] as usize } else { index.len() };
            for k in start[j] as usize..end {
                let i = index[k] as usize;
                by_row[i].push((j, value[k]));
                rows_of[j].push(i);
            }
        }
        let mut row_start = Vec::with_capacity(rows + 1);
        let mut entries = Vec::with_capacity(index.len());
        for row in by_row {
            row_start.push(entries.len());
            entries.extend(row);
        }
        row_start.push(entries.len());
        BlockRows { row_start, entries, rows_of, row_lower: row_lower.to_vec(), row_upper: row_upper.to_vec(), integer }
    }

    /// The block's columns within bounds `lower`/`upper` (options already fixed there), the rest
    /// settled by propagation and, where still open, at the bound `cost` prefers: the objective
    /// at `cost` and the values, if every row holds; `None` when propagation cannot finish.
    pub(super) fn fill(&self, lower: &[f64], upper: &[f64], cost: &[f64]) -> Option<(f64, Vec<f64>)> {
        let (mut lo, mut up) = (lower.to_vec(), upper.to_vec());
        let mut queued = vec![false; self.row_lower.len()];
        let mut queue: Vec<usize> = (0..self.row_lower.len()).collect();
        queued.iter_mut().for_each(|q| *q = true);
        self.propagate(&mut lo, &mut up, &mut queue, &mut queued)?;
        for j in 0..lo.len() {
            if up[j] - lo[j] <= TOLERANCE {
                continue;
            }
            let v = if cost[j] < 0.0 { up[j] } else { lo[j] };
            if !v.is_finite() {
                return None;
            }
            (lo[j], up[j]) = (v, v);
            for &i in &self.rows_of[j] {
                if !queued[i] {
                    queued[i] = true;
                    queue.push(i);
                }
            }
            self.propagate(&mut lo, &mut up, &mut queue, &mut queued)?;
        }
        for i in 0..self.row_lower.len() {
            let activity: f64 = self.row(i).iter().map(|&(j, a)| a * lo[j]).sum();
            if activity < self.row_lower[i] - TOLERANCE || activity > self.row_upper[i] + TOLERANCE {
                return None;
            }
        }
        let objective = lo.iter().zip(cost).map(|(x, c)| x * c).sum();
        Some((objective, lo))
    }

    fn row(&self, i: usize) -> &[(usize, f64)] {
        &self.entries[self.row_start[i]..self.row_start[i + 1]]
    }

    /// Tightens `lo`/`up` from the rows in `queue` until nothing changes: `None` on a conflict
    /// (or when the work passes a generous cap, which should not happen on a block's rows).
    fn propagate(&self, lo: &mut [f64], up: &mut [f64], queue: &mut Vec<usize>, queued: &mut [bool]) -> Option<()> {
        let mut budget = 64 * (self.entries.len() + self.row_lower.len()) + 1024;
        while let Some(i) = queue.pop() {
            queued[i] = false;
            let row = self.row(i);
            budget = budget.checked_sub(row.len() + 1)?;
            // Least and most activity, counting the infinite contributions apart.
            let (mut least, mut most, mut least_inf, mut most_inf) = (0.0, 0.0, 0usize, 0usize);
            for &(j, a) in row {
                let (small, large) = if a > 0.0 { (a * lo[j], a * up[j]) } else { (a * up[j], a * lo[j]) };
                if small.is_finite() {
                    least += small
                } else {
                    least_inf += 1
                }
                if large.is_finite() {
                    most += large
                } else {
                    most_inf += 1
                }
            }
            let (row_lower, row_upper) = (self.row_lower[i], self.row_upper[i]);
            if (least_inf == 0 && least > row_upper + TOLERANCE) || (most_inf == 0 && most < row_lower - TOLERANCE) {
                return None;
            }
            for &(j, a) in row {
                let (small, large) = if a > 0.0 { (a * lo[j], a * up[j]) } else { (a * up[j], a * lo[j]) };
                // The others' least and most activity.
                let others_least = match (least_inf, small.is_finite()) {
                    (0, _) => least - small,
                    (1, false) => least,
                    _ => f64::NEG_INFINITY,
                };
                let others_most = match (most_inf, large.is_finite()) {
                    (0, _) => most - large,
                    (1, false) => most,
                    _ => f64::INFINITY,
                };
                // a x <= row_upper - others_least and a x >= row_lower - others_most.
                let (mut new_lo, mut new_up) = (lo[j], up[j]);
                let (top, bottom) = (row_upper - others_least, row_lower - others_most);
                if a > 0.0 {
                    new_up = new_up.min(top / a);
                    new_lo = new_lo.max(bottom / a);
                } else {
                    new_lo = new_lo.max(top / a);
                    new_up = new_up.min(bottom / a);
                }
                if self.integer[j] {
                    new_lo = (new_lo - TOLERANCE).ceil();
                    new_up = (new_up + TOLERANCE).floor();
                }
                if new_lo > new_up + TOLERANCE {
                    return None;
                }
                let tighter = new_lo > lo[j] + TOLERANCE || new_up < up[j] - TOLERANCE;
                if tighter {
                    lo[j] = new_lo.max(lo[j]);
                    up[j] = new_up.min(up[j]).max(lo[j]);
                    for &r in &self.rows_of[j] {
                        if r != i && !queued[r] {
                            queued[r] = true;
                            queue.push(r);
                        }
                    }
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A weekend indicator w of two days' work x1, x2: w >= x1, w >= x2, w <= x1 + x2, and a
    /// cap x1 + x2 + w <= 2 (at most one day when the weekend is worked).
    fn weekend() -> BlockRows {
        // Columns x1, x2, w; rows: x1 - w <= 0, x2 - w <= 0, w - x1 - x2 <= 0, x1 + x2 + w <= 2.
        let start = [0, 3, 6];
        let index = [0, 2, 3, 1, 2, 3, 0, 1, 2, 3];
        let value = [1.0, -1.0, 1.0, 1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0];
        let inf = f64::INFINITY;
        BlockRows::new(3, &start, &index, &value, &[-inf, -inf, -inf, -inf], &[0.0, 0.0, 0.0, 2.0], vec![true; 3])
    }

    #[test]
    fn the_indicator_follows_the_days_worked() {
        let rows = weekend();
        // One day worked: w is forced to 1 although it costs 5.
        let (objective, x) = rows.fill(&[1.0, 0.0, 0.0], &[1.0, 0.0, 1.0], &[2.0, 3.0, 5.0]).unwrap();
        assert_eq!(x, vec![1.0, 0.0, 1.0]);
        assert_eq!(objective, 7.0);
        // No day worked: w is forced to 0 although it would pay -4.
        let (objective, x) = rows.fill(&[0.0, 0.0, 0.0], &[0.0, 0.0, 1.0], &[2.0, 3.0, -4.0]).unwrap();
        assert_eq!(x, vec![0.0, 0.0, 0.0]);
        assert_eq!(objective, 0.0);
    }

    #[test]
    fn a_schedule_the_rows_refuse_has_no_completion() {
        // Both days worked: the cap x1 + x2 + w <= 2 with w = 1 is broken.
        assert!(weekend().fill(&[1.0, 1.0, 0.0], &[1.0, 1.0, 1.0], &[0.0; 3]).is_none());
    }

    #[test]
    fn an_open_column_takes_the_bound_its_cost_prefers() {
        // One column y in [0, 3] in a row y >= 1 only: [1, 3] after propagation.
        let rows = BlockRows::new(1, &[0], &[0], &[1.0], &[1.0], &[f64::INFINITY], vec![false]);
        assert_eq!(rows.fill(&[0.0], &[3.0], &[-1.0]).unwrap(), (-3.0, vec![3.0]));
        assert_eq!(rows.fill(&[0.0], &[3.0], &[1.0]).unwrap(), (1.0, vec![1.0]));
        // Unbounded in the direction its cost prefers: no completion here.
        assert!(rows.fill(&[0.0], &[f64::INFINITY], &[-1.0]).is_none());
    }
}
