//! A sweep plan: the base scenario, the axes (hires of a profile, or departures of holders of a
//! competence, each over a range of counts), the staff removed at every point, the grid of
//! points, and the scenario of each point. Also the command-line syntax of ranges
//! (`0..10`, `0..4:2`, `3`), of axes (`PROFILE=RANGE`) and of shards (`K/N`).

use crate::profile::Profile;
use crate::WhatifError;
use roster::error::InputError;
use roster::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Most values one axis may take.
pub const MAX_AXIS_VALUES: usize = 1000;
/// Most points one sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// The counts `from..=to` by `step`, parsed from `A..B`, `A..B:S` or a single `N`.
///
/// ```
/// assert_eq!(roster_whatif::plan::parse_range("0..4:2"), Ok(vec![0, 2, 4]));
/// assert_eq!(roster_whatif::plan::parse_range("3"), Ok(vec![3]));
/// assert!(roster_whatif::plan::parse_range("4..2").is_err());
/// ```
pub fn parse_range(text: &str) -> Result<Vec<u32>, String> {
    let text = text.trim();
    let expected = "expected a count N, a range A..B (both included) or A..B:STEP, e.g. 0..10 or 0..4:2";
    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("{expected}; {s:?} is not a whole number >= 0"));
    let Some((from, rest)) = text.split_once("..") else {
        return Ok(vec![number(text)?]);
    };
    let (to, step) = match rest.split_once(':') {
        Some((to, step)) => (to, number(step)?),
        None => (rest, 1),
    };
    let (from, to) = (number(from)?, number(to.trim_start_matches('='))?);
    if from > to {
        return Err(format!("{expected}; the range {text:?} runs backwards ({from} > {to})"));
    }
    if step == 0 {
        return Err(format!("{expected}; the step must be at least 1"));
    }
    if (to - from) % step != 0 {
        let below = to - (to - from) % step;
        return Err(format!(
            "the range {text:?} does not reach {to} in steps of {step} from {from} (try {from}..{below}:{step} or {from}..{}:{step})",
            below + step
        ));
    }
    let values: Vec<u32> = (from..=to).step_by(step as usize).collect();
    if values.len() > MAX_AXIS_VALUES {
        return Err(format!("the range {text:?} has {} values; at most {MAX_AXIS_VALUES} per axis", values.len()));
    }
    Ok(values)
}

/// Splits `NAME=RANGE` (an `--add` or `--remove` argument) into the name and its counts.
pub fn parse_axis(text: &str) -> Result<(String, Vec<u32>), String> {
    let Some((name, range)) = text.split_once('=') else {
        return Err(format!("expected NAME=RANGE such as rn=0..10 or icu=0..4:2, got {text:?}"));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("expected NAME=RANGE with a name before '=', got {text:?}"));
    }
    let values = parse_range(range).map_err(|e| format!("{text:?}: {e}"))?;
    Ok((name.to_string(), values))
}

/// One shard `K/N` (1-based, `1 <= K <= N`): the points whose number `i` (0-based) has
/// `i % N == K - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: usize,
    /// How many shards.
    pub count: usize,
}

impl Shard {
    /// Whether point `point` belongs to this shard.
    pub fn holds(&self, point: usize) -> bool {
        point % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("expected a shard K/N with 1 <= K <= N (e.g. 2/4), got {text:?}");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) =
            (k.trim().parse::<usize>().map_err(|_| bad())?, n.trim().parse::<usize>().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// Whether an axis adds hires or removes staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AxisKind {
    /// Adds copies of a profile.
    Add,
    /// Removes holders of a competence: the last ones in the scenario's staff order.
    Remove,
}

/// One dimension of the sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// Add or remove.
    pub kind: AxisKind,
    /// Profile id (add) or competence id (remove).
    pub name: String,
    /// The counts swept, ascending.
    pub values: Vec<u32>,
    /// What one hire costs over the horizon (add; 0 for remove).
    pub cost_per_hire: f64,
}

impl Axis {
    /// Column-friendly key: `add_ID` or `remove_ID`.
    pub fn key(&self) -> String {
        match self.kind {
            AxisKind::Add => format!("add_{}", self.name),
            AxisKind::Remove => format!("remove_{}", self.name),
        }
    }

    /// Change in pool size at `count`: `+count` for hires, `-count` for departures.
    pub fn signed(&self, count: u32) -> i64 {
        match self.kind {
            AxisKind::Add => i64::from(count),
            AxisKind::Remove => -i64::from(count),
        }
    }
}

/// What the results of a sweep were computed from: equal summaries mean shard outputs can be merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Scenario name.
    pub scenario: String,
    /// Staff in the base scenario (after the fixed removals).
    pub staff: usize,
    /// Vacancies in the scenario.
    pub vacancies: usize,
    /// Days in the horizon.
    pub days: i64,
    /// Competence ids, in scenario order.
    pub competences: Vec<String>,
    /// The axes.
    pub axes: Vec<Axis>,
    /// Staff ids removed at every point.
    pub removed: Vec<String>,
    /// The profiles of the add axes, as JSON.
    pub profiles: Vec<serde_json::Value>,
    /// Number of points in the whole grid.
    pub points: usize,
}

/// A validated sweep: the base scenario, the axes and the grid of points.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The scenario with the fixed removals applied.
    pub base: Scenario,
    /// The axes, in command-line order.
    pub axes: Vec<Axis>,
    /// The profile of each axis (`None` for remove axes).
    pub profiles: Vec<Option<Profile>>,
    /// Staff ids removed at every point.
    pub removed: Vec<String>,
    /// Days in the horizon.
    pub days: i64,
}

/// A requested axis before validation.
#[derive(Debug, Clone)]
pub struct AxisRequest {
    /// Add or remove.
    pub kind: AxisKind,
    /// Profile id (add) or competence id (remove).
    pub name: String,
    /// Counts, ascending.
    pub values: Vec<u32>,
}

impl Plan {
    /// Validates a sweep of `scenario`: every profile named by an add axis is in `profiles`
    /// (a profiles file's, then the built-in defaults), every remove axis names a competence with
    /// enough holders, every fixed removal names a staff member, and the scenario itself is valid.
    pub fn new(
        scenario: Scenario,
        profiles: &[Profile],
        axes: Vec<AxisRequest>,
        removed: Vec<String>,
    ) -> Result<Plan, WhatifError> {
        if let Err(errors) = roster::Instance::from_scenario(&scenario) {
            return Err(WhatifError::Invalid { what: "the scenario".into(), errors });
        }
        let days = (scenario.horizon.end - scenario.horizon.start).num_days();
        let mut base = scenario;
        for id in &removed {
            let Some(at) = base.staff.iter().position(|s| &s.id == id) else {
                let known: Vec<&str> = base.staff.iter().take(8).map(|s| s.id.as_str()).collect();
                return Err(WhatifError::Usage(format!(
                    "--remove {id}: no staff member has id {id:?} (the first ids: {}; to remove holders of a competence write COMPETENCE=RANGE)",
                    known.join(", ")
                )));
            };
            base.staff.remove(at);
        }
        if axes.is_empty() {
            return Err(WhatifError::Usage(
                "expected at least one axis: --add PROFILE=RANGE or --remove COMPETENCE=RANGE".into(),
            ));
        }
        let mut plan_axes = Vec::new();
        let mut plan_profiles = Vec::new();
        for request in axes {
            if plan_axes.iter().any(|a: &Axis| a.kind == request.kind && a.name == request.name) {
                return Err(WhatifError::Usage(format!("the axis {} is given twice", request.name)));
            }
            let (profile, cost) = match request.kind {
                AxisKind::Add => {
                    let Some(p) = profiles.iter().find(|p| p.id == request.name) else {
                        let known: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
                        return Err(WhatifError::Usage(format!(
                            "--add {}: unknown profile {:?} (known: {})",
                            request.name,
                            request.name,
                            known.join(", ")
                        )));
                    };
                    (Some(p.clone()), p.cost_over(days))
                }
                AxisKind::Remove => {
                    if !base.competences.iter().any(|c| c.id == request.name) {
                        let known: Vec<&str> = base.competences.iter().map(|c| c.id.as_str()).collect();
                        return Err(WhatifError::Usage(format!(
                            "--remove {}: unknown competence {:?} (known: {}; a single staff id takes no range)",
                            request.name,
                            request.name,
                            known.join(", ")
                        )));
                    }
                    (None, 0.0)
                }
            };
            plan_axes.push(Axis {
                kind: request.kind,
                name: request.name,
                values: request.values,
                cost_per_hire: cost,
            });
            plan_profiles.push(profile);
        }
        let plan = Plan { base, axes: plan_axes, profiles: plan_profiles, removed, days };
        let points = plan.axes.iter().try_fold(1usize, |n, a| n.checked_mul(a.values.len()));
        if !matches!(points, Some(n) if n <= MAX_POINTS) {
            return Err(WhatifError::Usage(format!("the sweep has more than {MAX_POINTS} points; narrow the ranges")));
        }
        let issues = roster::check::booking_violations(
            &roster::Instance::from_scenario(&plan.base)
                .map_err(|errors| WhatifError::Invalid { what: "the scenario".into(), errors })?,
        );
        if !issues.is_empty() {
            return Err(WhatifError::Usage(format!(
                "bookings already break hard rules ({} violations, e.g. {}); no roster can be valid",
                issues.len(),
                issues[0]
            )));
        }
        // The largest point removes the most holders and adds the most hires: if it can be
        // built, every point can.
        let largest: Vec<u32> = plan.axes.iter().map(|a| *a.values.last().unwrap_or(&0)).collect();
        plan.scenario_at(&largest)?;
        Ok(plan)
    }

    /// Number of points in the grid.
    pub fn point_count(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    /// The counts of point `index` (row-major: the last axis varies fastest).
    pub fn counts(&self, index: usize) -> Vec<u32> {
        grid_counts(&self.axes, index)
    }

    /// The number of the point with `counts`, if it is in the grid.
    pub fn index_of(&self, counts: &[u32]) -> Option<usize> {
        let mut index = 0;
        for (axis, count) in self.axes.iter().zip(counts) {
            index = index * axis.values.len() + axis.values.iter().position(|v| v == count)?;
        }
        Some(index)
    }

    /// A point for people: `add_rn=2, remove_icu=1`.
    pub fn label(&self, counts: &[u32]) -> String {
        label(&self.axes, counts)
    }

    /// The point numbers of `shard` (all points without one), ascending.
    pub fn points_in(&self, shard: Option<Shard>) -> Vec<usize> {
        (0..self.point_count()).filter(|&i| shard.map_or(true, |s| s.holds(i))).collect()
    }

    /// The id of hire `copy` (1-based) of profile `profile`.
    pub fn hire_id(profile: &str, copy: u32) -> String {
        format!("new-{profile}-{copy}")
    }

    /// The scenario at `counts`: departures first (the last holders of each competence in staff
    /// order), then the hires, appended with ids `new-PROFILE-N`. Also returns the hire cost of
    /// the point.
    pub fn scenario_at(&self, counts: &[u32]) -> Result<(Scenario, f64), WhatifError> {
        let mut scenario = self.base.clone();
        let mut hire_cost = 0.0;
        // Departures before hires, whatever the order of the axes: a departure never removes a hire.
        let mut ordered: Vec<((&Axis, &Option<Profile>), &u32)> =
            self.axes.iter().zip(&self.profiles).zip(counts).collect();
        ordered.sort_by_key(|((axis, _), _)| axis.kind == AxisKind::Add);
        for ((axis, profile), &count) in ordered {
            match (axis.kind, profile) {
                (AxisKind::Remove, _) => {
                    for _ in 0..count {
                        let Some(at) = scenario.staff.iter().rposition(|s| s.competences.contains(&axis.name)) else {
                            return Err(WhatifError::Usage(format!(
                                "--remove {}={}: the pool has fewer holders of {} than that",
                                axis.name, count, axis.name
                            )));
                        };
                        scenario.staff.remove(at);
                    }
                }
                (AxisKind::Add, Some(profile)) => {
                    for copy in 1..=count {
                        let id = Plan::hire_id(&profile.id, copy);
                        if self.base.staff.iter().any(|s| s.id == id) {
                            return Err(WhatifError::Usage(format!(
                                "--add {}: the hire id {id:?} is already a staff id of the scenario",
                                profile.id
                            )));
                        }
                        scenario.staff.push(profile.staff(id, copy));
                    }
                    hire_cost += axis.cost_per_hire * f64::from(count);
                }
                (AxisKind::Add, None) => unreachable!("add axes carry their profile"),
            }
        }
        Ok((scenario, hire_cost))
    }

    /// What the results are computed from (for merging shard outputs).
    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            scenario: self.base.name.clone(),
            staff: self.base.staff.len(),
            vacancies: self.base.vacancies.len(),
            days: self.days,
            competences: self.base.competences.iter().map(|c| c.id.clone()).collect(),
            axes: self.axes.clone(),
            removed: self.removed.clone(),
            profiles: self.profiles.iter().flatten().filter_map(|p| serde_json::to_value(p).ok()).collect(),
            points: self.point_count(),
        }
    }
}

/// A point for people: `add_rn=2, remove_icu=1`.
pub fn label(axes: &[Axis], counts: &[u32]) -> String {
    axes.iter().zip(counts).map(|(a, c)| format!("{}={c}", a.key())).collect::<Vec<_>>().join(", ")
}

/// The counts of point `index` of the grid of `axes` (row-major: the last axis varies fastest).
pub fn grid_counts(axes: &[Axis], index: usize) -> Vec<u32> {
    let mut rest = index;
    let mut counts = vec![0; axes.len()];
    for (i, axis) in axes.iter().enumerate().rev() {
        counts[i] = axis.values[rest % axis.values.len()];
        rest /= axis.values.len();
    }
    counts
}

/// Pool size by competence: how many staff hold each competence (someone holding two counts in both).
pub fn pool_by_competence(scenario: &Scenario, member: impl Fn(usize) -> bool) -> BTreeMap<String, usize> {
    scenario
        .competences
        .iter()
        .map(|c| {
            let n =
                scenario.staff.iter().enumerate().filter(|(i, s)| member(*i) && s.competences.contains(&c.id)).count();
            (c.id.clone(), n)
        })
        .collect()
}

/// Wraps input errors of a generated point scenario with the point's label.
pub(crate) fn point_invalid(label: &str, errors: Vec<InputError>) -> WhatifError {
    WhatifError::Invalid { what: format!("the scenario at point {label}"), errors }
}
